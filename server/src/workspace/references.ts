// Every reference to the declaration(s) under the cursor, across the workspace. Candidates come from
// the file store's native word scan (and a scan of the session's open texts); each is confirmed by
// resolving it, so a different symbol that happens to share the name is not reported.
import { oversizedParse, tooLargeToAnalyse } from '../language/limits';
import { parse } from '../language';
import { referenceAt } from '../language/model';
import { skeleton } from '../language/skeleton';
import { type ParseResult, SymbolKind } from '../language/types';
import { Field, type FileSummary, kindOf, lineOf, lineStarts, field, SymbolFlag } from '../language/summary';
import { memberTargets } from '../types';

import { mayContain } from '../language/word-filter';
import { type Place, placeKey, type Resolver } from './resolver';
import type { IndexedFile } from './symbol-index';
import { type SourceView, withParse } from './views';
import type { Workspace } from './workspace';

export interface Occurrence {
  path: string;
  line: number;
  character: number;
  endCharacter: number;
  /** True for the declaration itself. */
  declaration: boolean;
  /** A use through an import alias (its text is the alias, not the declared name). */
  alias?: boolean;
}

export interface ReferenceSearch {
  name: string;
  targets: Place[];
  occurrences: Occurrence[];
  /** Files parsed to confirm candidates. */
  filesChecked: number;
  /**
   * Accesses `x.name` of a member target whose receiver's type is unknown: possibly references, never
   * confirmed, so never in `occurrences` (nor renamed); the caller reports them apart.
   */
  possible: Occurrence[];
  /**
   * How candidates were found: in the files whose word filter may hold the name, by the store's scan
   * of every file, or only in the file itself (a local).
   */
  scan: 'filtered' | 'all' | 'local';
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function findReferences(
  resolver: Resolver,
  view: SourceView,
  offset: number,
  options: {
    signal?: AbortSignal;
    openPaths?: readonly string[];
    /** false: scan every file for the word (the path before word filters; kept for the benchmark). */
    prune?: boolean;
  } = {},
): Promise<ReferenceSearch | undefined> {
  const at = resolver.at(view, offset);
  if (!at || at.places.length === 0 || !IDENT.test(at.ref.name)) return undefined;
  const name = at.ref.name;
  // An import alias or a module: search by the declared name, which is what the other files write.
  const targets = at.places;
  const keys = new Set(targets.map(placeKey));
  const declName = targets[0].decl ? targets[0].decl.view.summary.names[targets[0].decl.index] : name;
  const word = IDENT.test(declName) ? declName : name;
  const views = resolver.views;
  const workspace = views.workspace;
  const candidates = new Map<string, number[]>(); // path → UTF-16 offsets
  const open = new Set(options.openPaths ?? []);
  open.add(view.path);
  for (const path of open) {
    const v = views.byPath(path);
    if (!v) continue;
    candidates.set(path, wordOffsets(v.text(), word));
  }
  // Parameters and locals are seen only in their own file.
  const fileLocal = targets.every((t) => !t.decl && !t.module && t.path === view.path);
  // A module-level declaration is named only in its own file and in files that import its module,
  // directly or through modules that re-export: other files cannot refer to it.
  const topLevel = targets.every(
    (t) =>
      t.decl &&
      t.decl.view.id !== undefined &&
      field(t.decl.view.summary, t.decl.index, Field.Flags) & SymbolFlag.TopLevel,
  );
  const allowed = topLevel
    ? importersClosure(
        workspace,
        targets.map((t) => t.decl!.view.id!),
        word,
      )
    : undefined;
  // Only the files whose word filter may hold the word are scanned (the store's threads; a file it does
  // not hold, lazy, is read from disk for the scan alone); then only files with an occurrence are read.
  const maybe = fileLocal || options.prune === false ? undefined : mayName(workspace, word, allowed, open);
  if (!fileLocal) {
    const hits = await workspace.store.findWord(word, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(maybe ? { files: maybe.map((f) => f.id) } : {}),
    });
    for (const hit of hits) {
      const file = workspace.index.file(hit.fileId);
      if (!file || open.has(file.path) || (allowed && !allowed.has(file.id))) continue;
      let list = candidates.get(file.path);
      if (!list) candidates.set(file.path, (list = []));
      list.push(hit.offset); // bytes for now; converted below
    }
  }
  const out: Occurrence[] = [];
  const possible: Occurrence[] = [];
  const memberTarget = targets.some(
    (t) => t.core || (t.decl && MEMBER_KINDS.has(kindOf(t.decl.view.summary, t.decl.index))),
  );
  let filesChecked = 0;
  for (const [path, offsets] of candidates) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const v = views.byPath(path);
    if (!v) continue;
    const text = v.text();
    const utf16 = open.has(path) || v.summary.ascii ? offsets : bytesToUtf16(text, offsets);
    if (utf16.length === 0) continue;
    filesChecked++;
    const result = open.has(path) ? v.parse() : partialParse(text, utf16);
    const pv = open.has(path) ? v : withParse(v, result);
    const starts = lineStarts(text);
    for (const off of utf16) {
      // A member confirmed by its receiver's type first, then the name rules.
      const typed = resolver.typedMember(pv, off + 1);
      const ref = typed?.ref ?? referenceAt(result, off + 1);
      if (!ref || ref.span.start !== off) continue;
      const places = typed?.places ?? resolver.resolve(pv, ref, 0);
      const line = lineOf(starts, off);
      const character = off - starts[line];
      if (!places.some((p) => keys.has(placeKey(p)))) {
        if (
          memberTarget &&
          !typed &&
          ref.kind === 'member' &&
          places.length === 0 &&
          receiverUnknown(resolver, pv, off)
        )
          possible.push({ path, line, character, endCharacter: character + word.length, declaration: false });
        continue;
      }
      out.push({
        path,
        line,
        character,
        endCharacter: character + (ref.span.end - ref.span.start),
        declaration: keys.has(`${path}:${line}:${character}`),
      });
    }
  }
  // Uses through an alias (`use m.{pad as fill}` … `fill()`) refer to the same declaration.
  for (const o of [...out]) {
    const v = views.byPath(o.path);
    const imp = v && aliasAt(v, o.line, o.character);
    if (!v || !imp) continue;
    const text = v.text();
    const starts = lineStarts(text);
    const result = v.parse();
    const re = new RegExp(`(?<![A-Za-z0-9_])${imp}(?![A-Za-z0-9_])`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const ref = referenceAt(result, m.index + 1);
      if (!ref || ref.span.start !== m.index) continue;
      if (!resolver.resolve(v, ref, 0).some((p) => keys.has(placeKey(p)))) continue;
      const line = lineOf(starts, m.index);
      const character = m.index - starts[line];
      if (out.some((x) => x.path === o.path && x.line === line && x.character === character)) continue;
      out.push({
        path: o.path,
        line,
        character,
        endCharacter: character + imp.length,
        declaration: false,
        alias: true,
      });
    }
  }
  out.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.character - b.character,
  );
  const scan = fileLocal ? 'local' : maybe ? 'filtered' : 'all';
  possible.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.character - b.character,
  );
  return { name: word, targets, occurrences: out, possible, filesChecked, scan };
}

const MEMBER_KINDS: ReadonlySet<SymbolKind> = new Set([SymbolKind.Field, SymbolKind.Method]);

/** The member name at `offset` has a receiver whose type the type layer does not know. */
function receiverUnknown(resolver: Resolver, view: SourceView, offset: number): boolean {
  const { world, engine } = resolver.types();
  return memberTargets(engine, world.fileOf(view), offset + 1) === undefined;
}

/** One log line naming the possible references a search left out (at most `max` of them). */
export function possibleReferencesLine(
  search: Pick<ReferenceSearch, 'name' | 'possible'>,
  rel: (path: string) => string,
  max = 20,
): string | undefined {
  const n = search.possible.length;
  if (n === 0) return undefined;
  const shown = search.possible
    .slice(0, max)
    .map((o) => `${rel(o.path)}:${o.line + 1}:${o.character + 1}`)
    .join(', ');
  return `${n} possible reference${n === 1 ? '' : 's'} of '${search.name}' on receivers of unknown type, not included: ${shown}${n > max ? `, … (${n - max} more)` : ''}`;
}

/**
 * The indexed files (not open ones, which are scanned anyway) whose word filter says they may contain
 * `word`, within `allowed` when given.
 */
function mayName(
  workspace: Workspace,
  word: string,
  allowed: Set<number> | undefined,
  open: Set<string>,
): IndexedFile[] {
  const out: IndexedFile[] = [];
  const files = allowed
    ? [...allowed].map((id) => workspace.index.file(id)).filter((f) => f !== undefined)
    : workspace.index.allFiles();
  for (const f of files) {
    if (open.has(f.path) || !mayContain(f.summary.words, word)) continue;
    out.push(f);
  }
  return out;
}

/** UTF-16 offsets of `word` at identifier boundaries in `text`. */
function wordOffsets(text: string, word: string): number[] {
  const re = new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g');
  const out: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index);
  return out;
}

/**
 * The files that import any of `ids`, and `ids` themselves; continued through importers that re-export
 * `name` (an `export use` of it or a glob, an `export name`, an `export child.*`), whose own importers
 * may then name it too.
 */
function importersClosure(workspace: Workspace, ids: number[], name: string): Set<number> {
  const out = new Set(ids);
  const queue = [...ids];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const importer of workspace.graph.importersOf(id)) {
      if (out.has(importer)) continue;
      out.add(importer);
      const s = workspace.index.file(importer)?.summary;
      if (s && reexports(s, name)) queue.push(importer);
    }
  }
  return out;
}

function reexports(s: FileSummary, name: string): boolean {
  return (
    s.imports.some((i) => i.reexport && (i.glob || i.items.some((it) => (it.alias ?? it.name) === name))) ||
    s.exports.some((e) => e.glob || e.path !== undefined || e.names.includes(name))
  );
}

/**
 * A parse good enough to resolve names at `offsets`: the file's skeleton with the function bodies that
 * hold an offset kept (module-level declarations and imports are always there). Falls back to the full
 * parse when the skeleton does not parse cleanly.
 */
function partialParse(text: string, offsets: readonly number[]): ParseResult {
  if (tooLargeToAnalyse(text)) return oversizedParse(text);
  const skel = skeleton(
    text,
    [...offsets].sort((a, b) => a - b),
  );
  if (skel !== undefined) {
    const result = parse(skel);
    if (!result.diagnostics.some((d) => d.severity === 'error')) return { ...result, text };
  }
  return parse(text);
}

/** The alias of the import item whose name starts at (line, character), if it has one. */
function aliasAt(view: SourceView, line: number, character: number): string | undefined {
  const text = view.text();
  const starts = lineStarts(text);
  if (line >= starts.length) return undefined;
  const offset = starts[line] + character;
  for (const imp of view.outline().imports)
    for (const item of imp.items) if (item.span.start === offset && item.alias) return item.alias;
  return undefined;
}

/** UTF-8 byte offsets (ascending) → UTF-16 offsets in `text`. */
function bytesToUtf16(text: string, bytes: number[]): number[] {
  const out: number[] = [];
  let b = 0;
  let i = 0;
  for (const target of bytes) {
    while (b < target && i < text.length) {
      const c = text.charCodeAt(i);
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
      i++;
    }
    out.push(i);
  }
  return out;
}
