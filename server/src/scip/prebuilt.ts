// The server's own data inside a SCIP index, so a server can start from an index CI built
// (`--index-from index.scip`, setting `simple.index.prebuilt`). SCIP's messages say what Sourcegraph
// needs (occurrences, symbol information) but not what the server's index holds (each file's summary:
// packed declarations with byte offsets, imports, exports, word filter). So the indexer adds one field to
// the `Index` message, number SERVER_DATA_FIELD, unknown to SCIP's schema and skipped by every SCIP
// reader, written before the documents so a server reads only the head of the file:
//   [u32 LE: bytes of the hash list] [the content hash of each file, base64, '\n'-separated, in the
//   order of the entries below] [padding to 8] [the index cache's own encoding (cache-codec.ts) of every
//   file, keyed by its relative path, with mtime 0]
// The cache codec checks its checksum, format, the server version and every count, so one reader and one
// set of checks serves the cache and the prebuilt index. A summary is a function of a file's text
// alone, so an entry is trusted for a file on disk exactly when the file's content hash (SHA-256 of its
// text as the file store decodes it) is the recorded one. The workspace serves the entries the way a
// warm start serves the cache (Workspace.serveCached): every entry at once, before any file is read or
// the tree walked; after ready each file is read off the JS thread and checked, by its size and then
// its content hash (verifyPrebuilt, a slice at a time), a file that differs being indexed again, and
// the walk adds and drops the files created or removed since the index was built. A damaged field, or
// one from another server version, is logged and ignored: everything is indexed locally.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { FileSummary } from '../language/summary';
import type { Logger } from '../logger';
import { packageInfo } from '../package-info';
import type { FileStore } from '../store/file-store';
import { decodeCache, encodeCache } from '../workspace/cache-codec';
import type { IndexedFile } from '../workspace/symbol-index';

/** The `Index` field holding the server's data (outside SCIP's numbers and protobuf's reserved range). */
export const SERVER_DATA_FIELD = 104_729;
/** The cache codec's root list for prebuilt entries (paths are relative to the indexed directory). */
const ROOTS = ['.'];

export interface PrebuiltEntry {
  size: number;
  /** contentHash() of the text the summary was made from. */
  hash: string;
  summary: FileSummary;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

export function encodeServerData(
  entries: { rel: string; size: number; hash: string; summary: FileSummary }[],
): Uint8Array {
  const hashes = Buffer.from(entries.map((e) => e.hash).join('\n'), 'latin1');
  const files = entries.map((e): IndexedFile => ({
    id: 0,
    path: e.rel,
    root: 0,
    rel: e.rel,
    size: e.size,
    mtimeMs: 0,
    summary: e.summary,
  }));
  const cache = encodeCache(files, { version: packageInfo().version, roots: ROOTS });
  const at = align8(4 + hashes.length);
  const out = Buffer.alloc(at + cache.length);
  out.writeUInt32LE(hashes.length, 0);
  hashes.copy(out, 4);
  cache.copy(out, at);
  return out;
}

export async function decodeServerData(data: Uint8Array): Promise<Map<string, PrebuiltEntry>> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 4) throw new Error('truncated header');
  const hashBytes = buf.readUInt32LE(0);
  const at = align8(4 + hashBytes);
  if (at > buf.length) throw new Error('truncated hashes');
  const hashes = hashBytes === 0 ? [] : buf.toString('latin1', 4, 4 + hashBytes).split('\n');
  const { files } = await decodeCache(buf.subarray(at), { version: packageInfo().version, roots: ROOTS });
  if (files.size !== hashes.length) throw new Error(`${hashes.length} hashes for ${files.size} files`);
  const out = new Map<string, PrebuiltEntry>();
  let k = 0;
  for (const [rel, e] of files) out.set(rel, { size: e.size, hash: hashes[k++], summary: e.summary });
  return out;
}

/** Reads the server's data from a SCIP index; an empty map (and a warning) when it has none or is bad. */
export async function loadPrebuilt(file: string, logger: Logger): Promise<Map<string, PrebuiltEntry>> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    // The field comes first: read its tag and length, then only its bytes.
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const reader = new BinaryReader(head.subarray(0, bytesRead));
    const [no, wireType] = reader.tag();
    if (no !== SERVER_DATA_FIELD || wireType !== WireType.LengthDelimited)
      throw new Error('no simple-lsp data in this index (was it written by `simple-lsp scip`?)');
    const length = reader.uint32();
    const body = Buffer.alloc(length);
    const got = await handle.read(body, 0, length, reader.pos);
    if (got.bytesRead !== length) throw new Error('truncated');
    const entries = await decodeServerData(body);
    logger.info(`prebuilt index ${file}: ${entries.size} file summaries`);
    return entries;
  } catch (e) {
    logger.warn(`prebuilt index ${file} ignored: ${(e as Error).message}; indexing locally`);
    return new Map();
  } finally {
    await handle?.close();
  }
}

/** Main-thread time per slice of verifyPrebuilt (other requests run in between). */
const VERIFY_SLICE_MS = 8;

/**
 * The files whose text (as the store decodes it) no longer has the recorded content hash, hashed a slice
 * at a time; stops early when `stopped()`.
 */
export async function verifyPrebuilt<F extends { id: number; size: number; hash: string }>(
  store: FileStore,
  files: readonly F[],
  stopped: () => boolean,
): Promise<F[]> {
  const differ: F[] = [];
  let i = 0;
  while (i < files.length) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stopped()) return differ;
    const t0 = performance.now();
    do {
      const f = files[i++];
      let same = false;
      try {
        same = contentHash(store.text(f.id, 0, f.size)) === f.hash;
      } catch {
        // changed or gone under the read: indexed again below, as any difference
      }
      if (!same) differ.push(f);
    } while (i < files.length && performance.now() - t0 < VERIFY_SLICE_MS);
  }
  return differ;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
