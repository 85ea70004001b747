// What may come next on a module path being typed (`use std.|`, `use .|`, `use compiler.|`): the
// directories and module files the path so far names, under the same rules as modules.ts (std/lib
// families, numbered layer directories transparent, relative imports from the importer's directory).
import type { ModuleTree } from './modules';

export interface ModuleEntry {
  /** The segment to write (a layer directory `10.frontend` is written `frontend`). */
  name: string;
  /** A directory (a package, or a folder on the way) or a module file. */
  kind: 'folder' | 'module';
  /** The directory or file, relative to the root. */
  rel: string;
}

const LAYER = /^\d+\.(.+)$/;
const PACKAGE_FILES = new Set(['__init__.spl', 'mod.spl']);
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Entries that may follow `path` (segments before the cursor) in an import of `importer`. */
export function moduleEntries(
  tree: ModuleTree,
  path: readonly string[],
  relativeDepth: number,
  importer: string,
): ModuleEntry[] {
  const bases: string[] = [];
  const importerDir = dirname(importer);
  if (relativeDepth > 0) {
    let base = importerDir;
    for (let i = 1; i < relativeDepth; i++) base = dirname(base);
    bases.push(base);
  } else if (path.length === 0) {
    bases.push('src', '');
    const family = /^src\/lib\/[^/]+/.exec(importer)?.[0];
    if (family) bases.push(family);
    if (tree.list('src/lib') !== undefined) bases.push('src/lib');
  } else {
    const [head, ...rest] = path;
    if (head === 'std' || head === 'lib') {
      bases.push(...dirsNamed(tree, 'src/lib', rest));
      for (const family of subdirs(tree, 'src/lib'))
        bases.push(...dirsNamed(tree, join('src/lib', family), rest));
    }
    bases.push(...dirsNamed(tree, 'src/lib', path));
    const family = /^src\/lib\/[^/]+/.exec(importer)?.[0];
    if (family) bases.push(...dirsNamed(tree, family, path));
    bases.push(...dirsNamed(tree, 'src', path), ...dirsNamed(tree, '', path));
  }
  const out = new Map<string, ModuleEntry>();
  if (relativeDepth === 0 && path.length === 0 && tree.list('src/lib') !== undefined)
    out.set('std', { name: 'std', kind: 'folder', rel: 'src/lib' });
  for (const base of new Set(bases)) {
    for (const entry of tree.list(base) ?? []) {
      const rel = join(base, entry);
      if (tree.list(rel) !== undefined) {
        const name = LAYER.exec(entry)?.[1] ?? entry;
        if (SEGMENT.test(name) && !out.has(name)) out.set(name, { name, kind: 'folder', rel });
      } else if (entry.endsWith('.spl') && !PACKAGE_FILES.has(entry) && rel !== importer) {
        const name = entry.slice(0, -4);
        const known = out.get(name);
        if (SEGMENT.test(name) && (!known || known.kind === 'folder'))
          out.set(name, { name, kind: 'module', rel });
      }
    }
  }
  return [...out.values()];
}

/** Directories under `base` that `segments` name (layers transparent); `base` itself for no segments. */
function dirsNamed(tree: ModuleTree, base: string, segments: readonly string[]): string[] {
  if (tree.list(base) === undefined) return [];
  let frontier = [base];
  for (const segment of segments) {
    const next: string[] = [];
    for (const dir of frontier)
      for (const name of tree.list(dir) ?? [])
        if (
          (name === segment || LAYER.exec(name)?.[1] === segment) &&
          tree.list(join(dir, name)) !== undefined
        )
          next.push(join(dir, name));
    frontier = next;
    if (frontier.length === 0) break;
  }
  return frontier;
}

function subdirs(tree: ModuleTree, dir: string): string[] {
  return (tree.list(dir) ?? []).filter((name) => tree.list(join(dir, name)) !== undefined);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}
