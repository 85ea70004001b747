// The index on disk, so a restart on an unchanged workspace skips parsing: one file per set of roots,
// holding each file's summary keyed by path, size and mtime. The file is checked before it is trusted:
// magic, format and server version, the roots, a CRC over the payload, and the shape of every entry.
// Anything wrong (corrupt, truncated, foreign, older) is logged and ignored: the index is rebuilt.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { FileSummary } from '../language/summary';
import { STRIDE } from '../language/summary';
import type { Logger } from '../logger';
import { packageInfo } from '../package-info';
import type { IndexedFile } from './symbol-index';

const MAGIC = 'SIMPLEIX';
const FORMAT = 2;
/** Entries decoded per turn of the event loop (a 20,000-file cache parsed in one go blocked it ~0.3 s). */
const DECODE_SLICE = 500;

export interface CachedEntry {
  size: number;
  mtimeMs: number;
  summary: FileSummary;
}

interface EntryMeta {
  path: string;
  size: number;
  mtimeMs: number;
  names: string[];
  imports: FileSummary['imports'];
  exports: FileSummary['exports'];
  ascii: boolean;
  errors: number;
  /** Offset and length (in ints) of the symbols in the payload's int section. */
  at: number;
  ints: number;
}

interface Header {
  format: number;
  version: string;
  roots: string[];
  /** How many entry lines follow. */
  entries: number;
}

export class IndexCache {
  readonly file: string;

  constructor(
    dir: string,
    private readonly roots: readonly string[],
    private readonly logger: Logger,
  ) {
    const key = createHash('sha256').update(roots.join('\0')).digest('hex').slice(0, 16);
    this.file = path.join(dir, `index-${key}.bin`);
  }

  async load(): Promise<Map<string, CachedEntry>> {
    let data: Buffer;
    try {
      data = await fs.promises.readFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn(`index cache: cannot read ${this.file}: ${(e as Error).message}`);
      return new Map();
    }
    try {
      return await this.decode(data);
    } catch (e) {
      this.logger.warn(`index cache: ignoring ${this.file}: ${(e as Error).message}; rebuilding`);
      return new Map();
    }
  }

  private async decode(data: Buffer): Promise<Map<string, CachedEntry>> {
    // [magic 8][crc u32][json length u32][json: a header line, then one line per entry][pad to 4][int32s]
    if (data.length < 16 || data.toString('latin1', 0, 8) !== MAGIC) throw new Error('not an index cache');
    const crc = data.readUInt32LE(8);
    if (crc32(data.subarray(12)) !== crc) throw new Error('checksum mismatch (corrupt or truncated)');
    const jsonLength = data.readUInt32LE(12);
    if (16 + jsonLength > data.length) throw new Error('truncated header');
    const lines = data.toString('utf8', 16, 16 + jsonLength).split('\n');
    const header = JSON.parse(lines[0]) as Header;
    if (header.format !== FORMAT) throw new Error(`format ${String(header.format)}, expected ${FORMAT}`);
    if (header.version !== packageInfo().version)
      throw new Error(`written by version ${String(header.version)} (this is ${packageInfo().version})`);
    if (!Array.isArray(header.roots) || header.roots.join('\0') !== this.roots.join('\0'))
      throw new Error('written for other roots');
    if (header.entries !== lines.length - 1) throw new Error('entry count mismatch');
    const intStart = align4(16 + jsonLength);
    const ints = new Int32Array(data.buffer.slice(data.byteOffset + intStart, data.byteOffset + data.length));
    const out = new Map<string, CachedEntry>();
    for (let i = 1; i < lines.length; i++) {
      if (i % DECODE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const e = JSON.parse(lines[i]) as EntryMeta;
      if (
        typeof e.path !== 'string' ||
        !Array.isArray(e.names) ||
        e.ints !== e.names.length * STRIDE ||
        e.at < 0 ||
        e.at + e.ints > ints.length
      )
        throw new Error(`malformed entry ${JSON.stringify(e.path)}`);
      out.set(e.path, {
        size: e.size,
        mtimeMs: e.mtimeMs,
        summary: {
          symbols: ints.slice(e.at, e.at + e.ints),
          names: e.names,
          imports: e.imports,
          exports: e.exports,
          ascii: e.ascii,
          errors: e.errors,
          words: new Int32Array(0), // not in format 2: "may contain" every word
        },
      });
    }
    return out;
  }

  async save(files: Iterable<IndexedFile>): Promise<void> {
    const entries: EntryMeta[] = [];
    const parts: Int32Array[] = [];
    let at = 0;
    for (const f of files) {
      const s = f.summary;
      entries.push({
        path: f.path,
        size: f.size,
        mtimeMs: f.mtimeMs,
        names: s.names,
        imports: s.imports,
        exports: s.exports,
        ascii: s.ascii,
        errors: s.errors,
        at,
        ints: s.symbols.length,
      });
      parts.push(s.symbols);
      at += s.symbols.length;
    }
    const header: Header = {
      format: FORMAT,
      version: packageInfo().version,
      roots: [...this.roots],
      entries: entries.length,
    };
    // One line per entry (JSON never holds a raw newline), so loading can parse them a slice at a time.
    const lines = [JSON.stringify(header), ...entries.map((e) => JSON.stringify(e))];
    const json = Buffer.from(lines.join('\n'), 'utf8');
    const intStart = align4(16 + json.length);
    const out = Buffer.alloc(intStart + at * 4);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(json.length, 12);
    json.copy(out, 16);
    let offset = intStart;
    for (const p of parts) {
      Buffer.from(p.buffer, p.byteOffset, p.byteLength).copy(out, offset);
      offset += p.byteLength;
    }
    out.writeUInt32LE(crc32(out.subarray(12)), 8);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, out);
      await fs.promises.rename(tmp, this.file);
    } catch (e) {
      this.logger.warn(`index cache: cannot write ${this.file}: ${(e as Error).message}`);
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function crc32(data: Buffer): number {
  return (zlib as unknown as { crc32(d: Buffer): number }).crc32(data) >>> 0;
}

/** Where caches live by default: $XDG_CACHE_HOME/simple-lsp, else ~/.cache/simple-lsp. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || '/tmp', '.cache');
  return path.join(base, 'simple-lsp');
}

/** The cache option from the environment: SIMPLE_LSP_CACHE_DIR, 'off' to disable, else the user's cache dir. */
export function cacheOption(env: NodeJS.ProcessEnv = process.env): { cacheDir?: string } {
  const dir = env.SIMPLE_LSP_CACHE_DIR;
  if (dir === 'off') return {};
  return { cacheDir: dir && dir !== '' ? dir : defaultCacheDir(env) };
}
