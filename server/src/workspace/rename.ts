// Rename across the workspace: the confirmed references of the declaration (import lists included),
// after checking the new name: an identifier, not a reserved word, and not already declared where the
// renamed symbol lives or bound at the top of any file the edit touches.
import { RESERVED } from '../language/keywords';
import { Field, STRIDE, SymbolFlag } from '../language/summary';
import { findReferences, type Occurrence } from './references';
import type { Resolver } from './resolver';
import type { SourceView } from './views';

export class RenameError extends Error {
  override name = 'RenameError';
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkNewName(newName: string): void {
  if (!IDENT.test(newName)) throw new RenameError(`'${newName}' is not a valid Simple identifier`);
  if (RESERVED.has(newName)) throw new RenameError(`'${newName}' is a reserved word in Simple`);
}

export interface RenamePlan {
  oldName: string;
  edits: Occurrence[];
}

export async function planRename(
  resolver: Resolver,
  view: SourceView,
  offset: number,
  newName: string,
  options: { signal?: AbortSignal; openPaths?: readonly string[] } = {},
): Promise<RenamePlan> {
  checkNewName(newName);
  const search = await findReferences(resolver, view, offset, options);
  if (!search) throw new RenameError('nothing to rename here: the name does not resolve to a declaration');
  if (search.targets.some((t) => t.module))
    throw new RenameError('renaming a module means renaming its file');
  if (search.name === newName) return { oldName: search.name, edits: [] };
  const views = resolver.views;
  for (const target of search.targets) {
    if (!target.decl) continue;
    const { view: tv, index } = target.decl;
    const s = tv.summary;
    const container = s.symbols[index * STRIDE + Field.Container];
    for (let i = 0; i < s.names.length; i++) {
      if (s.names[i] === newName && s.symbols[i * STRIDE + Field.Container] === container)
        throw new RenameError(
          `'${newName}' is already declared ${container < 0 ? 'in this module' : `in ${s.names[container]}`} (${tv.rel}:${s.symbols[i * STRIDE + Field.NameLine] + 1})`,
        );
    }
  }
  const topLevelTarget = search.targets.some(
    (t) => t.decl && t.decl.view.summary.symbols[t.decl.index * STRIDE + Field.Flags] & SymbolFlag.TopLevel,
  );
  const touched = new Set(search.occurrences.map((o) => o.path));
  for (const path of touched) {
    const v = views.byPath(path);
    if (!v) continue;
    if (topLevelTarget && bindsAtTop(v, newName))
      throw new RenameError(`'${newName}' is already declared or imported at the top of ${v.rel}`);
    if (!topLevelTarget) {
      // A local: the new name must not already mean something where the references are.
      const clash = new RegExp(`(?<![A-Za-z0-9_])${newName}(?![A-Za-z0-9_])`).exec(v.text());
      if (clash && resolver.at(v, clash.index)?.places.length)
        throw new RenameError(
          `'${newName}' is already used in ${v.rel}:${lineNumber(v.text(), clash.index)}`,
        );
    }
  }
  return { oldName: search.name, edits: search.occurrences.filter((o) => !o.alias) };
}

function bindsAtTop(view: SourceView, name: string): boolean {
  const s = view.summary;
  for (let i = 0; i < s.names.length; i++)
    if (s.names[i] === name && s.symbols[i * STRIDE + Field.Flags] & SymbolFlag.TopLevel) return true;
  return s.imports.some(
    (imp) =>
      imp.items.some((it) => (it.alias ?? it.name) === name) ||
      (imp.items.length === 0 && !imp.glob && (imp.alias ?? imp.path[imp.path.length - 1]) === name),
  );
}

function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
