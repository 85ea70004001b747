// findWord against a naive scan, more files than the map cap, worker threads and process exit.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateFiles } from '../../fixtures/generate';
import { packageInfo } from '../../server/src/package-info';
import { AbortError } from '../../server/src/store/file-store';
import { addonPath } from '../../server/src/native/load';
import { forEachStore } from './support';

/** The reference: a regex over the bytes read as latin1 (one char per byte, so indexes are byte offsets). */
function naiveFind(
  files: { id: number; data: Buffer }[],
  word: string,
): { fileId: number; offset: number }[] {
  const re = new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g');
  const out: { fileId: number; offset: number }[] = [];
  for (const f of files)
    for (const m of f.data.toString('latin1').matchAll(re)) out.push({ fileId: f.id, offset: m.index });
  return out;
}

forEachStore('FileStore at scale', (h) => {
  it('findWord agrees with a naive scan on a generated workspace', async () => {
    const dir = h.dir();
    const written: string[] = [];
    for (const f of generateFiles({ files: 150, seed: 11 })) {
      const p = path.join(dir, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, f.text);
      written.push(p);
    }
    const s = h.make({ copyBelow: 4096, mapCap: 40 });
    const staged = await s.stage(written);
    const files = staged.map((f) => ({ id: f.id, data: fs.readFileSync(f.path) }));
    const vocabulary = new Map<string, number>();
    for (const f of files.slice(0, 20))
      for (const w of f.data.toString('latin1').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
        vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    const words = [...vocabulary.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const picks = [...words.slice(0, 4), ...words.slice(-3)].map(([w]) => w).concat(['_', 'x', 'zzz_absent']);
    for (const word of picks) {
      const want = naiveFind(files, word);
      assert.deepEqual(await s.findWord(word), want, word);
    }
    const limited = await s.findWord(words[0][0], { limit: 5 });
    assert.equal(limited.length, 5);
  });

  it('findWord agrees with a naive scan on dense random text (block edges, file edges, long words)', async () => {
    const long = 'abcdefghij_abcdefghij';
    let x = 5;
    const pick = (alphabet: string) =>
      alphabet[(x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % alphabet.length];
    const texts = [0, 1, 15, 16, 17, 31, 33, 100, 5000].map((n, k) => {
      let t = k % 2 === 0 ? 'ab ' : '';
      while (t.length < n) t += x % 7 === 0 ? ` ${long} ` : pick('ab_ \né');
      return t + (k % 3 === 0 ? ' ab' : '');
    });
    const s = h.make({ copyBelow: 64 });
    const staged = await s.stage(texts.map((t, i) => h.write(`r${i}.spl`, t)));
    const files = staged.map((f) => ({ id: f.id, data: fs.readFileSync(f.path) }));
    for (const word of ['a', 'b', 'ab', 'ba', 'a_b', '_', long, 'abcdefghij']) {
      assert.deepEqual(await s.findWord(word), naiveFind(files, word), word);
    }
  });

  it('findWord is cancellable through an AbortSignal', async () => {
    const s = h.make();
    await s.stage([h.write('w.spl', 'alpha beta alpha\n'.repeat(1000))]);
    const before = new AbortController();
    before.abort();
    await assert.rejects(s.findWord('alpha', { signal: before.signal }), AbortError);
    const during = new AbortController();
    const pending = s.findWord('alpha', { signal: during.signal });
    during.abort();
    await assert.rejects(pending, AbortError);
    assert.equal((await s.findWord('alpha')).length, 2000); // the store is still usable
  });

  it('stages more files than the map cap and reads every one correctly', async () => {
    const dir = h.dir();
    const paths: string[] = [];
    for (let i = 0; i < 60; i++) {
      const p = path.join(dir, `m${i}.spl`);
      fs.writeFileSync(p, `file ${i} `.padEnd(9000 + i, '.'));
      paths.push(p);
    }
    const s = h.make({ mapCap: 8, copyBelow: 0, batchSize: 16 });
    const staged = await s.stage(paths);
    for (let round = 0; round < 2; round++)
      for (const f of staged)
        assert.equal(s.text(f.id, 0, 12).trimEnd(), `file ${f.id} `.padEnd(12, '.').trimEnd());
    const st = s.stats();
    if (h.kind === 'native') {
      assert.ok(st.maps <= 8, `maps ${st.maps}`);
      assert.ok(st.evictions > 0);
      assert.ok(st.remaps > 0);
      assert.ok(st.mappedBytes <= 8 * 9060);
    }
    assert.equal(st.files, 60);
  });

  it('keeps mapped bytes under the memory budget (maxMappedBytes) and still reads every file', async () => {
    const dir = h.dir();
    const paths = Array.from({ length: 12 }, (_, i) => path.join(dir, `b${i}.spl`));
    paths.forEach((p, i) => fs.writeFileSync(p, `budget ${i} `.padEnd(50_000, '-')));
    const s = h.make({ maxMappedBytes: 120_000 });
    const staged = await s.stage(paths);
    for (const f of staged) assert.equal(s.text(f.id, 0, 9).trim(), `budget ${f.id}`);
    if (h.kind === 'native')
      assert.ok(s.stats().mappedBytes <= 120_000, `${s.stats().mappedBytes} bytes mapped`);
  });

  it('stages 30,500 small files, all mapped, past the default 30,000-map cap, and reads every one', async function () {
    this.timeout(120_000);
    const dir = h.dir();
    const paths: string[] = [];
    for (let i = 0; i < 30_500; i++) {
      const sub = path.join(dir, `d${i % 100}`);
      if (i < 100) fs.mkdirSync(sub);
      const p = path.join(sub, `m${i}.spl`);
      fs.writeFileSync(p, `val v${i} = ${i}\n`);
      paths.push(p);
    }
    const s = h.make({ copyBelow: 0 }); // map even tiny files: the default cap (30,000) must evict
    const staged = await s.stage(paths);
    assert.equal(staged.filter((f) => f.status !== 'error').length, paths.length);
    const want = staged.map((_, i) => `v${i}`);
    assert.deepEqual(s.slices(staged.map((f, i) => ({ id: f.id, start: 4, end: 4 + want[i].length }))), want);
    if (h.kind === 'native') assert.ok(s.stats().maps <= 30_000, `maps: ${s.stats().maps}`);
    s.close();
  });

  it('stages a few thousand small files with a map cap of 500', async () => {
    const dir = h.dir();
    const paths: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const sub = path.join(dir, `d${i % 30}`);
      if (i < 30) fs.mkdirSync(sub);
      const p = path.join(sub, `f${i}.spl`);
      fs.writeFileSync(p, `fn f${i}():\n    return ${i}\n`);
      paths.push(p);
    }
    const s = h.make({ mapCap: 500, copyBelow: 0 });
    const staged = await s.stage(paths);
    assert.equal(staged.filter((f) => f.status !== 'error').length, 3000);
    const slices = staged.map((f) => ({ id: f.id, start: 3, end: 3 + `f${f.id}`.length }));
    assert.deepEqual(
      s.slices(slices),
      staged.map((f) => `f${f.id}`),
    );
    if (h.kind === 'native') assert.ok(s.stats().maps <= 500);
    assert.equal((await s.findWord('return')).length, 3000);
  });

  it('works from a worker thread, and a worker ending with live maps releases them', async () => {
    const file = h.write('w.spl', 'worker_word here\n'.repeat(2000));
    const modulePath = path.join(
      packageInfo().root,
      'out',
      'server',
      'src',
      'store',
      h.kind === 'native' ? 'native-store.js' : 'fs-store.js',
    );
    const code = `
      const { parentPort, workerData } = require('worker_threads');
      const m = require(workerData.modulePath);
      let store;
      if (workerData.kind === 'native') {
        const mod = { exports: {} };
        process.dlopen(mod, workerData.addon);
        store = new m.NativeStore(mod.exports, {});
      } else store = new m.FsStore({});
      store.stage([workerData.file]).then(async ([f]) => {
        const found = await store.findWord('worker_word');
        parentPort.postMessage({ status: f.status, text: store.text(f.id, 0, 11), found: found.length, kind: store.stats().kind });
        // no close(): the environment's cleanup hook releases the maps
      });`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { modulePath, kind: h.kind, addon: addonPath(packageInfo().root), file },
    });
    const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
    const message = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      void exit.then((code) => reject(new Error(`worker exited (code ${code}) without a message`)));
    });
    assert.deepEqual(message, {
      status: h.kind === 'native' ? 'mapped' : 'copied',
      text: 'worker_word',
      found: 2000,
      kind: h.kind,
    });
    // The worker ends by itself with its store open: the cleanup hook unmaps; the exit is clean.
    assert.equal(await exit, 0);
  });

  it('lets the process exit with live maps and pending work', function () {
    const file = h.write('x.spl', 'x'.repeat(100_000));
    const root = packageInfo().root;
    const script = `
      const { selectStore } = require(${JSON.stringify(path.join(root, 'out/server/src/store/select-store.js'))});
      const { store, kind } = selectStore({ root: ${JSON.stringify(root)}, env: { SIMPLE_LSP_STORE: ${JSON.stringify(h.kind)} } });
      store.stage([${JSON.stringify(file)}]).then(() => {
        store.stage([${JSON.stringify(file)}]); // still in flight at exit
        console.log(kind, store.stats().files);
        process.exit(0);
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${h.kind} 1`);
  });
});

describe('native SIGBUS guard chaining', () => {
  it('passes a SIGBUS outside any guarded read to the handler installed before the addon', function () {
    const file = addonPath(packageInfo().root);
    if (!fs.existsSync(file)) {
      if (process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1') assert.fail(`${file} missing`);
      this.skip();
    }
    // Node installs its handler when a listener is added; the addon, loaded after, must chain to it.
    const script = `
      process.on('SIGBUS', () => { console.log('previous handler ran'); process.exit(0); });
      const mod = { exports: {} };
      process.dlopen(mod, ${JSON.stringify(file)});
      process.kill(process.pid, 'SIGBUS');
      setTimeout(() => process.exit(3), 10000);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'previous handler ran', r.stderr);
    assert.equal(r.status, 0);
  });

  it('leaves the default action (the process dies of SIGBUS) when nothing was installed before', function () {
    const file = addonPath(packageInfo().root);
    if (!fs.existsSync(file)) this.skip();
    const script = `const mod = { exports: {} }; process.dlopen(mod, ${JSON.stringify(file)}); process.kill(process.pid, 'SIGBUS');
      setTimeout(() => process.exit(3), 10000);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.signal, 'SIGBUS');
  });
});
