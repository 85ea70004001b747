// The fallback FileStore: reads every staged file into a Buffer with fs.promises (no mapping, no native
// code). Text stays in Buffers (outside the V8 heap's string space); only the slices asked for become
// strings. A file changed on disk is noticed by refresh(), never under a read: the Buffer is a copy.
import * as fs from 'node:fs';
import { constants } from 'node:os';
import {
  AbortError,
  check,
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_FILE_BYTES,
  FileUnavailableError,
  type FileStore,
  type FindWordOptions,
  type Occurrence,
  type Slice,
  type StagedFile,
  type StoreOptions,
  type StoreStats,
} from './file-store';
import { findWordIn, lineRange } from './scan';

interface Entry {
  file: StagedFile;
  bytes?: Buffer;
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

  async stage(paths: readonly string[]): Promise<StagedFile[]> {
    check.open(this.closed, 'stage');
    check.paths(paths, 'stage');
    const out: StagedFile[] = [];
    for (let i = 0; i < paths.length; i += this.batchSize) {
      const batch = paths.slice(i, i + this.batchSize);
      const loaded: { file: Omit<StagedFile, 'id' | 'change'>; bytes?: Buffer }[] = new Array(batch.length);
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const k = next++;
          loaded[k] = await this.load(batch[k]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
      check.open(this.closed, 'stage');
      for (const l of loaded) out.push(this.install(l.file, l.bytes));
    }
    return out;
  }

  private async load(path: string): Promise<{ file: Omit<StagedFile, 'id' | 'change'>; bytes?: Buffer }> {
    const failed = (e: unknown, size = 0, mtimeMs = 0, ino = 0) => {
      const err = e as NodeJS.ErrnoException;
      return {
        file: {
          path,
          status: 'error' as const,
          size,
          mtimeMs,
          ino,
          errno: err.errno,
          code: err.code,
          message: err.message,
        },
      };
    };
    let handle: fs.promises.FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer.
      handle = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (e) {
      return failed(e);
    }
    try {
      const st = await handle.stat();
      const base = { path, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      if (!st.isFile()) {
        const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'not a regular file';
        const code = st.isDirectory() ? 'EISDIR' : 'EINVAL';
        const error = new Error(`stage '${path}': ${what}, not a regular file (${code})`);
        return failed(Object.assign(error, { code, errno: -errno[code] }), st.size, st.mtimeMs, st.ino);
      }
      if (st.size > this.maxFileBytes) {
        const error = new Error(
          `stage '${path}': ${st.size} bytes is over the limit of ${this.maxFileBytes} bytes (EFBIG)`,
        );
        return failed(
          Object.assign(error, { code: 'EFBIG', errno: -errno.EFBIG }),
          st.size,
          st.mtimeMs,
          st.ino,
        );
      }
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
      return failed(e);
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
      const old = this.entries[id].file;
      const same =
        old.status !== 'error' &&
        file.status !== 'error' &&
        old.size === file.size &&
        old.mtimeMs === file.mtimeMs &&
        old.ino === file.ino;
      const sameError = old.status === 'error' && file.status === 'error' && old.code === file.code;
      change = same || sameError ? 'unchanged' : 'changed';
    }
    const staged: StagedFile = { id, ...file, change };
    this.entries[id] = { file: staged, bytes };
    return { ...staged };
  }

  private bytes(id: number, call: string): Buffer {
    const e = this.entries[id];
    if (e === undefined) throw new RangeError(`${call}: no file with id ${id}`);
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
    const { signal, limit = Infinity } = check.findOptions(options);
    const needle = Buffer.from(word, 'latin1');
    // Never settle within the caller's turn: an abort right after the call still cancels, as in the native store.
    await new Promise((resolve) => setImmediate(resolve));
    check.open(this.closed, 'findWord');
    const out: Occurrence[] = [];
    let sinceYield = 0;
    for (let id = 0; id < this.entries.length && out.length < limit; id++) {
      if (signal?.aborted) throw new AbortError();
      const b = this.entries[id]?.bytes;
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

  stats(): StoreStats {
    check.open(this.closed, 'stats');
    let copiedFiles = 0;
    let copiedBytes = 0;
    let errors = 0;
    for (const e of this.entries) {
      if (e.bytes !== undefined) {
        copiedFiles++;
        copiedBytes += e.bytes.length;
      } else errors++;
    }
    return {
      kind: 'fs',
      files: this.entries.length,
      maps: 0,
      mappedBytes: 0,
      copiedFiles,
      copiedBytes,
      errors,
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
