// The native FileStore: a thin TypeScript wrapper over the addon's NativeStore (native/store.cc). It
// validates every argument here (precise TypeError/RangeError; the C++ side only re-checks cheaply), cuts
// stage() into jobs of a few hundred files with one job in flight, and turns the addon's coded errors into
// FileChangedError / StoreClosedError / FileUnavailableError / AbortError.
import {
  AbortError,
  check,
  DEFAULT_BATCH_SIZE,
  FileChangedError,
  FileUnavailableError,
  StoreClosedError,
  type FileStore,
  type FindWordOptions,
  type Occurrence,
  type Slice,
  type StagedFile,
  type StageOptions,
  type StoreOptions,
  type StoreStats,
} from './file-store';
import type { NativeAddon, NativeStoreHandle } from '../native/addon';

/** Bytes of slices joined into one string per native call (see joined()). */
const JOIN_BYTES = 32 * 1024;

interface CodedError extends Error {
  code?: string;
  fileId?: number;
  path?: string;
}

/** Re-throws the addon's coded errors as the interface's error classes. */
function translate(e: unknown): never {
  const err = e as CodedError;
  if (err instanceof Error && !(err instanceof RangeError) && !(err instanceof TypeError)) {
    if (err.code === 'SIMPLE_FILE_CHANGED')
      throw new FileChangedError(err.message, err.fileId ?? -1, err.path ?? '');
    if (err.code === 'SIMPLE_STORE_CLOSED') throw new StoreClosedError(err.message);
    if (err.code === 'ABORT_ERR') throw new AbortError(err.message);
    if (err.fileId !== undefined && err.code !== undefined)
      throw new FileUnavailableError(err.message, err.fileId, err.code);
  }
  throw e;
}

export class NativeStore implements FileStore {
  readonly kind = 'native' as const;
  private readonly handle: NativeStoreHandle;
  private readonly batchSize: number;
  private readonly paths: string[] = [];
  private closed = false;

  constructor(addon: NativeAddon, options: StoreOptions = {}) {
    for (const key of ['mapCap', 'maxMappedBytes', 'copyBelow', 'maxFileBytes', 'batchSize'] as const) {
      const v = options[key];
      if (
        v !== undefined &&
        (typeof v !== 'number' || !Number.isInteger(v) || v < (key === 'copyBelow' ? 0 : 1))
      )
        throw new RangeError(`NativeStore: options.${key} must be a positive integer, got ${String(v)}`);
    }
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.handle = new addon.NativeStore(options);
  }

  async stage(paths: readonly string[], options?: StageOptions): Promise<StagedFile[]> {
    check.open(this.closed, 'stage');
    check.paths(paths, 'stage');
    const bytes = check.stageOptions(options).bytes ?? true;
    const out: StagedFile[] = [];
    // One job in flight: each job already keeps the disk busy (io_uring batches, WILLNEED on the whole
    // batch), and a second would only hold another libuv thread that fs calls may need.
    for (let i = 0; i < paths.length; i += this.batchSize) {
      check.open(this.closed, 'stage');
      let files: StagedFile[];
      try {
        files = await this.handle.stageBatch(paths.slice(i, i + this.batchSize), bytes);
      } catch (e) {
        translate(e);
      }
      for (const f of files) {
        this.paths[f.id] = f.path;
        out.push(f);
      }
    }
    return out;
  }

  reserve(paths: readonly string[]): number[] {
    check.open(this.closed, 'reserve');
    check.paths(paths, 'reserve');
    const ids = Array.from(this.handle.reserve(paths));
    for (let i = 0; i < ids.length; i++) this.paths[ids[i]] = paths[i];
    return ids;
  }

  text(id: number, start: number, end: number): string {
    check.open(this.closed, 'text');
    check.id(id, 'text');
    check.range(start, end, 'text');
    try {
      return this.handle.text(id, start, end);
    } catch (e) {
      translate(e);
    }
  }

  lines(id: number, first: number, last: number): string[] {
    check.open(this.closed, 'lines');
    check.id(id, 'lines');
    check.range(first, last, 'lines', 'first', 'last');
    try {
      return this.handle.lines(id, first, last);
    } catch (e) {
      translate(e);
    }
  }

  slices(slices: readonly Slice[]): string[] {
    check.open(this.closed, 'slices');
    check.slices(slices);
    const triples = new Uint32Array(slices.length * 3);
    for (let i = 0; i < slices.length; i++) {
      triples[3 * i] = slices[i].id;
      triples[3 * i + 1] = slices[i].start;
      triples[3 * i + 2] = slices[i].end;
    }
    return this.joined(triples);
  }

  /**
   * One N-API call and one string per chunk of slices, cut with String.prototype.slice: creating a string
   * per slice in C++ cost more than the lookups themselves. Chunks stay under JOIN_BYTES so the joined
   * string stays out of V8's large-object space (a 200 KB string per call meant an mmap/munmap per call).
   */
  private joined(triples: Uint32Array): string[] {
    const n = triples.length / 3;
    const out: string[] = new Array(n);
    let first = 0;
    while (first < n) {
      let last = first;
      let bytes = 0;
      do {
        bytes += triples[3 * last + 2] - triples[3 * last + 1];
        last++;
      } while (last < n && bytes + triples[3 * last + 2] - triples[3 * last + 1] <= JOIN_BYTES);
      let r: { text: string; ends: Uint32Array };
      try {
        r = this.handle.slicesJoined(
          first === 0 && last === n ? triples : triples.subarray(3 * first, 3 * last),
        );
      } catch (e) {
        translate(e);
      }
      let from = 0;
      for (let i = 0; i < r.ends.length; i++) {
        out[first + i] = r.text.slice(from, r.ends[i]);
        from = r.ends[i];
      }
      first = last;
    }
    return out;
  }

  /** Batched lookups without building objects: (id, start, end) triples, for hot paths and benchmarks. */
  slicesPacked(triples: Uint32Array): string[] {
    check.open(this.closed, 'slices');
    if (!(triples instanceof Uint32Array) || triples.length % 3 !== 0)
      throw new TypeError('slicesPacked: expected a Uint32Array of (id, start, end) triples');
    return this.joined(triples);
  }

  async refresh(idOrPath: number | string): Promise<StagedFile> {
    check.open(this.closed, 'refresh');
    check.idOrPath(idOrPath, 'refresh');
    const path = typeof idOrPath === 'string' ? idOrPath : this.paths[idOrPath];
    if (path === undefined) throw new RangeError(`refresh: no file with id ${idOrPath}`);
    const [file] = await this.stage([path]);
    return file;
  }

  async findWord(word: string, options?: FindWordOptions): Promise<Occurrence[]> {
    check.open(this.closed, 'findWord');
    check.word(word);
    const { signal, limit, files } = check.findOptions(options);
    if (signal?.aborted) throw new AbortError();
    let found: Awaited<ReturnType<NativeStoreHandle['findWord']>['promise']>;
    const { job, promise } = this.handle.findWord(
      word,
      limit ?? 0,
      files ? Uint32Array.from(files) : undefined,
    );
    const onAbort = () => this.handle.cancelFind(job);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      found = await promise;
    } catch (e) {
      translate(e);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    // Aborted after the scan finished but before this continuation ran: still an abort for the caller.
    if (signal?.aborted) throw new AbortError();
    const out: Occurrence[] = new Array(found.fileIds.length);
    for (let i = 0; i < out.length; i++) out[i] = { fileId: found.fileIds[i], offset: found.offsets[i] };
    return out;
  }

  stats(): StoreStats {
    check.open(this.closed, 'stats');
    return { kind: 'native', ...this.handle.stats() };
  }

  close(): void {
    this.closed = true;
    this.handle.close();
  }
}
