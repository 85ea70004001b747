// Rename across the workspace: the confirmed references of the declaration (import lists included),
// after checking the new name: an identifier, not a reserved word, and not already declared where the
// renamed symbol lives or bound at the top of any file the edit touches.
import { parse } from '../language';
import { RESERVED } from '../language/keywords';
import { Field, lineOf, lineStarts, field, SymbolFlag } from '../language/summary';
import type { ParseResult } from '../language/types';
import { missingImportedNames } from './import-check';
import { unresolvedImports } from './module-graph';
import { findReferences, type Occurrence } from './references';
import { type Place, placeKey, Resolver } from './resolver';
import { type Overlay, type SourceView, Views } from './views';

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
    const container = field(s, index, Field.Container);
    for (let i = 0; i < s.names.length; i++) {
      if (s.names[i] === newName && field(s, i, Field.Container) === container)
        throw new RenameError(
          `'${newName}' is already declared ${container < 0 ? 'in this module' : `in ${s.names[container]}`} (${tv.rel}:${field(s, i, Field.NameLine) + 1})`,
        );
    }
  }
  const topLevelTarget = search.targets.some(
    (t) => t.decl && field(t.decl.view.summary, t.decl.index, Field.Flags) & SymbolFlag.TopLevel,
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
  const edits = search.occurrences.filter((o) => !o.alias);
  verifyRename(resolver, search.name, newName, search.targets, edits);
  return { oldName: search.name, edits };
}

/**
 * The last gate: apply the edits to an in-memory overlay of the touched files and resolve again. Every
 * edited name must still mean the renamed declaration; every name already spelled `newName` in a
 * touched file must mean what it meant before; and no import may become unresolved or missing.
 * Anything else refuses the rename with the place and the conflict.
 */
function verifyRename(
  resolver: Resolver,
  oldName: string,
  newName: string,
  targets: readonly Place[],
  edits: readonly Occurrence[],
): void {
  const views = resolver.views;
  const byPath = new Map<string, Occurrence[]>();
  for (const e of edits) {
    const list = byPath.get(e.path);
    if (list) list.push(e);
    else byPath.set(e.path, [e]);
  }
  const delta = newName.length - oldName.length;
  const before = new Map<string, { view: SourceView; text: string; starts: number[] }>();
  const after = new Map<string, { text: string; result?: ParseResult }>();
  /** An offset of the old text of `path` → the same place in the new text. */
  const shift = (path: string, offset: number): number => {
    const { starts } = before.get(path)!;
    let moved = offset;
    for (const e of byPath.get(path) ?? []) if (starts[e.line] + e.character < offset) moved += delta;
    return moved;
  };
  for (const [path, list] of byPath) {
    const view = views.byPath(path);
    if (!view) throw new RenameError(`cannot read ${path} to rename in it`);
    const text = view.text();
    const starts = lineStarts(text);
    before.set(path, { view, text, starts });
    let out = '';
    let at = 0;
    for (const e of [...list].sort((a, b) => a.line - b.line || a.character - b.character)) {
      const start = starts[e.line] + e.character;
      out += text.slice(at, start) + newName;
      at = start + (e.endCharacter - e.character);
    }
    after.set(path, { text: out + text.slice(at) });
  }
  const overlay: Overlay = (path) => {
    const changed = after.get(path);
    if (changed) return { text: changed.text, parse: () => (changed.result ??= parse(changed.text)) };
    return views.overlay(path);
  };
  const next = new Resolver(new Views(views.workspace, overlay));
  const where = (path: string, text: string, offset: number): string => {
    const v = before.get(path)?.view;
    return `${v?.rel ?? path}:${lineOf(lineStarts(text), offset) + 1}`;
  };
  const keyOf = (p: Place): string => placeKey(p);
  // The renamed declarations, where they will be (a name's start does not move on its own line).
  const wanted = new Set(targets.map(keyOf));
  for (const [path, list] of byPath) {
    const view = next.views.byPath(path)!;
    const { starts } = before.get(path)!;
    for (const e of list) {
      const offset = shift(path, starts[e.line] + e.character);
      const places = next.at(view, offset)?.places ?? [];
      const other = places.find((p) => !wanted.has(keyOf(shiftPlace(p, byPath, delta))));
      if (places.length === 0 || other) {
        const also = other
          ? `: it would also mean ${next.views.byPath(other.path)?.rel ?? other.path}:${other.line + 1}`
          : ': it would resolve to nothing';
        throw new RenameError(
          `renaming to '${newName}' would change what ${where(path, after.get(path)!.text, offset)} refers to${also}`,
        );
      }
    }
    // Names already spelled newName keep their meaning.
    const old = before.get(path)!;
    const word = new RegExp(`(?<![A-Za-z0-9_])${newName}(?![A-Za-z0-9_])`, 'g');
    for (let m = word.exec(old.text); m; m = word.exec(old.text)) {
      const was = (resolver.at(old.view, m.index)?.places ?? []).map(keyOf).sort().join('|');
      const offset = shift(path, m.index);
      const now = (next.at(view, offset)?.places ?? [])
        .map((p) => keyOf(shiftPlace(p, byPath, delta)))
        .sort()
        .join('|');
      if (was !== now)
        throw new RenameError(
          `'${newName}' at ${where(path, old.text, m.index)} would then refer to the renamed symbol instead`,
        );
    }
    // No import of a touched file may break.
    const oldView = old.view;
    const broken =
      unresolvedImports(next.views.workspace.graph, view, view.summary.imports).length +
      missingImportedNames(next, view).length;
    const was =
      unresolvedImports(resolver.views.workspace.graph, oldView, oldView.summary.imports).length +
      missingImportedNames(resolver, oldView).length;
    if (broken > was)
      throw new RenameError(`renaming to '${newName}' would break an import in ${oldView.rel}`);
  }
}

/** A place found in the new text, expressed in the old text's columns (to compare with old places). */
function shiftPlace(p: Place, byPath: Map<string, Occurrence[]>, delta: number): Place {
  const onLine = (byPath.get(p.path) ?? [])
    .filter((e) => e.line === p.line)
    .sort((a, b) => a.character - b.character);
  let character = p.character;
  onLine.forEach((e, k) => {
    if (p.character > e.character + k * delta) character -= delta;
  });
  return character === p.character
    ? p
    : { ...p, character, endCharacter: p.endCharacter - (p.character - character) };
}

function bindsAtTop(view: SourceView, name: string): boolean {
  const s = view.summary;
  for (let i = 0; i < s.names.length; i++)
    if (s.names[i] === name && field(s, i, Field.Flags) & SymbolFlag.TopLevel) return true;
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
