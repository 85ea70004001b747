// Code actions with the workspace: for a name nothing binds (the resolver, glob imports included, finds
// nothing), "import it from m" for each module whose top-level declaration of that name imports back to
// it — only when there are a few such modules — else a spelling fix to the closest name in scope when no
// module declares the name at all. Then the file's own actions (language/code-actions.ts).
import {
  type ActionInfo,
  organizeImportsAction,
  spellingAction,
  unusedImportActions,
} from '../language/code-actions';
import { importEdit, type TextEditInfo } from '../language/import-edit';
import { resolveAll } from '../language/model';
import { buildOutline } from '../language/outline';
import type { LintDiagnostic } from '../language/lint';
import { closestName, unresolvedNamesAt } from '../language/name-fix';
import { Field, kindOf, field, SymbolFlag } from '../language/summary';
import type { TextSpan } from '../language/syntax';
import { type ParseResult, SymbolKind } from '../language/types';
import { importPathOf } from './import-path';
import { missingImportedNames } from './import-check';
import { type Resolver, toSummaryImport } from './resolver';
import { refFile, refIndex } from './symbol-index';
import type { SourceView, Views } from './views';

/** More modules than this declaring a name: the name is too common to guess an import. */
export const MAX_IMPORT_CANDIDATES = 5;

const TYPE_KINDS = new Set([
  SymbolKind.Class,
  SymbolKind.Struct,
  SymbolKind.Enum,
  SymbolKind.Trait,
  SymbolKind.TypeAlias,
]);
const NOT_IMPORTABLE = new Set([SymbolKind.Impl, SymbolKind.TestSuite, SymbolKind.TestCase]);

export interface ActionOptions {
  /** Only these kinds are wanted (the client's `context.only`); all when absent. */
  only?: ReadonlySet<ActionInfo['kind']>;
}

/** The workspace side: undefined for a file outside any workspace, `indexing` while names are not known. */
export type ActionWorkspace = { views: Views; resolver: Resolver; view: SourceView } | 'indexing' | undefined;

/** Actions for `span` of a file (its parse and lint diagnostics). */
export function codeActions(
  result: ParseResult,
  span: TextSpan,
  lints: LintDiagnostic[],
  ws: ActionWorkspace,
  options: ActionOptions = {},
): ActionInfo[] {
  const wants = (k: ActionInfo['kind']): boolean => !options.only || options.only.has(k);
  const out: ActionInfo[] = [];
  if (wants('quickfix')) {
    if (ws !== 'indexing') out.push(...nameActions(result, span, ws));
    if (ws && ws !== 'indexing') out.push(...importedNameFixes(result, span, ws));
    out.push(...unusedImportActions(result, span, lints));
  }
  if (wants('organizeImports')) {
    const organize = organizeImportsAction(result);
    if (organize) out.push(organize);
  }
  return out;
}

function nameActions(
  result: ParseResult,
  span: TextSpan,
  ws: Exclude<ActionWorkspace, 'indexing'>,
): ActionInfo[] {
  const out: ActionInfo[] = [];
  let globs: boolean | undefined;
  for (const name of unresolvedNamesAt(result, span)) {
    if (ws) {
      const { views, resolver, view } = ws;
      if ((resolver.at(view, name.start)?.places.length ?? 0) > 0) continue;
      const modules = declaringModules(views, view, name.name, name.inType);
      if (modules === undefined) continue; // too many to guess
      for (const module of modules) {
        const edit = importEdit(result, module.split('.'), name.name);
        if (edit)
          out.push({
            title: `Import '${name.name}' from ${module}`,
            kind: 'quickfix',
            edits: [edit],
            fixes: [],
            preferred: modules.length === 1,
          });
      }
      if (modules.length > 0 || declaredAnywhere(views, name.name)) continue;
    } else if ((globs ??= buildOutline(result).imports.some((i) => i.glob))) continue; // we cannot tell
    const fix = spellingAction(result, name, ws ? globNames(ws.views, ws.view) : []);
    if (fix) out.push(fix);
  }
  return out;
}

/**
 * `use geo.{Pont}` where geo certainly has no `Pont` (the missing-import-name check): change it to the
 * closest name the module declares at top level or re-exports by name, and the file's uses with it
 * (unless the item has an alias).
 */
function importedNameFixes(
  result: ParseResult,
  span: TextSpan,
  ws: { views: Views; resolver: Resolver; view: SourceView },
): ActionInfo[] {
  const out: ActionInfo[] = [];
  const { views, resolver, view } = ws;
  let bindings: ReturnType<typeof resolveAll> | undefined;
  for (const missing of missingImportedNames(resolver, view)) {
    const item = missing.item;
    if (item.span.end < span.start || item.span.start > span.end || item.name.includes('.')) continue;
    const imp = view.outline().imports.find((i) => i.items.some((it) => it.span.start === item.span.start));
    if (!imp) continue;
    const files = views.workspace.graph.resolve(view, toSummaryImport(imp)).files;
    const provided = files.flatMap((id) => {
      const target = views.byId(id);
      return target ? providedNames(target) : [];
    });
    const fix = closestName(item.name, provided);
    if (fix === undefined) continue;
    const nameSpan = { start: item.span.start, end: item.span.start + item.name.length };
    const edits: TextEditInfo[] = [{ ...nameSpan, newText: fix }];
    if (item.alias === undefined) {
      bindings ??= resolveAll(result);
      for (const [use, decl] of bindings.target)
        if (use !== decl && decl.start === nameSpan.start)
          edits.push({ start: use.start, end: use.end, newText: fix });
    }
    const diagnostic: LintDiagnostic = {
      start: item.span.start,
      end: item.span.end,
      severity: 'error',
      code: 'missing-import-name',
      message: missing.message,
    };
    out.push({
      title: `Change '${item.name}' to '${fix}'`,
      kind: 'quickfix',
      edits,
      fixes: [diagnostic],
      preferred: true,
    });
  }
  return out;
}

/** Names the file's glob imports provide (top-level names and named re-exports of those modules). */
function globNames(views: Views, view: SourceView): string[] {
  const out: string[] = [];
  for (const imp of view.summary.imports) {
    if (!imp.glob) continue;
    for (const id of views.workspace.graph.resolve(view, imp).files) {
      const target = views.byId(id);
      if (target) out.push(...providedNames(target));
    }
  }
  return out;
}

/** Names a module provides by name: its top-level declarations and the items it re-exports. */
function providedNames(view: SourceView): string[] {
  const s = view.summary;
  const out: string[] = [];
  for (let i = 0; i < s.names.length; i++)
    if (field(s, i, Field.Flags) & SymbolFlag.TopLevel && !NOT_IMPORTABLE.has(kindOf(s, i)))
      out.push(s.names[i]);
  for (const imp of s.imports) if (imp.reexport) for (const it of imp.items) out.push(it.alias ?? it.name);
  return out;
}

/** Import paths of the modules declaring `name` at top level, or undefined when there are too many. */
function declaringModules(
  views: Views,
  view: SourceView,
  name: string,
  typeOnly: boolean,
): string[] | undefined {
  const index = views.workspace.index;
  const modules = new Set<string>();
  for (const ref of index.named(name)) {
    const file = index.file(refFile(ref));
    if (!file || file.id === view.id || file.root !== view.root) continue;
    const i = refIndex(ref);
    const kind = kindOf(file.summary, i);
    if (!(field(file.summary, i, Field.Flags) & SymbolFlag.TopLevel) || NOT_IMPORTABLE.has(kind)) continue;
    if (typeOnly && !TYPE_KINDS.has(kind)) continue;
    const module = importPathOf(views, view, file.id, file.rel);
    if (module) modules.add(module);
    if (modules.size > MAX_IMPORT_CANDIDATES) return undefined;
  }
  return [...modules].sort();
}

/** Some file of the workspace declares `name` at top level: not a misspelling, whatever it is. */
function declaredAnywhere(views: Views, name: string): boolean {
  const index = views.workspace.index;
  return index.named(name).some((ref) => {
    const file = index.file(refFile(ref));
    return (
      file !== undefined && (field(file.summary, refIndex(ref), Field.Flags) & SymbolFlag.TopLevel) !== 0
    );
  });
}
