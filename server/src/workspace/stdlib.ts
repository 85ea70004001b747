// Where the Simple standard library is on this machine, the way a Simple user has it installed: a
// toolchain is a directory (a release archive unpacked anywhere, or the installer's directory) with the
// `simple` launcher in `bin/` and the library's sources under `src/lib/` (families such as
// `src/lib/common`, `src/lib/nogc_sync_mut`); the launcher exports `SIMPLE_LIB=<install>/src`. The
// answer is the install directory (the one holding `src/lib`), so the module graph's `std.*` rules apply
// to it as to any workspace root. Said with where it came from, or why none was found.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type StdlibFound =
  { root: string; via: 'setting' | 'SIMPLE_LIB' | 'PATH' } | { root: undefined; reason: string };

export interface StdlibSearch {
  /** The `simple.stdlib.path` setting ('' when unset). */
  setting: string;
  env: Readonly<Record<string, string | undefined>>;
  isDir?: (p: string) => boolean;
  isFile?: (p: string) => boolean;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The install directory a path names: itself, or the parent of its `src`, or of its `src/lib`. */
function installOf(p: string, isDir: (p: string) => boolean): string | undefined {
  const abs = path.resolve(p);
  for (const candidate of [abs, path.dirname(abs), path.dirname(path.dirname(abs))]) {
    if (isDir(path.join(candidate, 'src', 'lib'))) {
      const rel = path.relative(candidate, abs);
      if (rel === '' || rel === 'src' || rel === path.join('src', 'lib')) return candidate;
    }
  }
  return undefined;
}

export function locateStdlib(search: StdlibSearch): StdlibFound {
  const isDir = search.isDir ?? isDirectory;
  const isFile = search.isFile ?? isRegularFile;
  if (search.setting !== '') {
    const root = installOf(search.setting, isDir);
    return root
      ? { root, via: 'setting' }
      : { root: undefined, reason: `simple.stdlib.path ${search.setting} holds no src/lib` };
  }
  const lib = search.env.SIMPLE_LIB;
  if (lib) {
    const root = installOf(lib, isDir);
    if (root) return { root, via: 'SIMPLE_LIB' };
  }
  const names = process.platform === 'win32' ? ['simple.exe', 'simple.cmd', 'simple'] : ['simple'];
  for (const dir of (search.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    if (!names.some((n) => isFile(path.join(dir, n)))) continue;
    const root = installOf(path.dirname(path.resolve(dir)), isDir);
    if (root) return { root, via: 'PATH' };
  }
  return {
    root: undefined,
    reason: 'no simple.stdlib.path, no SIMPLE_LIB and no `simple` on PATH with a src/lib beside its bin/',
  };
}

/** Is `dir` one of `roots` or inside one (already indexed)? */
export function coveredBy(dir: string, roots: readonly string[]): boolean {
  return roots.some((r) => {
    const rel = path.relative(r, dir);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}
