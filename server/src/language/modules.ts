// Simple's module paths ↔ files (digest §6), as pure functions over a directory listing the caller
// provides (the workspace builds it; tests use a plain list of paths). Paths are '/'-separated and
// relative to the workspace root; results are in priority order without duplicates.
//
// Rules: `std.X`/`lib.X` search every stdlib family under src/lib (and `std.common.X` names one);
// a family root may be named directly (`common.sdn.value`); inside a family, imports may be written
// relative to the family root. `app.X`, `compiler.X`, `core.X` and other first segments are
// directories under src/. Numbered layer directories are transparent (`compiler.frontend` is
// src/compiler/10.frontend); `_Name` directories are ordinary segments. `a.b` is a/b.spl or the
// package a/b/ (its __init__.spl or mod.spl) — both when both exist. Relative imports (`use .x`)
// start at the importer's directory, one level up per extra dot. `use m.A` where no module m/A
// exists names item A of module m.

export interface ModuleTree {
  /** The entries (file and directory names) of `dir` ('' is the root), or undefined if no such dir. */
  list(dir: string): readonly string[] | undefined;
}

export interface ModuleQuery {
  /** Segments without leading dots: `use std.spec.{it}` → ['std', 'spec']. */
  path: readonly string[];
  /** Leading dots: `use .x` → 1. */
  relativeDepth: number;
  /** The importing file, relative to the root. */
  importer: string;
}

export interface ModuleMatch {
  /** Module files, best first. */
  files: string[];
  /** How many segments name the module; the rest (one at most) is an item of it. */
  moduleSegments: number;
}

export const PACKAGE_FILES = ['__init__.spl', 'mod.spl'];
/** A numbered layer directory (`10.frontend`): transparent in module paths. */
export const LAYER = /^\d+\.(.+)$/;

/** Files for an import; `files` is empty when nothing matches (an unresolved import). */
export function resolveModule(query: ModuleQuery, tree: ModuleTree): ModuleMatch {
  const full = candidates(query, query.path, tree);
  if (full.length > 0 || query.path.length < 2) return { files: full, moduleSegments: query.path.length };
  // `use m.A`: A may be an item of m rather than a submodule.
  const parent = candidates(query, query.path.slice(0, -1), tree);
  return parent.length > 0
    ? { files: parent, moduleSegments: query.path.length - 1 }
    : { files: [], moduleSegments: query.path.length };
}

/** The dotted module name of a file: src/compiler/10.frontend/core/parser.spl → compiler.frontend.core.parser. */
export function moduleNameOf(file: string): string {
  let parts = file
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const src = parts.lastIndexOf('src');
  if (src >= 0) parts = parts.slice(src + 1);
  if (parts[0] === 'lib' && parts.length > 2) parts = ['std', ...parts.slice(2)]; // the family is not part of the name
  const last = parts[parts.length - 1] ?? '';
  if (PACKAGE_FILES.includes(last)) parts = parts.slice(0, -1);
  else parts[parts.length - 1] = last.replace(/\.(spl|sdn)$/, '');
  return parts.map((p) => LAYER.exec(p)?.[1] ?? p).join('.');
}

function candidates(query: ModuleQuery, path: readonly string[], tree: ModuleTree): string[] {
  const out: string[] = [];
  const add = (files: string[]): void => {
    for (const f of files) if (!out.includes(f)) out.push(f);
  };
  const importerDir = dirname(query.importer);
  if (query.relativeDepth > 0) {
    let base = importerDir;
    for (let i = 1; i < query.relativeDepth; i++) base = dirname(base);
    add(walk(tree, base, path));
    return out;
  }
  if (path.length === 0) return out;
  const [head, ...rest] = path;
  if (head === 'std' || head === 'lib') {
    add(walk(tree, 'src/lib', rest)); // std.common.sdn → an explicit family
    for (const family of dirs(tree, 'src/lib')) add(walk(tree, join('src/lib', family), rest));
  }
  // A family root named directly (common.sdn.value), or a path relative to the importer's family.
  add(walk(tree, 'src/lib', path));
  const family = /^src\/lib\/[^/]+/.exec(query.importer)?.[0];
  if (family) add(walk(tree, family, path));
  add(walk(tree, 'src', path));
  add(walk(tree, '', path));
  return out;
}

/** Files under `base` that `segments` name: `x.spl` or a package `x/` at the end, layers transparent. */
function walk(tree: ModuleTree, base: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return [];
  let frontier = [base];
  for (let i = 0; i < segments.length - 1; i++) {
    const next: string[] = [];
    for (const dir of frontier) for (const d of matchingDirs(tree, dir, segments[i])) next.push(d);
    frontier = next;
    if (frontier.length === 0) return [];
  }
  const last = segments[segments.length - 1];
  const out: string[] = [];
  for (const dir of frontier) {
    const entries = tree.list(dir);
    if (!entries) continue;
    if (entries.includes(`${last}.spl`)) out.push(join(dir, `${last}.spl`));
    for (const pkg of matchingDirs(tree, dir, last)) {
      const inner = tree.list(pkg) ?? [];
      for (const f of PACKAGE_FILES) if (inner.includes(f)) out.push(join(pkg, f));
    }
  }
  return out;
}

/** Subdirectories of `dir` named `segment`, or `NN.segment` (a numbered layer). */
export function matchingDirs(tree: ModuleTree, dir: string, segment: string): string[] {
  const out: string[] = [];
  for (const name of tree.list(dir) ?? []) {
    if (name !== segment && LAYER.exec(name)?.[1] !== segment) continue;
    const path = join(dir, name);
    if (tree.list(path) !== undefined) out.push(path);
  }
  return out;
}

export function dirs(tree: ModuleTree, dir: string): string[] {
  return (tree.list(dir) ?? []).filter((name) => tree.list(join(dir, name)) !== undefined);
}

export function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

export function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** A ModuleTree over a list of file paths (for tests, and for a workspace's in-memory file list). */
export function treeOf(files: readonly string[]): ModuleTree {
  const children = new Map<string, Set<string>>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let set = children.get(dir);
      if (!set) children.set(dir, (set = new Set()));
      set.add(parts[i]);
    }
  }
  const lists = new Map<string, string[]>();
  for (const [dir, names] of children) lists.set(dir, [...names]);
  return { list: (dir) => lists.get(dir) };
}
