// The index on disk, so a restart on an unchanged workspace skips parsing: one file per set of roots,
// holding each file's summary keyed by path, size and mtime. The file is checked before it is trusted:
// magic, format and server version, the roots, a CRC over the payload, and the shape of every entry.
// Anything wrong (corrupt, truncated, foreign, older, not a regular file) is logged and ignored: the
// index is rebuilt.
//
// Format 3 is binary, with no JSON per entry: every string (paths, names, import paths) once in a
// deduplicated table, then one stream of int32s and one of float64s read in order (cache-codec.ts).
//
// Writing is safe against a hostile or shared cache directory: the directory must belong to this user
// and be private (it is created 0700; a looser one we own is tightened, one we do not own is refused),
// the temporary file gets an unpredictable name and is created with O_EXCL (a planted link is never
// followed), then renamed over the cache. Temporary files of writes that were interrupted (their
// process is gone) are removed. Reading opens without blocking (a FIFO planted as the cache is refused,
// not waited on) and accepts only a regular file.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { packageInfo } from '../package-info';
import {
  type CacheContents,
  type CachedEntry,
  decodeCache,
  encodeCache,
  encodeCacheSliced,
} from './cache-codec';
import type { IndexedFile } from './symbol-index';

export type { CachedEntry } from './cache-codec';

/** A cache bigger than this is not read (a 20,000-file workspace writes ~20 MB). */
const MAX_CACHE_BYTES = 1024 * 1024 * 1024;
/** A temporary file older than this is stale even if a process with its pid is alive (pid reuse). */
const STALE_TMP_MS = 60 * 60_000;

export class IndexCache {
  readonly file: string;
  readonly dir: string;
  private readonly key: string;

  constructor(
    dir: string,
    private readonly roots: readonly string[],
    private readonly logger: Logger,
  ) {
    this.key = createHash('sha256').update(roots.join('\0')).digest('hex').slice(0, 16);
    this.dir = path.resolve(dir);
    this.file = path.join(this.dir, `index-${this.key}.bin`);
  }

  async load(): Promise<Map<string, CachedEntry>> {
    return (await this.loadContents())?.files ?? new Map();
  }

  /** The cache's contents, or undefined when there is none or it cannot be trusted (logged). */
  async loadContents(): Promise<CacheContents | undefined> {
    await this.removeStaleTemps();
    let data: Buffer;
    try {
      data = await readRegularFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn(`index cache: cannot read ${this.file}: ${(e as Error).message}; rebuilding`);
      return undefined;
    }
    try {
      return await decodeCache(data, { version: packageInfo().version, roots: this.roots });
    } catch (e) {
      this.logger.warn(`index cache: ignoring ${this.file}: ${(e as Error).message}; rebuilding`);
      return undefined;
    }
  }

  /** Whether a cache file is there to load (a cheap stat; load() decides whether it is usable). */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /** Numbers writes in the order their contents were taken; `newest` is the last one renamed into place. */
  private writes = 0;
  private newest = 0;
  /** Temporary files of asynchronous writes still under way (saveSync removes them). */
  private readonly pending = new Set<string>();

  /** Asynchronous writes run one after another, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Writes the index through a temporary file renamed into place. The list of files is taken now (a
   * summary is never changed in place); encoding, a slice at a time, and the disk work wait for earlier
   * writes. A write overtaken by a later one (another save() asked for meanwhile,
   * or saveSync at close while this one was on disk) is dropped: never renamed over the newer file, and
   * it leaves no temporary file. Resolves true when this write's contents are the file's.
   */
  save(files: Iterable<IndexedFile>): Promise<boolean> {
    const list = [...files];
    const mine = ++this.writes;
    const run = this.queue.then(() => this.write(list, mine));
    this.queue = run;
    return run;
  }

  private async write(files: readonly IndexedFile[], mine: number): Promise<boolean> {
    if (this.writes > mine) return false;
    let tmp: string | undefined;
    try {
      // Encoded a slice at a time: a large index takes about a second to encode (cache-codec.ts).
      const bytes = await encodeCacheSliced(files, this.identity());
      await this.prepareDir();
      await this.removeStaleTemps();
      if (this.newest > mine) return false;
      tmp = this.tempName();
      this.pending.add(tmp);
      const handle = await fs.promises.open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      if (this.newest > mine) {
        await fs.promises.rm(tmp, { force: true });
        return false;
      }
      await fs.promises.rename(tmp, this.file);
      this.newest = mine;
      this.logger.info(`index cache: wrote ${this.file} (${bytes.length} bytes)`);
      return true;
    } catch (e) {
      this.logger.warn(`index cache: cannot write ${this.file}: ${(e as Error).message}`);
      if (tmp !== undefined) await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      return false;
    } finally {
      if (tmp !== undefined) this.pending.delete(tmp);
    }
  }

  /** The same as save(), synchronously: for the moment the process exits. */
  saveSync(files: Iterable<IndexedFile>): boolean {
    const bytes = this.encode(files);
    const mine = ++this.writes;
    // An asynchronous write still under way is older: it will not be renamed (save()), and its
    // temporary file goes now, as the process may exit before that write finishes.
    for (const other of this.pending) fs.rmSync(other, { force: true });
    this.pending.clear();
    let tmp: string | undefined;
    try {
      this.prepareDirSync();
      tmp = this.tempName();
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, bytes);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      this.newest = mine;
      this.logger.info(`index cache: wrote ${this.file} (${bytes.length} bytes)`);
      return true;
    } catch (e) {
      this.logger.warn(`index cache: cannot write ${this.file}: ${(e as Error).message}`);
      if (tmp !== undefined) fs.rmSync(tmp, { force: true });
      return false;
    }
  }

  private encode(files: Iterable<IndexedFile>): Buffer {
    return encodeCache(files, this.identity());
  }

  private identity(): { version: string; roots: readonly string[] } {
    return { version: packageInfo().version, roots: this.roots };
  }

  /** `index-<key>.bin.<pid>.<random>.tmp`: the pid says whose it is, the random part makes it unguessable. */
  private tempName(): string {
    return `${this.file}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
  }

  private async prepareDir(): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tighten = privateMode(this.dir, await fs.promises.stat(this.dir));
    if (tighten !== undefined) await fs.promises.chmod(this.dir, tighten);
  }

  private prepareDirSync(): void {
    preparePrivateDirSync(this.dir);
  }

  /** Removes temporary files of this cache left by writes whose process is gone (or that are old). */
  private async removeStaleTemps(): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return; // no directory yet: nothing to clean
    }
    const prefix = `index-${this.key}.bin.`;
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = Number(name.slice(prefix.length).split('.')[0]);
      const full = path.join(this.dir, name);
      try {
        const st = await fs.promises.lstat(full);
        const old = Date.now() - st.mtimeMs > STALE_TMP_MS;
        if (!old && Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
        await fs.promises.unlink(full);
        this.logger.info(`index cache: removed ${name}, left by an interrupted write`);
      } catch {
        // Gone meanwhile, or not ours to remove: either way nothing to do.
      }
    }
  }
}

/** Creates the cache directory (0700) or checks an existing one is this user's, tightening its mode. */
export function preparePrivateDirSync(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tighten = privateMode(dir, fs.statSync(dir));
  if (tighten !== undefined) fs.chmodSync(dir, tighten);
}

/**
 * The cache directory must be a directory of this user: throws when it is not; returns the mode to
 * tighten it to when others may read or write it, else undefined.
 */
function privateMode(dir: string, st: fs.Stats): number | undefined {
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid)
    throw new Error(`${dir} belongs to uid ${st.uid}, not to this user (${uid}): not writing there`);
  return (st.mode & 0o077) !== 0 ? st.mode & 0o700 : undefined;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Reads a regular file without ever blocking on a FIFO or a device, and without following a link. */
async function readRegularFile(file: string): Promise<Buffer> {
  const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
  const handle = await fs.promises.open(file, O_RDONLY | O_NONBLOCK | (O_NOFOLLOW ?? 0));
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (st.size > MAX_CACHE_BYTES) throw new Error(`${st.size} bytes, more than a cache can be`);
    // Its own ArrayBuffer, offset 0: the decoder views it as int32 and float64 arrays without copying.
    const out = Buffer.alloc(st.size);
    let at = 0;
    while (at < out.length) {
      const { bytesRead } = await handle.read(out, at, out.length - at, at);
      if (bytesRead === 0) throw new Error(`truncated while read (${at} of ${out.length} bytes)`);
      at += bytesRead;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Where caches live by default: $XDG_CACHE_HOME/simple-lsp, else ~/.cache/simple-lsp, else a private temp dir. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'simple-lsp');
  if (env.HOME) return path.join(env.HOME, '.cache', 'simple-lsp');
  // No home: a directory of this user's own under the temp dir (not a shared /tmp/.cache).
  return path.join(os.tmpdir(), `simple-lsp-${process.getuid?.() ?? 'user'}`);
}

/** The cache option from the environment: SIMPLE_LSP_CACHE_DIR, 'off' to disable, else the user's cache dir. */
export function cacheOption(env: NodeJS.ProcessEnv = process.env): { cacheDir?: string } {
  const dir = env.SIMPLE_LSP_CACHE_DIR;
  if (dir === 'off') return {};
  return { cacheDir: dir && dir !== '' ? dir : defaultCacheDir(env) };
}
