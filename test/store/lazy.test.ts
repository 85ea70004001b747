// Lazy files, on every store: ids handed out without reading (reserve), staging without bytes
// ({ bytes: false }), the first use reading the file, findWord scanning files whose bytes are not held, and
// lazily-opened files that vanished or changed meanwhile giving clear errors, never a crash.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangedError, FileUnavailableError, StoreClosedError } from '../../server/src/store/file-store';
import { bytes, forEachStore } from './support';

forEachStore('FileStore lazy files', (h) => {
  it('reserve hands out ids without touching the disk; the first use reads the file', async () => {
    const dir = h.dir();
    const a = path.join(dir, 'a.spl');
    const b = path.join(dir, 'b.spl');
    const s = h.make();
    const ids = s.reserve([a, b]); // neither exists yet
    assert.deepEqual(ids, [0, 1]);
    assert.deepEqual(s.reserve([b, a]), [1, 0], 'a known path keeps its id');
    assert.deepEqual([s.stats().files, s.stats().lazyFiles, s.stats().copiedFiles], [2, 2, 0]);
    fs.writeFileSync(a, 'fn alpha():\n    pass\n');
    assert.equal(s.text(ids[0], 3, 8), 'alpha');
    assert.deepEqual(s.lines(ids[0], 1, 2), ['    pass']);
    assert.deepEqual([s.stats().lazyFiles, s.stats().lazyLoads], [1, 1]);
    // Staging a reserved path keeps its id and reports it new (there was nothing to compare with).
    fs.writeFileSync(b, 'beta');
    const [sb] = await s.stage([b]);
    assert.deepEqual([sb.id, sb.change, sb.status], [1, 'new', 'copied']);
    assert.equal(s.text(1, 0, 4), 'beta');
  });

  it('a reserved file that is gone gives FileUnavailableError with the errno, and the store goes on', async () => {
    const dir = h.dir();
    const gone = path.join(dir, 'gone.spl');
    const here = h.write('here.spl', 'here');
    const s = h.make();
    const [g, k] = s.reserve([gone, here]);
    assert.throws(
      () => s.text(g, 0, 1),
      (e) =>
        e instanceof FileUnavailableError &&
        e.code === 'ENOENT' &&
        e.fileId === g &&
        /text: file 0 could not be read on first use: .*gone\.spl/.test(e.message),
    );
    assert.throws(() => s.slices([{ id: g, start: 0, end: 1 }]), FileUnavailableError);
    assert.equal(s.text(k, 0, 4), 'here');
    assert.equal(s.stats().errors, 1);
    assert.deepEqual(await s.findWord('here'), [{ fileId: k, offset: 0 }]);
  });

  it('stages without bytes: lazy with the identity, read on first use, bytes kept when unchanged', async () => {
    const small = h.write('s.spl', 'val small = 1\n');
    const big = h.write('b.spl', bytes(40_000, 3));
    const s = h.make();
    const [fs1, fb] = await s.stage([small, big], { bytes: false });
    assert.deepEqual([fs1.status, fs1.size, fs1.change], ['lazy', 14, 'new']);
    assert.deepEqual([fb.status, fb.size], ['lazy', 40_000]);
    assert.ok(fs1.mtimeMs > 0 && fs1.ino > 0);
    assert.deepEqual([s.stats().lazyFiles, s.stats().copiedFiles, s.stats().maps], [2, 0, 0]);
    assert.equal(s.text(fs1.id, 4, 9), 'small');
    assert.equal(s.text(fb.id, 100, 200), bytes(40_000, 3).toString('utf8', 100, 200));
    assert.equal(s.stats().lazyLoads, 2);
    const [again] = await s.stage([small], { bytes: false });
    assert.deepEqual([again.change, again.status], ['unchanged', 'copied']);
    assert.equal(s.stats().lazyFiles, 0);
    // An empty file needs no bytes: it is copied (empty) either way.
    const [empty] = await s.stage([h.write('e.spl', '')], { bytes: false });
    assert.equal(empty.status, 'copied');
  });

  it('a lazy file changed or removed before its first use gives FileChangedError, then the new state', async () => {
    const file = h.write('c.spl', 'before\n');
    const other = h.write('o.spl', 'other\n');
    const s = h.make();
    const [f, o] = await s.stage([file, other], { bytes: false });
    fs.writeFileSync(file, 'after, longer\n');
    assert.throws(
      () => s.text(f.id, 0, 5),
      (e) => e instanceof FileChangedError && e.fileId === f.id && e.path === file,
    );
    assert.equal(s.text(f.id, 0, 5), 'after');
    fs.unlinkSync(other);
    assert.throws(() => s.text(o.id, 0, 1), FileChangedError);
    assert.throws(
      () => s.text(o.id, 0, 1),
      (e) => e instanceof FileUnavailableError && e.code === 'ENOENT',
    );
  });

  it('findWord scans lazy and reserved files without keeping their bytes, skipping lazy files changed since', async () => {
    const a = h.write('a.spl', 'fn needle():\n    needle()\n');
    const b = h.write('b.spl', 'x needle\n');
    const c = h.write('c.spl', 'needle changes\n');
    const s = h.make();
    const [fa, fb, fc] = await s.stage([a, b, c], { bytes: false });
    const [r] = s.reserve([h.write('r.spl', ' needle')]);
    fs.writeFileSync(c, 'this file changed: needle\n');
    const found = await s.findWord('needle');
    assert.deepEqual(found, [
      { fileId: fa.id, offset: 3 },
      { fileId: fa.id, offset: 17 },
      { fileId: fb.id, offset: 2 },
      { fileId: r, offset: 1 },
    ]);
    assert.equal(fc.status, 'lazy');
    assert.deepEqual([s.stats().lazyFiles, s.stats().lazyLoads], [4, 0]);
  });

  it('checks reserve and stage options, and reserve after close', async () => {
    const s = h.make();
    const bad = s as unknown as Record<string, (...args: unknown[]) => unknown>;
    assert.throws(() => bad.reserve('a'), { name: 'TypeError', message: /reserve: paths must be an array/ });
    assert.throws(() => bad.reserve([1]), {
      name: 'TypeError',
      message: /reserve: paths\[0\] must be a string/,
    });
    await assert.rejects(async () => bad.stage([], { bytes: 'no' }), {
      name: 'TypeError',
      message: /stage: options.bytes must be a boolean/,
    });
    s.close();
    assert.throws(() => s.reserve(['/x.spl']), StoreClosedError);
  });
});

forEachStore('FileStore findWord over chosen files', (h) => {
  it('scans only the ids given (each once, unknown ids ignored), lazy or not', async () => {
    const paths = ['a', 'b', 'c', 'd'].map((n) => h.write(`${n}.spl`, `${n} shared_word\n`));
    const s = h.make();
    const staged = await s.stage(paths.slice(0, 2));
    const lazy = await s.stage(paths.slice(2), { bytes: false });
    const [a, b] = staged.map((f) => f.id);
    const [c, d] = lazy.map((f) => f.id);
    const ids = (found: { fileId: number }[]) => found.map((o) => o.fileId);
    assert.deepEqual(ids(await s.findWord('shared_word')), [a, b, c, d]);
    assert.deepEqual(ids(await s.findWord('shared_word', { files: [d, a, d, 999] })), [a, d]);
    assert.deepEqual(ids(await s.findWord('shared_word', { files: [] })), []);
    assert.equal(s.stats().lazyFiles, 2, 'a scan keeps no bytes');
    const bad = s as unknown as Record<string, (...args: unknown[]) => unknown>;
    await assert.rejects(async () => bad.findWord('x', { files: 3 }), {
      name: 'TypeError',
      message: /options.files must be an array/,
    });
    await assert.rejects(async () => bad.findWord('x', { files: [-1] }), {
      name: 'RangeError',
      message: /options.files\[0\] must be a non-negative integer/,
    });
  });
});
