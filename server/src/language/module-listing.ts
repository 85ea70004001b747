// What may come next on a module path being typed (`use std.|`, `use .|`, `use compiler.|`): the
// directories and module files the path so far names, under the same rules as modules.ts (std/lib
// families, numbered layer directories transparent, relative imports from the importer's directory).
import { dirname, dirs, join, LAYER, matchingDirs, type ModuleTree, PACKAGE_FILES } from './modules';

export interface ModuleEntry {
  /** The segment to write (a layer directory `10.frontend` is written `frontend`). */
  name: string;
  /** A directory (a package, or a folder on the way) or a module file. */
  kind: 'folder' | 'module';
  /** The directory or file, relative to the root. */
  rel: string;
}

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
      for (const family of dirs(tree, 'src/lib'))
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
      } else if (entry.endsWith('.spl') && !PACKAGE_FILES.includes(entry) && rel !== importer) {
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
    frontier = frontier.flatMap((dir) => matchingDirs(tree, dir, segment));
    if (frontier.length === 0) break;
  }
  return frontier;
}
