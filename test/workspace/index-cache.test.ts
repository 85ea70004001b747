// The index cache's bytes (workspace/cache-codec.ts) and the word filter each summary carries
// (language/word-filter.ts), as properties over every source the tests have: a cache decodes to exactly
// the summaries that were encoded; any damage, version or roots mismatch is refused with a reason; the
// filter never says "not here" for a word that is there.
import assert from 'node:assert/strict';
import { summarizeText } from '../../server/src/language/summary';
import { mayContain, wordFilter } from '../../server/src/language/word-filter';
import { decodeCache, encodeCache, encodeCacheSliced } from '../../server/src/workspace/cache-codec';
import type { IndexedFile } from '../../server/src/workspace/symbol-index';
import { corpus } from '../support/corpus';

const ID = { version: '1.2.3', roots: ['/w/a', '/w/b'] };

function indexed(): IndexedFile[] {
  return corpus(60).map((f, i) => ({
    id: i,
    path: `/w/a/${f.name}`,
    root: 0,
    rel: f.name,
    size: Buffer.byteLength(f.text),
    mtimeMs: 1_700_000_000_000 + i * 1.5,
    summary: summarizeText(f.text),
  }));
}

/** Its own ArrayBuffer at offset 0, as the cache reader hands it over. */
function own(b: Buffer): Buffer {
  const out = Buffer.alloc(b.length);
  b.copy(out);
  return out;
}

describe('index cache bytes (format 3)', () => {
  const files = indexed();
  const bytes = encodeCache(files, ID);

  it('decodes to exactly the summaries encoded', async () => {
    const { files: back } = await decodeCache(own(bytes), ID);
    assert.equal(back.size, files.length);
    for (const f of files) {
      const e = back.get(f.path);
      assert.ok(e, f.path);
      assert.equal(e.size, f.size);
      assert.equal(e.mtimeMs, f.mtimeMs);
      assert.deepEqual(e.summary, f.summary, f.path);
    }
  });

  it('encodes the same bytes a slice at a time, giving the event loop turns meanwhile', async () => {
    const turns: string[] = [];
    const tick = (): void => {
      if (turns.includes('done')) return;
      turns.push('turn');
      setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await encodeCacheSliced(files, ID, 0);
    turns.push('done');
    assert.ok(sliced.equals(bytes), 'sliced bytes differ');
    // One turn per file at least (slices of 0 ms), and the assembly of the file pauses too.
    assert.ok(turns.indexOf('done') > files.length, `only ${turns.indexOf('done')} turns before the end`);
  });

  it('round-trips an index larger than one chunk of the int stream (4 MB) and of the string table', async () => {
    // The same summaries under many paths: over a million ints and tens of thousands of strings.
    const many: IndexedFile[] = [];
    let ints = 0;
    for (let copy = 0; ints < 1_300_000; copy++)
      for (const f of files) {
        many.push({ ...f, id: many.length, path: `${f.path}.${copy}` });
        ints += f.summary.symbols.length + f.summary.words.length;
      }
    const big = encodeCache(many, ID);
    assert.ok(big.readUInt32LE(16) > 8192, `only ${big.readUInt32LE(16)} strings`);
    assert.ok(big.readUInt32LE(28) > 1 << 20, `only ${big.readUInt32LE(28)} ints`);
    assert.ok((await encodeCacheSliced(many, ID)).equals(big));
    const { files: back } = await decodeCache(own(big), ID);
    assert.equal(back.size, many.length);
    for (const f of [many[0], many[Math.floor(many.length / 2)], many[many.length - 1]])
      assert.deepEqual(back.get(f.path)?.summary, f.summary, f.path);
  });

  it('decodes from a buffer at an unaligned offset too', async () => {
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const { files: back } = await decodeCache(shifted.subarray(3), ID);
    assert.equal(back.size, files.length);
  });

  it('refuses another version, other roots, and any damage, saying why', async () => {
    await assert.rejects(decodeCache(own(bytes), { ...ID, version: '9' }), /written by version 1\.2\.3/);
    await assert.rejects(decodeCache(own(bytes), { ...ID, roots: ['/w/a'] }), /other roots/);
    await assert.rejects(decodeCache(own(bytes.subarray(0, bytes.length - 8)), ID), /checksum/);
    await assert.rejects(decodeCache(Buffer.from('not a cache at all, no'), ID), /not an index cache/);
    for (const at of [8, 20, 40, bytes.length >> 1, bytes.length - 1]) {
      const bad = own(bytes);
      bad[at] ^= 0x5a;
      await assert.rejects(decodeCache(bad, ID), /checksum/, `byte ${at}`);
    }
  });

  it('refuses well-checksummed nonsense: counts and indexes are checked, not trusted', async () => {
    const zlib = await import('node:zlib');
    const crc = (b: Buffer) => (zlib as unknown as { crc32(d: Buffer): number }).crc32(b) >>> 0;
    // The last int is the last file's last filter word; the int count is at 28. Lie about the count.
    const bad = own(bytes);
    bad.writeUInt32LE(bad.readUInt32LE(28) + 1000, 28);
    bad.writeUInt32LE(crc(bad.subarray(12)), 8);
    await assert.rejects(decodeCache(bad, ID), /section sizes/);
  });
});

describe('word filter', () => {
  it('holds every word of every source (no false "not here")', () => {
    for (const f of corpus(60)) {
      const filter = wordFilter(f.text);
      for (const m of f.text.matchAll(/[A-Za-z0-9_]+/g))
        assert.ok(mayContain(filter, m[0]), `${f.name}: ${m[0]}`);
    }
  });

  it('rules out most absent words, and is about 10 bits per distinct word', () => {
    let absent = 0;
    let said = 0;
    for (const f of corpus(60)) {
      const words = new Set(f.text.match(/[A-Za-z0-9_]+/g) ?? []);
      const filter = wordFilter(f.text);
      assert.ok(filter.length * 32 <= Math.max(64, 2 * 10 * words.size), f.name);
      for (let i = 0; i < 200; i++) {
        const w = `absent_${i}_word`;
        if (words.has(w)) continue;
        absent++;
        if (mayContain(filter, w)) said++;
      }
    }
    assert.ok(said / absent < 0.05, `false positives ${said} of ${absent}`);
  });

  it('treats a malformed filter as "may contain"', () => {
    assert.equal(mayContain(new Int32Array(0), 'x'), true);
    assert.equal(mayContain(new Int32Array(3), 'x'), true);
  });
});
