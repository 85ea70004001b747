// The workspace index (issue 4, design.md "Where the index comes from") on the large generated workspace
// (~20,000 files, ~100 MB; 100 files for --quick), side by side in one run:
//   - cold index (discovery, staging, summaries on worker threads, page cache dropped) with the native
//     store and with the fs store; the same with summaries on the main thread (no workers);
//   - warm restart from the index cache;
//   - event-loop delay p99/max during indexing, and the JS heap once indexed (after a full GC);
//   - p50/p99 of definition, hover, workspace/symbol and references at a few thousand random positions.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Logger } from '../../server/src/logger';
import { packageInfo } from '../../server/src/package-info';
import type { FileStore } from '../../server/src/store/file-store';
import { FsStore } from '../../server/src/store/fs-store';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative } from '../../server/src/native/load';
import { describeDecl } from '../../server/src/workspace/hover-info';
import { referenceAt } from '../../server/src/language/model';
import { findReferences } from '../../server/src/workspace/references';
import { Resolver } from '../../server/src/workspace/resolver';
import { searchSymbols } from '../../server/src/workspace/symbol-search';
import { Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { heapAfterGc, nowMs, percentile, rng } from '../lib/measure';
import { formatNumber, table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';
import { evict, withLoopDelay, workspaceFiles } from './store';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

function rootOf(opts: TrialOptions): string {
  const { paths } = workspaceFiles(opts);
  // workspaceFiles generates into fixtures/generated/store-bench-N-seed1; its root holds src/ and test/.
  let dir = path.dirname(paths[0]);
  while (!fs.existsSync(path.join(dir, '.complete'))) dir = path.dirname(dir);
  return dir;
}

function makeStore(kind: 'native' | 'fs'): FileStore {
  if (kind === 'fs') return new FsStore();
  const load = loadNative(packageInfo().root);
  if (!load.addon) throw new Error(`native store unavailable: ${load.reason}`);
  return new NativeStore(load.addon);
}

function coldTrial(id: string, label: string, kind: 'native' | 'fs', workers?: number): Trial {
  return {
    id,
    label,
    run: async (opts) => {
      const root = rootOf(opts);
      const store = makeStore(kind);
      const { paths } = workspaceFiles(opts);
      const cache = evict(paths);
      const ws = new Workspace({
        roots: [root],
        store,
        logger: quiet,
        ...(workers !== undefined ? { workers } : {}),
      });
      let files = 0;
      const cpu0 = process.cpuUsage();
      const run = await withLoopDelay(async () => {
        files = (await ws.ready()).files;
      });
      const cpu = process.cpuUsage(cpu0);
      const heap = heapAfterGc();
      const result: TrialResult = {
        kind: 'cold',
        files,
        seconds: run.seconds,
        cpu: (cpu.user + cpu.system) / 1e6,
        p99: run.p99,
        max: run.max,
        heap,
        symbols: ws.index.symbolCount(),
        workers: ws.workers,
        cache,
      };
      ws.close();
      store.close();
      return result;
    },
  };
}

const warmTrial: Trial = {
  id: 'warm',
  label: 'warm restart from the index cache (native store)',
  run: async (opts) => {
    const root = rootOf(opts);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-bench-cache-'));
    try {
      const first = makeStore('native');
      const ws1 = new Workspace({ roots: [root], store: first, logger: quiet, cacheDir });
      await ws1.ready();
      ws1.close();
      first.close();
      const store = makeStore('native');
      const ws = new Workspace({ roots: [root], store, logger: quiet, cacheDir });
      let report = { files: 0, fromCache: 0 };
      const cpu0 = process.cpuUsage();
      const run = await withLoopDelay(async () => {
        report = await ws.ready();
      });
      const cpu = process.cpuUsage(cpu0);
      const result: TrialResult = {
        kind: 'warm',
        files: report.files,
        fromCache: report.fromCache,
        seconds: run.seconds,
        cpu: (cpu.user + cpu.system) / 1e6,
        p99: run.p99,
        max: run.max,
        heap: heapAfterGc(),
      };
      ws.close();
      store.close();
      return result;
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};

/** Deterministic PRNG for positions. */

const queryTrial: Trial = {
  id: 'queries',
  label: 'queries on the indexed workspace (native store)',
  run: async (opts) => {
    const root = rootOf(opts);
    const store = makeStore('native');
    const ws = new Workspace({ roots: [root], store, logger: quiet });
    await ws.ready();
    const views = new Views(ws);
    const resolver = new Resolver(views);
    const random = rng(42);
    const files = [...ws.index.allFiles()];
    const positions = opts.quick ? 200 : 3000;
    const defs: number[] = [];
    const hovers: number[] = [];
    let answered = 0;
    const imported: { view: ReturnType<Views['byId']>; offset: number }[] = [];
    for (let i = 0; i < positions; i++) {
      const f = files[Math.floor(random() * files.length)];
      const view = views.byId(f.id)!;
      const text = view.text();
      view.parse(); // as for an open document: the request finds its parse done
      const ids = [...text.matchAll(/[A-Za-z_]\w*/g)];
      if (ids.length === 0) continue;
      const m = ids[Math.floor(random() * ids.length)];
      const offset = m.index + 1;
      let t0 = nowMs();
      const at = resolver.at(view, offset);
      defs.push(nowMs() - t0);
      if (at && at.places.length > 0) answered++;
      t0 = nowMs();
      const again = resolver.at(view, offset);
      const decl = again?.places.find((p) => p.decl)?.decl;
      if (decl) describeDecl(views, decl);
      hovers.push(nowMs() - t0);
      if (at?.ref.kind === 'import' && imported.length < (opts.quick ? 10 : 60))
        imported.push({ view, offset });
    }
    // Member names (`x.name`) side by side: the name rules alone (before the type layer) and the
    // server's path (types first), on the same positions, each first asked on a fresh Resolver (a new
    // request) after the file's parse.
    const memberRules: number[] = [];
    const memberTyped: number[] = [];
    const memberHover: number[] = [];
    let memberRulesAnswered = 0;
    let memberTypedAnswered = 0;
    for (let i = 0; memberTyped.length < (opts.quick ? 100 : 1500) && i < positions * 10; i++) {
      const f = files[Math.floor(random() * files.length)];
      const view = views.byId(f.id)!;
      const text = view.text();
      view.parse();
      const found = [...text.matchAll(/[A-Za-z_)\]]\.([A-Za-z_]\w*)/g)];
      if (found.length === 0) continue;
      const m = found[Math.floor(random() * found.length)];
      const offset = m.index + 3;
      let t0 = nowMs();
      const ref = referenceAt(view.parse(), offset);
      const rules = ref ? new Resolver(views).resolve(view, ref, 0) : [];
      memberRules.push(nowMs() - t0);
      if (rules.length > 0) memberRulesAnswered++;
      t0 = nowMs();
      const typed = new Resolver(views).at(view, offset);
      memberTyped.push(nowMs() - t0);
      if (typed && typed.places.length > 0) memberTypedAnswered++;
      t0 = nowMs();
      const again = new Resolver(views).at(view, offset);
      const decl = again?.places.find((p) => p.decl)?.decl;
      if (decl) describeDecl(views, decl);
      memberHover.push(nowMs() - t0);
    }
    const symbolTimes: number[] = [];
    const names = [...ws.index.names()];
    for (let i = 0; i < (opts.quick ? 50 : 500); i++) {
      const name = names[Math.floor(random() * names.length)];
      const query = name.slice(0, 2 + Math.floor(random() * 4));
      const t0 = nowMs();
      searchSymbols(ws.index, query, 200);
      symbolTimes.push(nowMs() - t0);
    }
    // Side by side, alternating per search: every file scanned for the word (no word filter: an
    // ablation, since the store keeps no copies of closed files and reads each one for the scan) and
    // only the files whose filter may hold it.
    const refTimes: number[] = [];
    const refAllTimes: number[] = [];
    let refCount = 0;
    for (const { view, offset } of imported) {
      let t0 = nowMs();
      await findReferences(resolver, view!, offset, { prune: false });
      refAllTimes.push(nowMs() - t0);
      t0 = nowMs();
      const found = await findReferences(resolver, view!, offset);
      refTimes.push(nowMs() - t0);
      refCount += found?.occurrences.length ?? 0;
    }
    ws.close();
    store.close();
    return {
      kind: 'queries',
      files: files.length,
      positions: defs.length,
      answered,
      defP50: percentile(defs, 50),
      defP99: percentile(defs, 99),
      hoverP50: percentile(hovers, 50),
      hoverP99: percentile(hovers, 99),
      symP50: percentile(symbolTimes, 50),
      symP99: percentile(symbolTimes, 99),
      refP50: percentile(refTimes, 50),
      refP99: percentile(refTimes, 99),
      memberSamples: memberTyped.length,
      memberRulesP50: percentile(memberRules, 50),
      memberRulesP99: percentile(memberRules, 99),
      memberRulesAnswered,
      memberTypedP50: percentile(memberTyped, 50),
      memberTypedP99: percentile(memberTyped, 99),
      memberTypedAnswered,
      memberHoverP50: percentile(memberHover, 50),
      memberHoverP99: percentile(memberHover, 99),
      refAllP50: percentile(refAllTimes, 50),
      refAllP99: percentile(refAllTimes, 99),
      refSearches: refTimes.length,
      refsPerSearch: refTimes.length ? refCount / refTimes.length : 0,
    };
  },
};

const ms = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : '-');

export const workspaceBenchmark: Benchmark = {
  name: 'workspace',
  description:
    'Workspace index on the generated large workspace (~20,000 files, ~100 MB): cold index (page cache dropped) with the native and fs stores, with and without worker threads; warm restart from the cache; event-loop delay during indexing; JS heap once indexed; query latencies at random positions.',
  trials: [
    coldTrial('cold-native', 'cold index, native store, workers', 'native'),
    coldTrial('cold-fs', 'cold index, fs store, workers', 'fs'),
    coldTrial('cold-native-main', 'cold index, native store, main thread only', 'native', 0),
    warmTrial,
    queryTrial,
  ],
  report(outcomes: TrialOutcome[]): string {
    const index = outcomes.filter((o) => o.result?.kind !== 'queries');
    const rows = index.map((o) =>
      o.result
        ? [
            o.trial.label,
            String(o.result.files),
            ms(o.result.seconds),
            ms(o.result.cpu),
            ms(o.result.p99),
            ms(o.result.max),
            ms(o.result.heap),
            String(o.result.workers ?? '-'),
            String(
              o.result.cache ?? (o.result.fromCache !== undefined ? `${o.result.fromCache} from cache` : '-'),
            ),
          ]
        : [o.trial.label, `error: ${o.error}`, '', '', '', '', '', '', ''],
    );
    let out = table(
      [
        'trial',
        'files',
        'seconds',
        'CPU s (all threads)',
        'loop p99 ms',
        'loop max ms',
        'heap MB',
        'workers',
        'cache',
      ],
      rows,
    );
    const q = outcomes.find((o) => o.result?.kind === 'queries');
    if (q?.result) {
      const r = q.result;
      out +=
        '\n\n' +
        table(
          ['query', 'p50 ms', 'p99 ms', 'target p99', 'samples'],
          [
            ['definition', ms(r.defP50), ms(r.defP99), '2', `${r.positions} (${r.answered} resolved)`],
            ['hover', ms(r.hoverP50), ms(r.hoverP99), '2', String(r.positions)],
            [
              'definition at `x.name`, name rules only (before types)',
              ms(r.memberRulesP50),
              ms(r.memberRulesP99),
              '5',
              `${r.memberSamples} (${r.memberRulesAnswered} resolved)`,
            ],
            [
              'definition at `x.name`, types first (a new request each)',
              ms(r.memberTypedP50),
              ms(r.memberTypedP99),
              '5',
              `${r.memberSamples} (${r.memberTypedAnswered} resolved)`,
            ],
            [
              'hover at `x.name`, types first',
              ms(r.memberHoverP50),
              ms(r.memberHoverP99),
              '5',
              String(r.memberSamples),
            ],
            ['workspace/symbol', ms(r.symP50), ms(r.symP99), '20', '500 queries'],
            [
              'references (imported names), every file scanned (no word filter, files read from disk)',
              ms(r.refAllP50),
              ms(r.refAllP99),
              '100',
              `${r.refSearches} (${ms(r.refsPerSearch)} refs each)`,
            ],
            [
              'references (imported names), word filters',
              ms(r.refP50),
              ms(r.refP99),
              '100',
              `${r.refSearches} (${ms(r.refsPerSearch)} refs each)`,
            ],
          ],
        );
    } else if (q) out += `\n\nqueries: error: ${q.error}`;
    out +=
      '\n\nTargets (design.md): cold index ≤ 1.5 s with event-loop p99 ≤ 10 ms; warm restart ≤ 0.3 s; heap ≤ 150 MB.';
    return out;
  },
};
