// The FileStore contract, run against both implementations: lifecycle and misuse, file shapes, decoding.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileUnavailableError, StoreClosedError } from '../../server/src/store/file-store';
import { bytes, forEachStore } from './support';

forEachStore('FileStore lifecycle and misuse', (h) => {
  it('throws StoreClosedError from every method after close(), and close() is idempotent', async () => {
    const file = h.write('a.spl', 'abc\n');
    const s = h.make();
    const [f] = await s.stage([file]);
    s.close();
    s.close();
    const closed = (fn: () => unknown) =>
      assert.throws(fn, (e) => e instanceof StoreClosedError && /closed/.test(e.message));
    closed(() => s.text(f.id, 0, 1));
    closed(() => s.lines(f.id, 0, 1));
    closed(() => s.slices([{ id: f.id, start: 0, end: 1 }]));
    closed(() => s.stats());
    await assert.rejects(s.stage([file]), StoreClosedError);
    await assert.rejects(s.refresh(f.id), StoreClosedError);
    await assert.rejects(s.findWord('abc'), StoreClosedError);
  });

  it('rejects bad arguments with precise TypeError and RangeError messages', async () => {
    const s = h.make();
    const [f] = await s.stage([h.write('a.spl', 'hello world\n')]);
    const bad = s as unknown as Record<string, (...args: unknown[]) => unknown>;
    await assert.rejects(async () => bad.stage('a.spl'), {
      name: 'TypeError',
      message: /stage: paths must be an array/,
    });
    await assert.rejects(async () => bad.stage(['ok', 3]), {
      name: 'TypeError',
      message: /paths\[1\] must be a string/,
    });
    await assert.rejects(async () => bad.stage(['']), {
      name: 'TypeError',
      message: /paths\[0\] must be a non-empty/,
    });
    assert.throws(() => bad.text('0', 0, 1), {
      name: 'TypeError',
      message: 'text: id must be a number, got string',
    });
    assert.throws(() => bad.text(-1, 0, 1), {
      name: 'RangeError',
      message: /text: id must be a non-negative integer/,
    });
    assert.throws(() => bad.text(f.id, 1.5, 2), {
      name: 'RangeError',
      message: /start must be a non-negative integer/,
    });
    assert.throws(() => s.text(f.id, 5, 2), {
      name: 'RangeError',
      message: 'text: end (2) is before start (5)',
    });
    assert.throws(() => s.text(f.id, 0, 13), { name: 'RangeError', message: /outside file 0 \(size 12\)/ });
    assert.throws(() => s.text(99, 0, 1), { name: 'RangeError', message: 'text: no file with id 99' });
    assert.throws(() => bad.lines(f.id, 2, 1), {
      name: 'RangeError',
      message: 'lines: last (1) is before first (2)',
    });
    assert.throws(() => bad.slices([{ id: f.id, start: 0 }]), {
      name: 'TypeError',
      message: /slices\[0\]: end must be a number/,
    });
    assert.throws(() => bad.slices([null]), { name: 'TypeError', message: /slices\[0\] must be an object/ });
    await assert.rejects(async () => bad.findWord(''), {
      name: 'RangeError',
      message: /non-empty ASCII identifier/,
    });
    await assert.rejects(async () => bad.findWord('a-b'), { name: 'RangeError', message: /got 'a-b'/ });
    await assert.rejects(async () => bad.findWord('é'), { name: 'RangeError' });
    await assert.rejects(async () => bad.findWord(7), {
      name: 'TypeError',
      message: /word must be a string/,
    });
    await assert.rejects(async () => bad.findWord('a', { limit: 0 }), {
      name: 'RangeError',
      message: /limit/,
    });
    await assert.rejects(async () => bad.findWord('a', { signal: {} }), {
      name: 'TypeError',
      message: /AbortSignal/,
    });
    await assert.rejects(async () => bad.refresh(99), {
      name: 'RangeError',
      message: 'refresh: no file with id 99',
    });
    await assert.rejects(async () => bad.refresh({}), { name: 'TypeError', message: /file id or a path/ });
  });

  it('keeps a stable id per path, and reports new / unchanged on re-staging', async () => {
    const a = h.write('a.spl', 'a');
    const b = h.write('b.spl', 'b');
    const s = h.make();
    const first = await s.stage([a, b]);
    assert.deepEqual(
      first.map((f) => [f.id, f.change]),
      [
        [0, 'new'],
        [1, 'new'],
      ],
    );
    const again = await s.stage([b, a]);
    assert.deepEqual(
      again.map((f) => [f.id, f.change]),
      [
        [1, 'unchanged'],
        [0, 'unchanged'],
      ],
    );
    assert.equal((await s.stage([])).length, 0);
    const st = s.stats();
    assert.equal(st.kind, h.kind);
    assert.equal(st.files, 2);
    assert.equal(st.copiedFiles, 2);
    assert.equal(st.copiedBytes, 2);
  });
});

forEachStore('FileStore file shapes', (h) => {
  it('stages empty, 1-byte, 4096-byte and multi-MB files and reads them back exactly', async () => {
    const contents = [Buffer.alloc(0), Buffer.from('x'), bytes(4096, 2), bytes(3 * 1024 * 1024 + 17, 3)];
    const paths = contents.map((c, i) => h.write(`f${i}.spl`, c));
    const s = h.make();
    const staged = await s.stage(paths);
    assert.deepEqual(
      staged.map((f) => f.size),
      contents.map((c) => c.length),
    );
    const expectStatus =
      h.kind === 'native'
        ? ['copied', 'copied', 'copied', 'mapped']
        : ['copied', 'copied', 'copied', 'copied'];
    assert.deepEqual(
      staged.map((f) => f.status),
      expectStatus,
    );
    for (const [i, f] of staged.entries()) {
      assert.equal(s.text(f.id, 0, f.size), contents[i].toString('utf8'), `file ${i}`);
      assert.equal(f.ino, fs.statSync(paths[i]).ino);
    }
    const big = staged[3];
    const slices = [0, 4095, 4096, 1 << 20, big.size - 200].map((start) => ({
      id: big.id,
      start,
      end: start + 200,
    }));
    assert.deepEqual(
      s.slices(slices),
      slices.map((x) => contents[3].toString('utf8', x.start, x.end)),
    );
    assert.equal(s.text(0, 0, 0), '');
    assert.deepEqual(s.lines(0, 0, 10), []);
    if (h.kind === 'native') {
      const st = s.stats();
      assert.equal(st.maps, 1);
      assert.equal(st.mappedBytes, big.size);
    }
  });

  it('decodes invalid UTF-8 with replacement characters, never throwing', async () => {
    const data = Buffer.concat([
      Buffer.from('ok '),
      bytes(5000, 9, true),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
    ]);
    const s = h.make({ copyBelow: 0 });
    const [f] = await s.stage([h.write('bin.spl', data)]);
    assert.equal(s.text(f.id, 0, f.size), data.toString('utf8'));
    for (let start = 0; start < 64; start += 7)
      assert.equal(s.text(f.id, start, start + 33), data.toString('utf8', start, start + 33));
    assert.equal(s.text(f.id, f.size - 5, f.size), data.toString('utf8', f.size - 5));
    // Batched: every slice decodes as if alone, even where invalid bytes meet a neighbour's bytes.
    const cuts = Array.from({ length: 400 }, (_, i) => ({
      id: f.id,
      start: (i * 37) % 4000,
      end: ((i * 37) % 4000) + (i % 23),
    }));
    assert.deepEqual(
      s.slices(cuts),
      cuts.map((c) => data.toString('utf8', c.start, c.end)),
    );
  });

  it('cuts multi-byte UTF-8 at every slice boundary like Buffer.toString does', async () => {
    const text = 'aé€😀b\r\nΣ日本語😀\n';
    const data = Buffer.from(text.repeat(3));
    const s = h.make();
    const [f] = await s.stage([h.write('u.spl', data)]);
    const want: string[] = [];
    const got: { id: number; start: number; end: number }[] = [];
    for (let start = 0; start <= 24; start++)
      for (let end = start; end <= 28; end++) {
        want.push(data.toString('utf8', start, end));
        got.push({ id: f.id, start, end });
        assert.equal(s.text(f.id, start, end), data.toString('utf8', start, end), `[${start}, ${end})`);
      }
    assert.deepEqual(s.slices(got), want);
  });

  it('splits lines at \\n, \\r\\n and lone \\r', async () => {
    const s = h.make();
    const [f, g] = await s.stage([
      h.write('crlf.spl', 'one\r\ntwo\rthree\n\r\nsix é\r\n'),
      h.write('n.spl', 'x\ny'),
    ]);
    assert.deepEqual(s.lines(f.id, 0, 100), ['one', 'two', 'three', '', 'six é']);
    assert.deepEqual(s.lines(f.id, 1, 3), ['two', 'three']);
    assert.deepEqual(s.lines(f.id, 4, 5), ['six é']);
    assert.deepEqual(s.lines(f.id, 5, 9), []);
    assert.deepEqual(s.lines(g.id, 1, 2), ['y']);
    assert.deepEqual(s.lines(g.id, 0, 0), []);
  });

  it('gives missing files, directories, FIFOs, symlink loops and huge files an error status', async () => {
    const dir = h.dir();
    const fifo = path.join(dir, 'pipe.spl');
    execFileSync('mkfifo', [fifo]);
    const loop = path.join(dir, 'loop.spl');
    fs.symlinkSync(loop, loop);
    const huge = path.join(dir, 'huge.spl');
    fs.writeFileSync(huge, 'x'.repeat(2048));
    const s = h.make({ maxFileBytes: 1024 });
    const staged = await s.stage([path.join(dir, 'missing.spl'), dir, fifo, loop, huge]);
    assert.deepEqual(
      staged.map((f) => [f.status, f.code]),
      [
        ['error', 'ENOENT'],
        ['error', 'EISDIR'],
        ['error', 'EINVAL'],
        ['error', 'ELOOP'],
        ['error', 'EFBIG'],
      ],
    );
    assert.deepEqual(
      staged.map((f) => f.errno),
      [-2, -21, -22, -40, -27],
    );
    for (const f of staged) assert.match(f.message ?? '', /\.spl|simple-store/);
    assert.throws(
      () => s.text(staged[0].id, 0, 0),
      (e) => e instanceof FileUnavailableError && e.code === 'ENOENT',
    );
    assert.equal(s.stats().errors, 5);
  });

  it('reports permission-denied files (EACCES; as root, which bypasses file modes, this case is skipped)', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads mode-000 files; directories and FIFOs cover "unreadable"
    const file = h.write('secret.spl', 'x');
    fs.chmodSync(file, 0);
    const [f] = await h.make().stage([file]);
    assert.deepEqual([f.status, f.code], ['error', 'EACCES']);
  });
});
