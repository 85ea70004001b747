// The bytes of the index cache (format 5: a name's position is its UTF-16 offset, no longer its byte
// offset), kept apart from where they are read and written (index-cache.ts). Binary, with no JSON per entry:
//
//   [magic "SIMPLEIX" 8][crc32 of everything after it, u32][format u32]
//   [string count u32][string bytes u32][float count u32][int count u32]
//   [UTF-16 length of each string, int32 × strings][the strings, UTF-8, back to back][pad to 8]
//   [float64 × floats][int32 × ints]
//
// Every string (paths, names, import paths) is stored once: a name declared in many files costs one
// entry. The int stream is read front to back: the version and roots (as string indexes), then per file
// its path, flags, error count, symbols (names, then STRIDE ints each), imports, exports and word filter;
// the float stream holds each file's size and mtime. Every index and count is checked against what is
// left, so a damaged or foreign file throws (and is ignored by the caller) instead of producing nonsense.
import * as zlib from 'node:zlib';
import {
  type FileSummary,
  STRIDE,
  SYMBOL_KINDS,
  type SummaryExport,
  type SummaryImport,
} from '../language/summary';
import type { IndexedFile } from './symbol-index';

const MAGIC = 'SIMPLEIX';
export const FORMAT = 5;
const HEADER = 32;
/** Files decoded per turn of the event loop (a 20,000-file cache takes a few turns, none long). */
const DECODE_SLICE_MS = 4;
/** Encoding runs at most this long before other work gets a turn (encodeCacheSliced). */
const ENCODE_SLICE_MS = 4;
/** Bytes copied or checksummed per step of assembling or checking the file (a few ms each). */
const ASSEMBLE_CHUNK = 4 << 20;
/** Ints per chunk of the writer's int stream (4 MB). */
const INT_CHUNK = 1 << 20;
/** Strings encoded to UTF-8 per step of assembling the file. */
const STRINGS_PER_PART = 8192;

export interface CachedEntry {
  size: number;
  mtimeMs: number;
  summary: FileSummary;
}

export interface CacheContents {
  files: Map<string, CachedEntry>;
}

export interface CacheIdentity {
  version: string;
  roots: readonly string[];
}

const enum FileFlag {
  Ascii = 1,
}

const enum ImportFlag {
  Glob = 1,
  Reexport = 2,
  Alias = 4,
}

const enum ExportFlag {
  Glob = 1,
  Path = 2,
}

/** Builds the string table and the two streams; strings are numbered in order of first use. */
class Writer {
  private readonly strings = new Map<string, number>();
  private readonly list: string[] = [];
  /**
   * The int stream in fixed-size chunks: growing one array by doubling copied it again and again and
   * allocated one huge array at a time (hundreds of ms in one piece on a 20,000-file index).
   */
  private readonly full: Int32Array[] = [];
  private ints: Int32Array = new Int32Array(INT_CHUNK);
  private at = 0;
  readonly floats: number[] = [];

  get intCount(): number {
    return this.full.length * INT_CHUNK + this.at;
  }

  int(v: number): void {
    if (this.at === INT_CHUNK) this.nextChunk();
    this.ints[this.at++] = v;
  }

  intArray(values: Int32Array): void {
    let from = 0;
    while (from < values.length) {
      if (this.at === INT_CHUNK) this.nextChunk();
      const n = Math.min(values.length - from, INT_CHUNK - this.at);
      this.ints.set(from === 0 && n === values.length ? values : values.subarray(from, from + n), this.at);
      this.at += n;
      from += n;
    }
  }

  private nextChunk(): void {
    this.full.push(this.ints);
    this.ints = new Int32Array(INT_CHUNK);
    this.at = 0;
  }

  str(s: string): void {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.strings.set(s, i);
      this.list.push(s);
    }
    this.int(i);
  }

  strs(list: readonly string[]): void {
    this.int(list.length);
    for (const s of list) this.str(s);
  }

  bytes(): Buffer {
    return drain(this.assemble());
  }

  /**
   * The file's bytes, pausing (yield) between the large steps: the int stream is copied and the checksum
   * computed in chunks, so a sliced encode never holds the event loop for the whole of either.
   */
  *assemble(): Generator<void, Buffer> {
    // The string table as UTF-8 in parts (joining and encoding ~100,000 strings at once took ~150 ms).
    const parts: Buffer[] = [];
    let blobBytes = 0;
    for (let i = 0; i < this.list.length; i += STRINGS_PER_PART) {
      const part = Buffer.from(this.list.slice(i, i + STRINGS_PER_PART).join(''), 'utf8');
      parts.push(part);
      blobBytes += part.length;
      yield;
    }
    const lengths = new Int32Array(this.list.length);
    for (let i = 0; i < this.list.length; i++) lengths[i] = this.list[i].length;
    const floatsAt = align8(HEADER + lengths.byteLength + blobBytes);
    const intsAt = floatsAt + this.floats.length * 8;
    const out = Buffer.alloc(intsAt + this.intCount * 4);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(FORMAT, 12);
    out.writeUInt32LE(this.list.length, 16);
    out.writeUInt32LE(blobBytes, 20);
    out.writeUInt32LE(this.floats.length, 24);
    out.writeUInt32LE(this.intCount, 28);
    Buffer.from(lengths.buffer, 0, lengths.byteLength).copy(out, HEADER);
    let to = HEADER + lengths.byteLength;
    for (const part of parts) {
      part.copy(out, to);
      to += part.length;
    }
    Buffer.from(new Float64Array(this.floats).buffer).copy(out, floatsAt);
    yield;
    to = intsAt;
    for (const chunk of [...this.full, this.ints.subarray(0, this.at)]) {
      Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(out, to);
      to += chunk.byteLength;
      yield;
    }
    let crc = 0;
    for (let at = 12; at < out.length; at += ASSEMBLE_CHUNK) {
      crc = crc32(out.subarray(at, Math.min(out.length, at + ASSEMBLE_CHUNK)), crc);
      yield;
    }
    out.writeUInt32LE(crc, 8);
    return out;
  }
}

/** Runs a generator of pauses to its end without pausing. */
function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The cache's bytes, in one synchronous run (for the write at close, and for SCIP's workers). */
export function encodeCache(files: Iterable<IndexedFile>, id: CacheIdentity): Buffer {
  const list = [...files];
  const w = begin(list.length, id);
  for (const f of list) writeFile(w, f);
  return w.bytes();
}

/**
 * The same bytes as encodeCache, made a slice at a time: the event loop gets a turn every `sliceMs`
 * (a 20,000-file index takes about a second of encoding, which must not hold up requests). The list
 * of files is taken at the call; a summary is never changed in place (a change replaces the file's
 * entry), so what is encoded is the index as it was at the call.
 */
export async function encodeCacheSliced(
  files: Iterable<IndexedFile>,
  id: CacheIdentity,
  sliceMs = ENCODE_SLICE_MS,
): Promise<Buffer> {
  const list = [...files];
  const w = begin(list.length, id);
  let t0 = performance.now();
  for (const f of list) {
    if (performance.now() - t0 >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      t0 = performance.now();
    }
    writeFile(w, f);
  }
  const steps = w.assemble();
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function begin(files: number, id: CacheIdentity): Writer {
  const w = new Writer();
  w.str(id.version);
  w.strs(id.roots);
  w.int(files);
  return w;
}

function writeFile(w: Writer, f: IndexedFile): void {
  const s = f.summary;
  w.floats.push(f.size, f.mtimeMs);
  w.str(f.path);
  w.int(s.ascii ? FileFlag.Ascii : 0);
  w.int(s.errors);
  w.strs(s.names);
  w.intArray(s.symbols);
  w.int(s.imports.length);
  for (const i of s.imports) {
    w.int(
      (i.glob ? ImportFlag.Glob : 0) |
        (i.reexport ? ImportFlag.Reexport : 0) |
        (i.alias !== undefined ? ImportFlag.Alias : 0),
    );
    w.int(i.relativeDepth);
    if (i.alias !== undefined) w.str(i.alias);
    w.strs(i.path);
    w.int(i.items.length);
    for (const it of i.items) {
      w.str(it.name);
      if (it.alias !== undefined) {
        w.int(1);
        w.str(it.alias);
      } else w.int(0);
    }
  }
  w.int(s.exports.length);
  for (const e of s.exports) {
    w.int((e.glob ? ExportFlag.Glob : 0) | (e.path ? ExportFlag.Path : 0));
    w.strs(e.names);
    if (e.path) w.strs(e.path);
  }
  w.int(s.words.length);
  w.intArray(s.words);
}

/** Reads the streams in order; every read is checked against what is left. */
class Reader {
  private at = 0;
  private fat = 0;

  constructor(
    private readonly ints: Int32Array,
    private readonly floats: Float64Array,
    private readonly strings: string[],
  ) {}

  int(): number {
    if (this.at >= this.ints.length) throw new Error('truncated entry');
    return this.ints[this.at++];
  }

  /** A count of things still to read, at least `each` ints apiece. */
  count(each = 1): number {
    const n = this.int();
    if (n < 0 || n * each > this.ints.length - this.at) throw new Error(`bad count ${n}`);
    return n;
  }

  float(): number {
    if (this.fat >= this.floats.length) throw new Error('truncated entry');
    return this.floats[this.fat++];
  }

  str(): string {
    const i = this.int();
    if (i < 0 || i >= this.strings.length) throw new Error(`bad string index ${i}`);
    return this.strings[i];
  }

  strs(): string[] {
    const n = this.count();
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.str();
    return out;
  }

  /**
   * The next n ints, as a view: the int stream is one copy of the file's section (decodeCache), shared by
   * every summary read from it — one allocation instead of two per file, and the file's buffer can go.
   */
  intArray(n: number): Int32Array {
    if (n < 0 || n > this.ints.length - this.at) throw new Error(`bad length ${n}`);
    const out = this.ints.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  get done(): boolean {
    return this.at === this.ints.length && this.fat === this.floats.length;
  }
}

/**
 * Decodes and checks a cache file's bytes (which must start at offset 0 of their own ArrayBuffer, or be
 * copied). Throws with the reason when the file is damaged, foreign or of another version or roots.
 */
export async function decodeCache(data: Buffer, id: CacheIdentity): Promise<CacheContents> {
  if (data.length < HEADER || data.toString('latin1', 0, 8) !== MAGIC) throw new Error('not an index cache');
  // Checked in chunks, the event loop getting a turn between them (40 MB is tens of ms in one piece).
  let crc = 0;
  for (let at = 12; at < data.length; at += ASSEMBLE_CHUNK) {
    if (at > 12) await new Promise((resolve) => setImmediate(resolve));
    crc = crc32(data.subarray(at, Math.min(data.length, at + ASSEMBLE_CHUNK)), crc);
  }
  if (crc !== data.readUInt32LE(8)) throw new Error('checksum mismatch (corrupt or truncated)');
  const format = data.readUInt32LE(12);
  if (format !== FORMAT) throw new Error(`format ${format}, expected ${FORMAT}`);
  const stringCount = data.readUInt32LE(16);
  const blobBytes = data.readUInt32LE(20);
  const floatCount = data.readUInt32LE(24);
  const intCount = data.readUInt32LE(28);
  const blobAt = HEADER + stringCount * 4;
  const floatsAt = align8(blobAt + blobBytes);
  const intsAt = floatsAt + floatCount * 8;
  if (intsAt + intCount * 4 !== data.length) throw new Error('section sizes do not match the file size');
  const buffer =
    data.byteOffset % 8 === 0
      ? data.buffer
      : data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
  const base = data.byteOffset % 8 === 0 ? data.byteOffset : 0;
  const lengths = new Int32Array(buffer, base + HEADER, stringCount);
  const blob = data.toString('utf8', blobAt, blobAt + blobBytes);
  const strings = new Array<string>(stringCount);
  let pos = 0;
  for (let i = 0; i < stringCount; i++) {
    const len = lengths[i];
    if (len < 0 || pos + len > blob.length) throw new Error('string table damaged');
    strings[i] = blob.slice(pos, pos + len);
    pos += len;
  }
  if (pos !== blob.length) throw new Error('string table damaged');
  // One copy of the int section: the summaries' symbols and word filters are views into it (intArray).
  const r = new Reader(
    new Int32Array(buffer, base + intsAt, intCount).slice(),
    new Float64Array(buffer, base + floatsAt, floatCount),
    strings,
  );
  const version = r.str();
  if (version !== id.version) throw new Error(`written by version ${version} (this is ${id.version})`);
  if (r.strs().join('\0') !== id.roots.join('\0')) throw new Error('written for other roots');
  const fileCount = r.count(4);
  const files = new Map<string, CachedEntry>();
  let t0 = performance.now();
  for (let f = 0; f < fileCount; f++) {
    if (performance.now() - t0 > DECODE_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      t0 = performance.now();
    }
    const size = r.float();
    const mtimeMs = r.float();
    const path = r.str();
    files.set(path, { size, mtimeMs, summary: readSummary(r) });
  }
  if (!r.done) throw new Error('trailing data');
  return { files };
}

function readSummary(r: Reader): FileSummary {
  const flags = r.int();
  const errors = r.int();
  const names = r.strs();
  const symbols = r.intArray(names.length * STRIDE);
  for (let i = 0; i < names.length; i++) {
    const kind = symbols[i * STRIDE];
    const container = symbols[i * STRIDE + 2];
    if (kind < 0 || kind >= SYMBOL_KINDS.length || container < -1 || container >= i)
      throw new Error('malformed symbol');
  }
  const imports: SummaryImport[] = new Array<SummaryImport>(r.count(4));
  for (let k = 0; k < imports.length; k++) {
    const bits = r.int();
    const relativeDepth = r.int();
    const alias = bits & ImportFlag.Alias ? r.str() : undefined;
    const path = r.strs();
    const items = new Array<{ name: string; alias?: string }>(r.count(2));
    for (let j = 0; j < items.length; j++) {
      const name = r.str();
      items[j] = r.int() ? { name, alias: r.str() } : { name };
    }
    const imp: SummaryImport = {
      path,
      relativeDepth,
      items,
      glob: (bits & ImportFlag.Glob) !== 0,
      reexport: (bits & ImportFlag.Reexport) !== 0,
    };
    if (alias !== undefined) imp.alias = alias;
    imports[k] = imp;
  }
  const exports: SummaryExport[] = new Array<SummaryExport>(r.count(2));
  for (let k = 0; k < exports.length; k++) {
    const bits = r.int();
    const e: SummaryExport = { names: r.strs(), glob: (bits & ExportFlag.Glob) !== 0 };
    if (bits & ExportFlag.Path) e.path = r.strs();
    exports[k] = e;
  }
  const words = r.intArray(r.count());
  return { symbols, names, imports, exports, ascii: (flags & FileFlag.Ascii) !== 0, errors, words };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** CRC-32 of `data`, continuing from `value` (the CRC of what came before it; 0 to start). */
function crc32(data: Buffer, value = 0): number {
  return (zlib as unknown as { crc32(d: Buffer, v: number): number }).crc32(data, value) >>> 0;
}
