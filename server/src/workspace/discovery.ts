// Finds the Simple files of a workspace: every `*.spl` under each root, skipping `.git`, `node_modules`,
// build output and what `.gitignore` files exclude (nested ones apply below their directory), with the
// user's include/exclude globs on top. Symbolic links are followed once: a directory reached twice (a
// loop, or two links to one place) is listed once, by its real path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface DiscoveryOptions {
  /** Globs relative to a root; a file must match one (default: every `*.spl`). */
  include?: readonly string[];
  /** Globs relative to a root; a matching file or directory is skipped. */
  exclude?: readonly string[];
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Stop after this many files (a runaway root such as `/`); default 200,000. */
  maxFiles?: number;
  signal?: AbortSignal;
}

export interface DiscoveredFile {
  /** Absolute path (as reached: through the link, not the link's target). */
  path: string;
  /** Root index in the `roots` argument. */
  root: number;
  /** Path relative to its root, `/`-separated. */
  rel: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Directories skipped because their real path was already listed (link loops, duplicate links). */
  loops: string[];
  /** Unreadable directories and files, with the reason. */
  errors: string[];
  truncated: boolean;
}

/** Directories never worth descending into. */
export const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.cache']);
/** Build output directory names (skipped unless an include glob names them). */
export const BUILD_DIRS = new Set(['build', 'target', 'out', 'dist', '.build']);

interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

export async function discover(roots: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  const out: Discovery = { files: [], loops: [], errors: [], truncated: false };
  const include = options.include?.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const maxFiles = options.maxFiles ?? 200_000;
  const seen = new Set<string>();
  for (let r = 0; r < roots.length; r++) {
    const root = path.resolve(roots[r]);
    const stack: { dir: string; layers: IgnoreLayer[] }[] = [{ dir: root, layers: [] }];
    while (stack.length > 0) {
      if (options.signal?.aborted) return out;
      const { dir, layers } = stack.pop()!;
      let real: string;
      try {
        real = await fs.promises.realpath(dir);
      } catch (e) {
        out.errors.push(`${dir}: ${(e as Error).message}`);
        continue;
      }
      if (seen.has(real)) {
        if (dir !== root) out.loops.push(dir);
        continue;
      }
      seen.add(real);
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (e) {
        out.errors.push(`${dir}: ${(e as Error).message}`);
        continue;
      }
      const here = options.gitignore === false ? layers : await withGitignore(dir, layers, entries);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const rel = toRel(root, full);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const st = await fs.promises.stat(full);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue; // a dangling link
          }
        }
        if (isDir) {
          if (ALWAYS_SKIPPED.has(entry.name)) continue;
          if (BUILD_DIRS.has(entry.name) && !(include && include(`${rel}/x.spl`))) continue;
          if (exclude?.(rel) || exclude?.(`${rel}/`) || ignored(here, full, true)) continue;
          subdirs.push(full);
        } else if (isFile && entry.name.endsWith('.spl')) {
          if (include ? !include(rel) : false) continue;
          if (exclude?.(rel) || ignored(here, full, false)) continue;
          if (out.files.length >= maxFiles) {
            out.truncated = true;
            return out;
          }
          out.files.push({ path: full, root: r, rel });
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], layers: here });
    }
  }
  return out;
}

async function withGitignore(
  dir: string,
  layers: IgnoreLayer[],
  entries: fs.Dirent[],
): Promise<IgnoreLayer[]> {
  if (!entries.some((e) => e.name === '.gitignore')) return layers;
  try {
    const text = await fs.promises.readFile(path.join(dir, '.gitignore'), 'utf8');
    return [...layers, { dir, rules: ignore().add(text) }];
  } catch {
    return layers;
  }
}

function ignored(layers: readonly IgnoreLayer[], full: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = toRel(layer.dir, full);
    if (rel === '' || rel.startsWith('..')) continue;
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function toRel(root: string, full: string): string {
  return path.relative(root, full).split(path.sep).join('/');
}

/** Is `file` (absolute) one a discovery with these options would list? Used for watcher events. */
export function wouldInclude(rel: string, options: DiscoveryOptions): boolean {
  if (!rel.endsWith('.spl')) return false;
  const parts = rel.split('/');
  for (const dir of parts.slice(0, -1)) if (ALWAYS_SKIPPED.has(dir)) return false;
  if (options.include?.length && !picomatch(options.include as string[], { dot: true })(rel)) return false;
  if (options.exclude?.length && picomatch(options.exclude as string[], { dot: true })(rel)) return false;
  return true;
}
