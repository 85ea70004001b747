// The fallback FileStore: reads every staged file into a Buffer with fs.promises (no mapping, no native
// code). Text stays in Buffers (outside the V8 heap's string space); only the slices asked for become
// strings. A file changed on disk is noticed by refresh(), never under a read: the Buffer is a copy.
// Lazy files (staged with `bytes: false`, or reserved) are read synchronously on first use, and by
// findWord for the scan alone.
import * as fs from 'node:fs';
import { constants } from 'node:os';
import {
  AbortError,
  check,
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_FILE_BYTES,
  FileChangedError,
  FileUnavailableError,
  type FileStore,
  type FindWordOptions,
  type Occurrence,
  type Slice,
  type StagedFile,
  type StageOptions,
  type StoreOptions,
  type StoreStats,
} from './file-store';
import { findWordIn, lineRange } from './scan';

interface Entry {
  file: StagedFile;
  bytes?: Buffer;
  /** false: reserved and never stat'ed (its file's size, mtime and inode are placeholders). */
  known: boolean;
}

type Loaded = { file: Omit<StagedFile, 'id' | 'change'>; bytes?: Buffer };

/** Why a stat'ed path cannot be staged (not a regular file, too large), or undefined. */
function refusal(path: string, st: fs.Stats, maxFileBytes: number): Error | undefined {
  if (!st.isFile()) {
    const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'not a regular file';
    const code = st.isDirectory() ? 'EISDIR' : 'EINVAL';
    const error = new Error(`stage '${path}': ${what}, not a regular file (${code})`);
    return Object.assign(error, { code, errno: -errno[code] });
  }
  if (st.size > maxFileBytes) {
    const error = new Error(
      `stage '${path}': ${st.size} bytes is over the limit of ${maxFileBytes} bytes (EFBIG)`,
    );
    return Object.assign(error, { code: 'EFBIG', errno: -errno.EFBIG });
  }
  return undefined;
}

function failed(path: string, e: unknown, st?: fs.Stats): Loaded {
  const err = e as NodeJS.ErrnoException;
  return {
    file: {
      path,
      status: 'error' as const,
      size: st?.size ?? 0,
      mtimeMs: st?.mtimeMs ?? 0,
      ino: st?.ino ?? 0,
      errno: err.errno,
      code: err.code,
      message: err.message,
    },
  };
}

/** Reads a lazy file on the calling thread (first use). */
function loadSync(path: string, maxFileBytes: number): Loaded {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return failed(path, e);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.fstatSync(fd);
    const refused = refusal(path, st, maxFileBytes);
    if (refused) return failed(path, refused, st);
    const bytes = Buffer.allocUnsafe(st.size);
    let done = 0;
    while (done < st.size) {
      const n = fs.readSync(fd, bytes, done, st.size - done, done);
      if (n === 0) break;
      done += n;
    }
    return {
      file: { path, size: done, mtimeMs: st.mtimeMs, ino: st.ino, status: 'copied' },
      bytes: done < st.size ? bytes.subarray(0, done) : bytes,
    };
  } catch (e) {
    return failed(path, e, st);
  } finally {
    fs.closeSync(fd);
  }
}

/** Files read at once while staging (each a libuv threadpool request). */
const CONCURRENCY = 16;
const YIELD_EVERY_BYTES = 4 << 20;
const errno = constants.errno;

export class FsStore implements FileStore {
  readonly kind = 'fs' as const;
  private readonly entries: Entry[] = [];
  private readonly byPath = new Map<string, number>();
  private readonly maxFileBytes: number;
  private readonly batchSize: number;
  private closed = false;

  constructor(options: StoreOptions = {}) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async stage(paths: readonly string[], options?: StageOptions): Promise<StagedFile[]> {
    check.open(this.closed, 'stage');
    check.paths(paths, 'stage');
    const withBytes = check.stageOptions(options).bytes ?? true;
    const out: StagedFile[] = [];
    for (let i = 0; i < paths.length; i += this.batchSize) {
      const batch = paths.slice(i, i + this.batchSize);
      const loaded: Loaded[] = new Array(batch.length);
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const k = next++;
          loaded[k] = await this.load(batch[k], withBytes);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
      check.open(this.closed, 'stage');
      for (const l of loaded) out.push(this.install(l.file, l.bytes));
    }
    return out;
  }

  private async load(path: string, withBytes: boolean): Promise<Loaded> {
    let handle: fs.promises.FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer.
      handle = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (e) {
      return failed(path, e);
    }
    let st: fs.Stats | undefined;
    try {
      st = await handle.stat();
      const base = { path, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      const refused = refusal(path, st, this.maxFileBytes);
      if (refused) return failed(path, refused, st);
      if (!withBytes && st.size > 0) return { file: { ...base, status: 'lazy' } };
      const bytes = Buffer.allocUnsafe(st.size);
      let done = 0;
      while (done < st.size) {
        const { bytesRead } = await handle.read(bytes, done, st.size - done, done);
        if (bytesRead === 0) break; // shrank since stat: keep what is there
        done += bytesRead;
      }
      return {
        file: { ...base, size: done, status: 'copied' },
        bytes: done < st.size ? bytes.subarray(0, done) : bytes,
      };
    } catch (e) {
      return failed(path, e, st);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private install(file: Omit<StagedFile, 'id' | 'change'>, bytes: Buffer | undefined): StagedFile {
    let id = this.byPath.get(file.path);
    let change: StagedFile['change'] = 'new';
    if (id === undefined) {
      id = this.entries.length;
      this.byPath.set(file.path, id);
    } else {
      const entry = this.entries[id];
      const old = entry.file;
      const same =
        old.status !== 'error' &&
        file.status !== 'error' &&
        old.size === file.size &&
        old.mtimeMs === file.mtimeMs &&
        old.ino === file.ino;
      const sameError = old.status === 'error' && file.status === 'error' && old.code === file.code;
      // A reserved entry never stat'ed has nothing to compare with: it is new to the store.
      change = !entry.known ? 'new' : same || sameError ? 'unchanged' : 'changed';
      // Staged without bytes and unchanged: bytes already held stay.
      if (file.status === 'lazy' && change === 'unchanged' && entry.bytes !== undefined)
        return { ...entry.file, change };
    }
    const staged: StagedFile = { id, ...file, change };
    this.entries[id] = { file: staged, bytes, known: true };
    return { ...staged };
  }

  reserve(paths: readonly string[]): number[] {
    check.open(this.closed, 'reserve');
    check.paths(paths, 'reserve');
    return paths.map((p) => {
      let id = this.byPath.get(p);
      if (id !== undefined) return id;
      id = this.entries.length;
      this.byPath.set(p, id);
      const file: StagedFile = { id, path: p, status: 'lazy', size: 0, mtimeMs: 0, ino: 0, change: 'new' };
      this.entries[id] = { file, known: false };
      return id;
    });
  }

  private lazyLoads = 0;

  private bytes(id: number, call: string): Buffer {
    const e = this.entries[id];
    if (e === undefined) throw new RangeError(`${call}: no file with id ${id}`);
    if (e.file.status === 'lazy') {
      // First use: read now. A staged identity that no longer holds is a change (as the native store says).
      const loaded = loadSync(e.file.path, this.maxFileBytes);
      const before = e.file;
      this.lazyLoads++;
      this.entries[id] = {
        file: { ...loaded.file, id, change: before.change },
        bytes: loaded.bytes,
        known: true,
      };
      const now = this.entries[id].file;
      const gone = now.status === 'error';
      if (
        e.known &&
        (gone || now.size !== before.size || now.mtimeMs !== before.mtimeMs || now.ino !== before.ino)
      )
        throw new FileChangedError(
          `${call}: file ${id} ('${now.path}') changed on disk since it was staged (size ${before.size} → ${gone ? (now.message ?? 'error') : now.size})`,
          id,
          now.path,
        );
      if (gone)
        throw new FileUnavailableError(
          `${call}: file ${id} could not be read on first use: ${now.message ?? 'error'}`,
          id,
          now.code ?? 'EIO',
        );
      return loaded.bytes!;
    }
    if (e.bytes === undefined)
      throw new FileUnavailableError(
        `${call}: file ${id} has no bytes: ${e.file.message ?? 'error'}`,
        id,
        e.file.code ?? 'EIO',
      );
    return e.bytes;
  }

  private range(id: number, start: number, end: number, call: string): Buffer {
    const b = this.bytes(id, call);
    if (end > b.length)
      throw new RangeError(`${call}: range [${start}, ${end}) is outside file ${id} (size ${b.length})`);
    return b;
  }

  text(id: number, start: number, end: number): string {
    check.open(this.closed, 'text');
    check.id(id, 'text');
    check.range(start, end, 'text');
    return this.range(id, start, end, 'text').toString('utf8', start, end);
  }

  lines(id: number, first: number, last: number): string[] {
    check.open(this.closed, 'lines');
    check.id(id, 'lines');
    check.range(first, last, 'lines', 'first', 'last');
    const b = this.bytes(id, 'lines');
    const [from, to] = lineRange(b, first, last);
    if (from >= to) return [];
    return splitLines(b.toString('utf8', from, to));
  }

  slices(slices: readonly Slice[]): string[] {
    check.open(this.closed, 'slices');
    check.slices(slices);
    return slices.map((s) => this.range(s.id, s.start, s.end, 'slices').toString('utf8', s.start, s.end));
  }

  async refresh(idOrPath: number | string): Promise<StagedFile> {
    check.open(this.closed, 'refresh');
    check.idOrPath(idOrPath, 'refresh');
    const path = typeof idOrPath === 'string' ? idOrPath : this.entries[idOrPath]?.file.path;
    if (path === undefined) throw new RangeError(`refresh: no file with id ${idOrPath}`);
    const [file] = await this.stage([path]);
    return file;
  }

  async findWord(word: string, options?: FindWordOptions): Promise<Occurrence[]> {
    check.open(this.closed, 'findWord');
    check.word(word);
    const { signal, limit = Infinity, files } = check.findOptions(options);
    const ids = files
      ? [...new Set(files)].filter((id) => id < this.entries.length).sort((a, b) => a - b)
      : undefined;
    const needle = Buffer.from(word, 'latin1');
    // Never settle within the caller's turn: an abort right after the call still cancels, as in the native store.
    await new Promise((resolve) => setImmediate(resolve));
    check.open(this.closed, 'findWord');
    const out: Occurrence[] = [];
    let sinceYield = 0;
    const count = ids ? ids.length : this.entries.length;
    for (let k = 0; k < count && out.length < limit; k++) {
      if (signal?.aborted) throw new AbortError();
      const id = ids ? ids[k] : k;
      const entry = this.entries[id];
      // A lazy file is read for the scan alone (skipped if it changed since it was staged).
      const b = entry?.file.status === 'lazy' ? await this.scanCopy(entry) : entry?.bytes;
      check.open(this.closed, 'findWord');
      if (b === undefined) continue;
      for (const offset of findWordIn(b, needle)) out.push({ fileId: id, offset });
      sinceYield += b.length;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
        check.open(this.closed, 'findWord');
      }
    }
    if (signal?.aborted) throw new AbortError();
    return out.length > limit ? out.slice(0, limit) : out;
  }

  private async scanCopy(entry: Entry): Promise<Buffer | undefined> {
    const loaded = await this.load(entry.file.path, true);
    const f = loaded.file;
    if (f.status === 'error') return undefined;
    const b = entry.file;
    if (entry.known && (f.size !== b.size || f.mtimeMs !== b.mtimeMs || f.ino !== b.ino)) return undefined;
    return loaded.bytes;
  }

  stats(): StoreStats {
    check.open(this.closed, 'stats');
    let copiedFiles = 0;
    let copiedBytes = 0;
    let errors = 0;
    let lazyFiles = 0;
    for (const e of this.entries) {
      if (e.bytes !== undefined) {
        copiedFiles++;
        copiedBytes += e.bytes.length;
      } else if (e.file.status === 'lazy') lazyFiles++;
      else errors++;
    }
    return {
      kind: 'fs',
      files: this.entries.length,
      maps: 0,
      mappedBytes: 0,
      copiedFiles,
      copiedBytes,
      errors,
      lazyFiles,
      lazyLoads: this.lazyLoads,
      faultsCaught: 0,
      evictions: 0,
      remaps: 0,
      mapCap: 0,
      uring: false,
      uringReason: 'fs store: no io_uring',
    };
  }

  close(): void {
    this.closed = true;
    this.entries.length = 0;
    this.byPath.clear();
  }
}

/** Splits text into lines without terminators; a final terminator does not start another line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
