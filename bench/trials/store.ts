// The file store (issue 3, design.md "Why mmap, and why prefault"): on a generated workspace (large,
// ~20,000 files / ~100 MB; small for --quick) with a cold page cache (drop_caches as root, else
// posix_fadvise(DONTNEED) per file through the addon):
//   - staging time and event-loop delay (p99/max, monitorEventLoopDelay at 1 ms resolution) for the native
//     store (io_uring, and plain syscalls), the fs store, and the naive control that maps and touches every
//     page on the JS thread;
//   - warm random 200-byte lookups: native text(), native batched slices (1,000 per call), fs.readSync at
//     an offset into a pooled Buffer + toString;
//   - findWord throughput: native (threads over mapped bytes) vs the JS scan of the fs store.
// The workspace is generated once into fixtures/generated/ (git-ignored) and reused by every trial.
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { generateWorkspace } from '../../fixtures/generate';
import { packageInfo } from '../../server/src/package-info';
import type { FileStore } from '../../server/src/store/file-store';
import { FsStore } from '../../server/src/store/fs-store';
import type { NativeAddon, NativeTesting } from '../../server/src/native/addon';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative, nativeTesting } from '../../server/src/native/load';
import { median, nowMs, rng } from '../lib/measure';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const SEED = 1;
const LOOKUP_BYTES = 200;

export function workspaceFiles(opts: TrialOptions): { paths: string[]; bytes: number } {
  const files = opts.quick ? 100 : 20_000;
  const dir = path.join(packageInfo().root, 'fixtures', 'generated', `store-bench-${files}-seed${SEED}`);
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    generateWorkspace({ files, seed: SEED }, dir);
    fs.writeFileSync(marker, '');
  }
  const paths: string[] = [];
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.spl')) {
        paths.push(p);
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { paths, bytes };
}

function nativeAddon(): NativeAddon {
  const load = loadNative(packageInfo().root);
  if (load.addon === undefined) throw new Error(`native store unavailable: ${load.reason}`);
  return load.addon;
}

function testing(): NativeTesting {
  const hooks = nativeTesting(packageInfo().root);
  if (hooks === undefined) throw new Error('native addon unavailable');
  return hooks;
}

/** Empties the page cache for these files; returns how. */
export function evict(paths: string[]): string {
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return 'drop_caches';
  } catch {
    const hooks = nativeTesting(packageInfo().root);
    if (hooks === undefined) return 'warm (no way to evict)';
    hooks.evict(paths);
    return 'fadvise DONTNEED';
  }
}

/** Runs `work` with the event-loop delay histogram on; returns seconds and the delay p99/max in ms. */
export async function withLoopDelay(
  work: () => Promise<void>,
): Promise<{ seconds: number; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = nowMs();
  await work();
  const ms = nowMs() - t0;
  // One more turn so a final long block is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  h.disable();
  return { seconds: ms / 1000, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

/** Cold repetitions per staging trial (each with a new store and a dropped cache); the table shows medians. */
const STAGE_REPS = 3;

interface StageRun {
  seconds: number;
  p99: number;
  max: number;
}

function medianRun(runs: StageRun[]): StageRun {
  return {
    seconds: median(runs.map((r) => r.seconds)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
  };
}

function stageTrial(id: string, label: string, make: () => FileStore): Trial {
  return {
    id,
    label,
    run: async (opts) => {
      const { paths, bytes } = workspaceFiles(opts);
      const runs: StageRun[] = [];
      let cache = '';
      let errors = 0;
      let maps = 0;
      let uring = '-';
      for (let rep = 0; rep < (opts.quick ? 1 : STAGE_REPS); rep++) {
        const store = make();
        cache = evict(paths);
        runs.push(
          await withLoopDelay(async () => {
            const staged = await store.stage(paths);
            errors = staged.filter((f) => f.status === 'error').length;
          }),
        );
        const st = store.stats();
        maps = st.maps;
        if (st.kind === 'native') uring = String(st.uring);
        store.close();
      }
      return {
        kind: 'stage',
        files: paths.length,
        mb: bytes / 1e6,
        ...medianRun(runs),
        reps: runs.length,
        errors,
        cache,
        maps,
        uring,
      };
    },
  };
}

const controlTrial: Trial = {
  id: 'map-touch-js',
  label: 'control: mmap + touch every page on the JS thread (256 files per turn)',
  run: async (opts) => {
    const { paths, bytes } = workspaceFiles(opts);
    const a = testing();
    const runs: StageRun[] = [];
    let cache = '';
    for (let rep = 0; rep < (opts.quick ? 1 : STAGE_REPS); rep++) {
      cache = evict(paths);
      runs.push(
        await withLoopDelay(async () => {
          for (let i = 0; i < paths.length; i += 256) {
            a.mapAndTouch(paths.slice(i, i + 256));
            await new Promise((resolve) => setImmediate(resolve));
          }
        }),
      );
    }
    return {
      kind: 'stage',
      files: paths.length,
      mb: bytes / 1e6,
      ...medianRun(runs),
      reps: runs.length,
      errors: 0,
      cache,
      maps: 0,
      uring: '-',
    };
  },
};

const lookupTrial: Trial = {
  id: 'lookup',
  label: 'random 200-byte lookups, warm',
  run: async (opts) => {
    const { paths } = workspaceFiles(opts);
    const store = new NativeStore(nativeAddon());
    const staged = (await store.stage(paths)).filter((f) => f.size > LOOKUP_BYTES);
    const n = opts.quick ? 20_000 : 200_000;
    const next = rng(3);
    const triples = new Uint32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const f = staged[Math.floor(next() * staged.length)];
      const start = Math.floor(next() * (f.size - LOOKUP_BYTES));
      triples.set([f.id, start, start + LOOKUP_BYTES], i * 3);
    }
    let sink = 0;
    const single = () => {
      for (let i = 0; i < n; i++)
        sink += store.text(triples[3 * i], triples[3 * i + 1], triples[3 * i + 2]).length;
    };
    const batched = () => {
      for (let i = 0; i < n; i += 1000)
        sink += store.slicesPacked(triples.subarray(3 * i, 3 * (i + 1000))).length;
    };
    const fds = new Map<number, number>();
    const pool = Buffer.allocUnsafe(LOOKUP_BYTES);
    const byId = new Map(staged.map((f) => [f.id, f.path]));
    const pread = () => {
      for (let i = 0; i < n; i++) {
        const id = triples[3 * i];
        let fd = fds.get(id);
        if (fd === undefined) fds.set(id, (fd = fs.openSync(byId.get(id) as string, 'r')));
        const got = fs.readSync(fd, pool, 0, LOOKUP_BYTES, triples[3 * i + 1]);
        sink += pool.toString('utf8', 0, got).length;
      }
    };
    const time = (fn: () => void) => {
      fn(); // warm-up (and, for pread, opening the descriptors)
      const t0 = nowMs();
      fn();
      return ((nowMs() - t0) * 1e6) / n;
    };
    const result: TrialResult = {
      kind: 'lookup',
      singleNs: time(single),
      batchedNs: time(batched),
      preadNs: time(pread),
      lookups: n,
      sink,
    };
    for (const fd of fds.values()) fs.closeSync(fd);
    store.close();
    return result;
  },
};

const findTrial: Trial = {
  id: 'findword',
  label: 'findWord over the staged workspace, warm',
  run: async (opts) => {
    const { paths, bytes } = workspaceFiles(opts);
    const native = new NativeStore(nativeAddon());
    const js = new FsStore();
    await native.stage(paths);
    await js.stage(paths);
    const words = ['self', 'Span', 'zz_absent_word'];
    const rate = async (s: FileStore) => {
      await s.findWord(words[0]); // warm-up
      let hits = 0;
      const t0 = nowMs();
      for (const w of words) hits += (await s.findWord(w)).length;
      const seconds = (nowMs() - t0) / 1000;
      return { gbps: (bytes * words.length) / 1e9 / seconds, hits };
    };
    const n = await rate(native);
    const j = await rate(js);
    native.close();
    js.close();
    if (n.hits !== j.hits) throw new Error(`findWord disagrees: native ${n.hits} hits, JS ${j.hits}`);
    return {
      kind: 'find',
      nativeGBps: n.gbps,
      jsGBps: j.gbps,
      hits: n.hits,
      mb: bytes / 1e6,
      words: words.join(' '),
    };
  },
};

function report(outcomes: TrialOutcome[]): string {
  const failed = outcomes
    .filter((o) => o.result === undefined)
    .map((o) => `- ${o.trial.id} failed: ${o.error ?? '?'}`);
  const stage = outcomes.filter((o) => o.result?.kind === 'stage');
  const rows = stage.map(({ trial, result: r }) => [
    trial.label,
    Number(r?.files),
    Number(r?.mb),
    Number(r?.seconds),
    Number(r?.p99),
    Number(r?.max),
    `median of ${String(r?.reps)}; ${String(r?.cache)}; uring ${String(r?.uring)}; ${String(r?.errors)} errors`,
  ]);
  const parts = [
    table(['staging, cold cache', 'files', 'MB', 'seconds', 'loop p99 ms', 'loop max ms', 'notes'], rows),
    '',
    'Targets: native staging ≥ 2× faster than the fs store cold; event-loop p99 ≤ 5 ms during staging.',
  ];
  const lookup = outcomes.find((o) => o.result?.kind === 'lookup')?.result;
  if (lookup !== undefined) {
    parts.push(
      '',
      table(
        ['random 200-byte lookup, warm', 'ns/op'],
        [
          ['native text() (one N-API call each)', Number(lookup.singleNs)],
          ['native slices, 1,000 per call', Number(lookup.batchedNs)],
          ['fs.readSync at an offset + toString', Number(lookup.preadNs)],
        ],
      ),
      '',
      'Targets: ≤ 500 ns single, ≤ 200 ns batched.',
    );
  }
  const find = outcomes.find((o) => o.result?.kind === 'find')?.result;
  if (find !== undefined) {
    parts.push(
      '',
      table(
        [`findWord (${String(find.words)}), warm`, 'GB/s', 'hits'],
        [
          ['native (threads over mapped bytes)', Number(find.nativeGBps), Number(find.hits)],
          ['JS scan (fs store, Buffer.indexOf)', Number(find.jsGBps), Number(find.hits)],
        ],
      ),
      '',
      'Target: native ≥ 1 GB/s.',
    );
  }
  if (failed.length > 0) parts.push('', ...failed);
  return parts.join('\n');
}

export const storeBenchmark: Benchmark = {
  name: 'store',
  description:
    'File store: cold staging with event-loop delay, warm random lookups and findWord, on a generated workspace (20,000 files; 100 with --quick).',
  trials: [
    stageTrial(
      'stage-native',
      'native store (io_uring batches, mmap + WILLNEED + POPULATE_READ)',
      () => new NativeStore(nativeAddon()),
    ),
    stageTrial(
      'stage-native-syscalls',
      'native store, plain syscalls (io_uring off)',
      () => new NativeStore(nativeAddon(), { uring: false }),
    ),
    stageTrial('stage-fs', 'fs store (fs.promises, 16 files at a time)', () => new FsStore()),
    controlTrial,
    lookupTrial,
    findTrial,
  ],
  report,
};
