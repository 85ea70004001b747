// The server's own data inside a SCIP index, so a server can start from an index CI built
// (`--index-from index.scip`, setting `simple.index.prebuilt`). SCIP's messages say what Sourcegraph
// needs (occurrences, symbol information) but not what the server's index holds (each file's summary:
// packed declarations with byte offsets, imports, exports). So the indexer adds one field to the
// `Index` message, number SERVER_DATA_FIELD, unknown to SCIP's schema and skipped by every SCIP reader,
// written before the documents so a server reads only the head of the file:
//   [u32 LE: length of the JSON] [JSON lines: a header {format, version, stride, files}, then one entry
//   per file {rel, size, hash, names, imports, exports, ascii, errors, ints}] [padding to 4]
//   [int32 little-endian: the symbols of every entry, in order]
// A summary is a function of a file's text alone, so an entry is trusted for a file on disk exactly
// when the file's content hash (SHA-256 of its text as the file store decodes it) is the recorded one;
// any other file is summarized locally as on a cold start. A header from another server version or
// summary layout, or a damaged field, is logged and ignored: everything is indexed locally.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { type FileSummary, STRIDE } from '../language/summary';
import type { Logger } from '../logger';
import { packageInfo } from '../package-info';
import type { FileStore } from '../store/file-store';

/** The `Index` field holding the server's data (outside SCIP's numbers and protobuf's reserved range). */
export const SERVER_DATA_FIELD = 104_729;
const FORMAT = 1;

export interface PrebuiltEntry {
  size: number;
  /** contentHash() of the text the summary was made from. */
  hash: string;
  summary: FileSummary;
}

interface Header {
  format: number;
  version: string;
  stride: number;
  files: number;
}

interface EntryLine {
  rel: string;
  size: number;
  hash: string;
  names: string[];
  imports: FileSummary['imports'];
  exports: FileSummary['exports'];
  ascii: boolean;
  errors: number;
  ints: number;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

export function encodeServerData(
  entries: { rel: string; size: number; hash: string; summary: FileSummary }[],
): Uint8Array {
  const header: Header = {
    format: FORMAT,
    version: packageInfo().version,
    stride: STRIDE,
    files: entries.length,
  };
  const lines = [JSON.stringify(header)];
  let ints = 0;
  for (const e of entries) {
    const s = e.summary;
    const line: EntryLine = {
      rel: e.rel,
      size: e.size,
      hash: e.hash,
      names: s.names,
      imports: s.imports,
      exports: s.exports,
      ascii: s.ascii,
      errors: s.errors,
      ints: s.symbols.length,
    };
    lines.push(JSON.stringify(line));
    ints += s.symbols.length;
  }
  const json = Buffer.from(lines.join('\n'), 'utf8');
  const intStart = align4(4 + json.length);
  const out = Buffer.alloc(intStart + ints * 4);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let at = intStart;
  for (const e of entries) {
    for (const v of e.summary.symbols) at = out.writeInt32LE(v, at);
  }
  return out;
}

export function decodeServerData(data: Uint8Array): Map<string, PrebuiltEntry> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 4) throw new Error('truncated header');
  const jsonLength = buf.readUInt32LE(0);
  if (4 + jsonLength > buf.length) throw new Error('truncated entries');
  const lines = buf.toString('utf8', 4, 4 + jsonLength).split('\n');
  const header = JSON.parse(lines[0]) as Header;
  if (header.format !== FORMAT)
    throw new Error(`server data format ${String(header.format)}, expected ${FORMAT}`);
  if (header.version !== packageInfo().version)
    throw new Error(`written by simple-lsp ${String(header.version)} (this is ${packageInfo().version})`);
  if (header.stride !== STRIDE)
    throw new Error(`summary layout ${String(header.stride)}, expected ${STRIDE}`);
  if (header.files !== lines.length - 1) throw new Error('entry count mismatch');
  const entries = lines.slice(1).map((l) => JSON.parse(l) as EntryLine);
  const intStart = align4(4 + jsonLength);
  const total = entries.reduce((n, e) => n + e.ints, 0);
  if (intStart + total * 4 > buf.length) throw new Error('truncated symbols');
  // Copied into an aligned buffer: the field's bytes may sit at any offset of the file.
  const ints = new Int32Array(total);
  Buffer.from(ints.buffer).set(buf.subarray(intStart, intStart + total * 4));
  const out = new Map<string, PrebuiltEntry>();
  let at = 0;
  for (const e of entries) {
    if (
      typeof e.rel !== 'string' ||
      typeof e.hash !== 'string' ||
      !Array.isArray(e.names) ||
      e.ints !== e.names.length * STRIDE ||
      !Array.isArray(e.imports) ||
      !Array.isArray(e.exports)
    )
      throw new Error(`malformed entry ${JSON.stringify(e.rel)}`);
    out.set(e.rel, {
      size: e.size,
      hash: e.hash,
      summary: {
        symbols: ints.subarray(at, at + e.ints),
        names: e.names,
        imports: e.imports,
        exports: e.exports,
        ascii: e.ascii,
        errors: e.errors,
      },
    });
    at += e.ints;
  }
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
    const entries = decodeServerData(body);
    logger.info(`prebuilt index ${file}: ${entries.size} file summaries`);
    return entries;
  } catch (e) {
    logger.warn(`prebuilt index ${file} ignored: ${(e as Error).message}; indexing locally`);
    return new Map();
  } finally {
    await handle?.close();
  }
}

/** The prebuilt summary of a staged file when its content is the one the index was built from. */
export function trustedSummary(
  entry: PrebuiltEntry | undefined,
  store: FileStore,
  file: { id: number; size: number },
): FileSummary | undefined {
  if (!entry || entry.size !== file.size) return undefined;
  return contentHash(store.text(file.id, 0, file.size)) === entry.hash ? entry.summary : undefined;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
