// Finds the Simple files of a workspace: every `*.spl` under each root, skipping `.git`, `node_modules`,
// build output and what `.gitignore` files exclude (nested ones apply below their directory), with the
// user's include/exclude globs on top. Symbolic links are followed once: a directory reached twice (a
// loop, or two links to one place) is listed once, by its real path. Confinement is by real path: a link
// is followed only when its target lies under one of the roots (a link to `/` or to another project is
// reported, not followed).
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
  /** Links not followed because their target lies outside every root. */
  outside: string[];
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

/** Directories read at once: readdir runs on libuv's pool, so a few in flight hide its latency. */
const CONCURRENCY = 8;

export async function discover(roots: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  const out: Discovery = { files: [], loops: [], errors: [], outside: [], truncated: false };
  const include = options.include?.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const maxFiles = options.maxFiles ?? 200_000;
  const confines = await realRoots(roots);
  for (let r = 0; r < roots.length; r++) {
    const root = path.resolve(roots[r]);
    const seen = new Set<string>(); // per root: another root reached through a link is still its own
    let rootReal: string;
    try {
      rootReal = await fs.promises.realpath(root);
    } catch (e) {
      out.errors.push(`${root}: ${(e as Error).message}`);
      continue;
    }
    // `real` is the directory's real path: a child of a real directory that is not a link is real too,
    // so realpath() is only needed where a link was followed.
    const queue: { dir: string; real: string; layers: IgnoreLayer[] }[] = [
      { dir: root, real: rootReal, layers: [] },
    ];
    const visit = async (item: { dir: string; real: string; layers: IgnoreLayer[] }): Promise<void> => {
      const { dir, real, layers } = item;
      if (seen.has(real)) {
        if (dir !== root) out.loops.push(dir);
        return;
      }
      seen.add(real);
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (e) {
        out.errors.push(`${dir}: ${(e as Error).message}`);
        return;
      }
      const here = options.gitignore === false ? layers : await withGitignore(dir, layers, entries);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const rel = toRel(root, full);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        let childReal = path.join(real, entry.name);
        if (entry.isSymbolicLink()) {
          try {
            const st = await fs.promises.stat(full);
            isDir = st.isDirectory();
            isFile = st.isFile();
            if (!isDir && !isFile) continue;
            childReal = await fs.promises.realpath(full);
          } catch {
            continue; // a dangling link
          }
          if (!insideAny(childReal, confines)) {
            out.outside.push(full);
            continue;
          }
        }
        if (isDir) {
          if (ALWAYS_SKIPPED.has(entry.name)) continue;
          if (BUILD_DIRS.has(entry.name) && !(include && include(`${rel}/x.spl`))) continue;
          if (exclude?.(rel) || exclude?.(`${rel}/`) || ignored(here, full, true)) continue;
          queue.push({ dir: full, real: childReal, layers: here });
        } else if (isFile && entry.name.endsWith('.spl')) {
          if (include ? !include(rel) : false) continue;
          if (exclude?.(rel) || ignored(here, full, false)) continue;
          if (out.files.length >= maxFiles) {
            out.truncated = true;
            return;
          }
          out.files.push({ path: full, root: r, rel });
        }
      }
    };
    const running = new Set<Promise<void>>();
    while ((queue.length > 0 || running.size > 0) && !out.truncated) {
      if (options.signal?.aborted) return out;
      while (queue.length > 0 && running.size < CONCURRENCY) {
        const task: Promise<void> = visit(queue.shift()!).finally(() => running.delete(task));
        running.add(task);
      }
      if (running.size > 0) await Promise.race(running);
    }
  }
  // Nested roots list a file once per root: it belongs to the last root that lists it (the index keys
  // files by path, so a second listing would only stage and summarize it twice).
  const owner = new Map<string, number>();
  for (const f of out.files) owner.set(f.path, Math.max(owner.get(f.path) ?? -1, f.root));
  if (owner.size < out.files.length) out.files = out.files.filter((f) => owner.get(f.path) === f.root);
  // Deterministic order whatever the timing of the reads: by root, then path.
  out.files.sort((a, b) => a.root - b.root || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  out.loops.sort();
  out.outside.sort();
  return out;
}

/** The real paths of the roots that exist (a root that cannot be resolved confines nothing). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const root of roots) {
    try {
      out.push(await fs.promises.realpath(path.resolve(root)));
    } catch {
      // reported by discover() when it walks the root
    }
  }
  return out;
}

/** Is `real` (a real path) one of `roots` (real paths) or under one? */
export function insideAny(real: string, roots: readonly string[]): boolean {
  for (const root of roots) {
    const rel = path.relative(root, real);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return true;
  }
  return false;
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
  return includer(options)(rel);
}

/** wouldInclude() with the globs compiled once, for many files. */
export function includer(options: DiscoveryOptions): (rel: string) => boolean {
  const include = options.include?.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  return (rel) => {
    if (!rel.endsWith('.spl')) return false;
    const parts = rel.split('/');
    for (const dir of parts.slice(0, -1)) if (ALWAYS_SKIPPED.has(dir)) return false;
    if (include && !include(rel)) return false;
    if (exclude?.(rel)) return false;
    return true;
  };
}
