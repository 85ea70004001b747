// Code actions one file can compute: remove unused imports (one, or all of the file), organize the `use`
// lists, and fix a misspelled name to the closest one in scope. Each action is a set of edits to the file
// and the lint diagnostics it answers. The workspace adds "import the missing name" and confirms names
// are really undefined (workspace/code-actions.ts).
import { removeImportItems, organizeImports } from './import-cleanup';
import type { TextEditInfo } from './import-edit';
import type { LintDiagnostic } from './lint';
import { closestName, namesInScopeAt, type UnresolvedName } from './name-fix';
import type { TextSpan } from './syntax';
import type { ParseResult } from './types';

export type ActionKind = 'quickfix' | 'organizeImports';

export interface ActionInfo {
  title: string;
  kind: ActionKind;
  /** Edits to the file the action was asked for, non-overlapping. */
  edits: TextEditInfo[];
  /** The lint diagnostics the action resolves. */
  fixes: LintDiagnostic[];
  preferred?: boolean;
}

/** Unused-import fixes for diagnostics touching `span`, "remove all" when the file has several. */
export function unusedImportActions(
  result: ParseResult,
  span: TextSpan,
  lints: LintDiagnostic[],
): ActionInfo[] {
  const unused = lints.filter((d) => d.code === 'unused-import' && d.item);
  const out: ActionInfo[] = [];
  for (const d of unused) {
    if (d.end < span.start || d.start > span.end) continue;
    const edits = removeImportItems(result, [d.item!.start]);
    if (edits.length === 0) continue;
    const name = /'([^']*)'/.exec(d.message)?.[1] ?? result.text.slice(d.start, d.end);
    out.push({
      title: `Remove unused import '${name}'`,
      kind: 'quickfix',
      edits,
      fixes: [d],
      preferred: true,
    });
  }
  if (unused.length > 1 && out.length > 0) {
    const edits = removeImportItems(
      result,
      unused.map((d) => d.item!.start),
    );
    if (edits.length > 0)
      out.push({ title: 'Remove all unused imports', kind: 'quickfix', edits, fixes: unused });
  }
  return out;
}

/** Sort and deduplicate every `use` list of the file; undefined when they already are. */
export function organizeImportsAction(result: ParseResult): ActionInfo | undefined {
  const edits = organizeImports(result);
  return edits.length > 0
    ? { title: 'Organize imports', kind: 'organizeImports', edits, fixes: [] }
    : undefined;
}

/**
 * "Change 'x' to 'y'" for an undefined name, when one name in scope is a clear best match. `more`: names
 * visible from elsewhere (what glob imports provide), which compete on equal terms.
 */
export function spellingAction(
  result: ParseResult,
  name: UnresolvedName,
  more: readonly string[] = [],
): ActionInfo | undefined {
  const fix = closestName(name.name, new Set([...namesInScopeAt(result, name), ...more]));
  if (fix === undefined) return undefined;
  return {
    title: `Change '${name.name}' to '${fix}'`,
    kind: 'quickfix',
    edits: [{ start: name.start, end: name.end, newText: fix }],
    fixes: [],
  };
}
