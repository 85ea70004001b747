// The FileStore interface: workspace file bytes kept outside the JS heap (native: mapped and prefaulted;
// fallback: Buffers read with fs.promises), addressed by file id and byte offsets. Only copies reach JS:
// every lookup returns fresh strings. Both implementations pass the same suite (test/store/).

export type StoreKind = 'native' | 'fs';

/**
 * mapped: bytes behind a prefaulted mapping; copied: a private copy (small, empty, or the fs store);
 * lazy: a regular file whose bytes are not held (staged with `bytes: false`, or only reserved): read or
 * mapped on first use, and by findWord for the scan alone; error.
 */
export type StagedStatus = 'mapped' | 'copied' | 'lazy' | 'error';

export interface StagedFile {
  /** Stable per path for the life of the store (staging a path again keeps its id). */
  id: number;
  path: string;
  status: StagedStatus;
  /** Bytes (0 when the file could not be stat'ed). */
  size: number;
  mtimeMs: number;
  ino: number;
  /** Negative errno (Node's convention) when status is 'error'. */
  errno?: number;
  /** 'ENOENT', 'EISDIR', 'EFBIG', ... when status is 'error'. */
  code?: string;
  message?: string;
  /** Compared with what the store held for this path before: new, changed (size, mtime or inode) or not. */
  change: 'new' | 'changed' | 'unchanged';
}

export interface Slice {
  id: number;
  /** Byte offsets, end exclusive. */
  start: number;
  end: number;
}

export interface Occurrence {
  fileId: number;
  /** Byte offset of the word's first byte. */
  offset: number;
}

export interface FindWordOptions {
  signal?: AbortSignal;
  /** Stop after about this many occurrences (which ones are kept is unspecified when the limit is hit). */
  limit?: number;
  /**
   * Scan only these file ids (unknown ids are ignored): a caller that knows which files may hold the
   * word spares the store reading the others (a lazy file is read from disk for the scan).
   */
  files?: readonly number[];
}

export interface StoreStats {
  kind: StoreKind;
  files: number;
  /** Live mappings and their bytes (native store only; 0 for fs). */
  maps: number;
  mappedBytes: number;
  copiedFiles: number;
  copiedBytes: number;
  errors: number;
  /** Files whose bytes are not held (status 'lazy'), and lazy files read on first use so far. */
  lazyFiles: number;
  lazyLoads: number;
  /** SIGBUS faults caught by the guard (files truncated under a mapping); always 0 for fs. */
  faultsCaught: number;
  /** Mappings dropped by the LRU cap, and files mapped again afterwards or after a change. */
  evictions: number;
  remaps: number;
  mapCap: number;
  /** Staging through io_uring (native store), and why or why not. */
  uring: boolean;
  uringReason: string;
}

export interface StoreOptions {
  /** Live mappings at most (default 30,000, well under vm.max_map_count ≈ 65,530). */
  mapCap?: number;
  /** Mapped bytes at most (default: unlimited; the map cap applies first). */
  maxMappedBytes?: number;
  /** Files smaller than this are copied rather than mapped (default 16 KiB). */
  copyBelow?: number;
  /** Files larger than this are refused with EFBIG (default 64 MiB). */
  maxFileBytes?: number;
  /** Native store: stage through io_uring when available (default true). */
  uring?: boolean;
  /** Files per staging job (default 512). */
  batchSize?: number;
}

export const DEFAULT_MAP_CAP = 30_000;
export const DEFAULT_COPY_BELOW = 16 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Files per staging job. On 20,000 cold files (2 cores, noisy shared VM) 512 staged in ~0.65 s with
 * event-loop p99 ~4 ms; 1,024 was no faster with p99 6-7 ms (installing a job's results is JS-thread work);
 * 256 took ~0.75-0.95 s (docs/store.md).
 */
export const DEFAULT_BATCH_SIZE = 512;

export interface StageOptions {
  /**
   * Read (or map) the bytes now (default true). false: open and stat only; regular files get status
   * 'lazy' and are read on first use. A file staged before with the same identity keeps bytes it holds.
   */
  bytes?: boolean;
}

export interface FileStore {
  readonly kind: StoreKind;
  /** Opens, stats and reads or maps the files, in batches off the JS thread. One result per path, in order. */
  stage(paths: readonly string[], options?: StageOptions): Promise<StagedFile[]>;
  /**
   * Ids for paths without touching the disk (a path already known keeps its id). A new path's entry is
   * lazy with no identity: its first use reads whatever the file holds then (an error there is a
   * FileUnavailableError with the errno's code), and a later stage() of it reports 'new'.
   */
  reserve(paths: readonly string[]): number[];
  /** The bytes [start, end) of a file, decoded as UTF-8 (invalid bytes become U+FFFD). */
  text(id: number, start: number, end: number): string;
  /** Lines [first, last) of a file without their terminators (\n, \r\n or a lone \r). */
  lines(id: number, first: number, last: number): string[];
  /** Many slices in one call (cheaper per slice than text()). */
  slices(slices: readonly Slice[]): string[];
  /** Re-stats a staged file (by id or path, or a new path) and reloads it when it changed. */
  refresh(idOrPath: number | string): Promise<StagedFile>;
  /** Occurrences of an ASCII identifier at identifier boundaries, sorted by file id then offset. */
  findWord(word: string, options?: FindWordOptions): Promise<Occurrence[]>;
  stats(): StoreStats;
  /** Releases every mapping and buffer. Idempotent; every other method throws StoreClosedError afterwards. */
  close(): void;
}

/** A staged file changed on disk under a read (truncated, replaced): the store has re-stat'ed it. */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
  readonly code = 'SIMPLE_FILE_CHANGED';
  constructor(
    message: string,
    readonly fileId: number,
    readonly path: string,
  ) {
    super(message);
  }
}

export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
  readonly code = 'SIMPLE_STORE_CLOSED';
}

/** A staged file that has no bytes (its status is 'error'). */
export class FileUnavailableError extends Error {
  override name = 'FileUnavailableError';
  constructor(
    message: string,
    readonly fileId: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** findWord was cancelled through its AbortSignal. */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'findWord: cancelled') {
    super(message);
  }
}

const IDENT = /^[A-Za-z0-9_]+$/;

/** Argument checks shared by both stores, so both throw the same precise TypeError/RangeError. */
export const check = {
  open(closed: boolean, call: string): void {
    if (closed) throw new StoreClosedError(`${call}: the store is closed`);
  },
  paths(paths: unknown, call: string): void {
    if (!Array.isArray(paths))
      throw new TypeError(`${call}: paths must be an array of strings, got ${typeOf(paths)}`);
    for (let i = 0; i < paths.length; i++) {
      const p: unknown = paths[i];
      if (typeof p !== 'string')
        throw new TypeError(`${call}: paths[${i}] must be a string, got ${typeOf(p)}`);
      if (p.length === 0 || p.includes('\0'))
        throw new TypeError(`${call}: paths[${i}] must be a non-empty path without NUL characters`);
    }
  },
  id(id: unknown, call: string, name = 'id'): void {
    if (typeof id !== 'number') throw new TypeError(`${call}: ${name} must be a number, got ${typeOf(id)}`);
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff)
      throw new RangeError(`${call}: ${name} must be a non-negative integer, got ${id}`);
  },
  range(start: unknown, end: unknown, call: string, what = 'start', whatEnd = 'end'): void {
    for (const [name, v] of [
      [what, start],
      [whatEnd, end],
    ] as const) {
      if (typeof v !== 'number') throw new TypeError(`${call}: ${name} must be a number, got ${typeOf(v)}`);
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
        throw new RangeError(`${call}: ${name} must be a non-negative integer, got ${v}`);
    }
    if ((end as number) < (start as number))
      throw new RangeError(`${call}: ${whatEnd} (${end as number}) is before ${what} (${start as number})`);
  },
  word(word: unknown): void {
    if (typeof word !== 'string') throw new TypeError(`findWord: word must be a string, got ${typeOf(word)}`);
    if (!IDENT.test(word))
      throw new RangeError(
        `findWord: word must be a non-empty ASCII identifier [A-Za-z0-9_]+, got '${word}'`,
      );
  },
  stageOptions(options: unknown): StageOptions {
    if (options === undefined) return {};
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`stage: options must be an object, got ${typeOf(options)}`);
    const o = options as StageOptions;
    if (o.bytes !== undefined && typeof o.bytes !== 'boolean')
      throw new TypeError(`stage: options.bytes must be a boolean, got ${typeOf(o.bytes)}`);
    return o;
  },
  findOptions(options: unknown): FindWordOptions {
    if (options === undefined) return {};
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`findWord: options must be an object, got ${typeOf(options)}`);
    const o = options as FindWordOptions;
    if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
      throw new TypeError('findWord: options.signal must be an AbortSignal');
    if (o.limit !== undefined && (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 1))
      throw new RangeError(`findWord: options.limit must be a positive integer, got ${String(o.limit)}`);
    if (o.files !== undefined) {
      if (!Array.isArray(o.files))
        throw new TypeError('findWord: options.files must be an array of file ids');
      o.files.forEach((id, i) => check.id(id, 'findWord', `options.files[${i}]`));
    }
    return o;
  },
  slices(slices: unknown): void {
    if (!Array.isArray(slices))
      throw new TypeError(`slices: expected an array of {id, start, end}, got ${typeOf(slices)}`);
    for (let i = 0; i < slices.length; i++) {
      const s: unknown = slices[i];
      if (typeof s !== 'object' || s === null)
        throw new TypeError(`slices: slices[${i}] must be an object {id, start, end}, got ${typeOf(s)}`);
      const { id, start, end } = s as Slice;
      check.id(id, `slices[${i}]`);
      check.range(start, end, `slices[${i}]`);
    }
  },
  idOrPath(v: unknown, call: string): void {
    if (typeof v === 'string') {
      if (v.length === 0 || v.includes('\0'))
        throw new TypeError(`${call}: path must be non-empty without NUL`);
      return;
    }
    if (typeof v !== 'number') throw new TypeError(`${call}: expected a file id or a path, got ${typeOf(v)}`);
    check.id(v, call);
  },
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
