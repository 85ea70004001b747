// The cost of the type layer (issue 12) on the generated large workspace (~20,000 files; 100 for
// --quick), side by side in one process: the same build with the type layer off (`new Resolver(views,
// false)`: the name rules alone, the path before issue 12) and on (what the server runs), at the same
// member positions `x.name` in random files, each request on a fresh Resolver (a new request):
//   - definition at `x.name` (Resolver.at), hover there (definition plus the member's signature on the
//     receiver's type), completion at the end of the member name (workspaceCompletion), and completion
//     with types on but without the ranking by the expected type (its own cost);
//   - indexing time and JS heap once indexed: the index path never calls the type layer (it is lazy),
//     so the figure is one index; the heap after a pass of the queries with types off, against the heap
//     once the same queries also ran with types on (the engine's memo included).
import { analyseCompletion } from '../../server/src/language/completion';
import { Logger } from '../../server/src/logger';
import { packageInfo } from '../../server/src/package-info';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative } from '../../server/src/native/load';
import { memberDetail, memberTargets } from '../../server/src/types';
import { workspaceCompletion } from '../../server/src/workspace/completion';
import { describeDecl } from '../../server/src/workspace/hover-info';
import { Resolver } from '../../server/src/workspace/resolver';
import { type SourceView, Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { heapAfterGc, nowMs, percentile, rng } from '../lib/measure';
import { formatNumber, table } from '../lib/report';
import type { Benchmark, Trial, TrialOutcome, TrialResult } from '../lib/types';
import { workspaceFiles } from './store';
import * as path from 'path';
import * as fs from 'fs';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

interface Series {
  def: number[];
  hover: number[];
  completion: number[];
  defAnswered: number;
  completionItems: number;
  /** Completions that knew the expected type (and so ranked by it). */
  completionExpected: number;
}

function ask(
  views: Views,
  typesOn: boolean,
  view: SourceView,
  offset: number,
  end: number,
  s: Series,
  rank = true,
): void {
  let t0 = nowMs();
  const at = new Resolver(views, typesOn).at(view, offset);
  s.def.push(nowMs() - t0);
  if (at && at.places.length > 0) s.defAnswered++;
  t0 = nowMs();
  const r = new Resolver(views, typesOn);
  const again = r.at(view, offset);
  const decl = again?.places.find((p) => p.decl)?.decl;
  if (decl) describeDecl(views, decl);
  if (typesOn) {
    const { world, engine } = r.types();
    const found = memberTargets(engine, world.fileOf(view), offset);
    if (found) for (const m of found.members) memberDetail(engine, found.receiver, m);
  }
  s.hover.push(nowMs() - t0);
  t0 = nowMs();
  const found = workspaceCompletion(
    views,
    new Resolver(views, typesOn),
    view,
    analyseCompletion(view.parse(), end),
    { rank },
  );
  if (found.expected) s.completionExpected++;
  s.completion.push(nowMs() - t0);
  s.completionItems += found.candidates.length;
}

const costTrial: Trial = {
  id: 'cost',
  label: 'type layer off and on, same positions (native store)',
  run: async (opts) => {
    const { paths } = workspaceFiles(opts);
    let root = path.dirname(paths[0]);
    while (!fs.existsSync(path.join(root, '.complete'))) root = path.dirname(root);
    const load = loadNative(packageInfo().root);
    if (!load.addon) throw new Error(`native store unavailable: ${load.reason}`);
    const store = new NativeStore(load.addon);
    const ws = new Workspace({ roots: [root], store, logger: quiet });
    const t0 = nowMs();
    const report = await ws.ready();
    const indexSeconds = (nowMs() - t0) / 1000;
    const heapIndexed = heapAfterGc();
    const views = new Views(ws);
    const random = rng(7);
    const files = [...ws.index.allFiles()];
    const samples: { view: SourceView; offset: number; end: number }[] = [];
    for (let i = 0; samples.length < (opts.quick ? 100 : 1500) && i < 200_000; i++) {
      const view = views.byId(files[Math.floor(random() * files.length)].id)!;
      const found = [...view.text().matchAll(/[A-Za-z_)\]]\.([A-Za-z_]\w*)/g)];
      if (found.length === 0) continue;
      const m = found[Math.floor(random() * found.length)];
      samples.push({ view, offset: m.index + 3, end: m.index + 2 + m[1].length });
    }
    const series = (): Series => ({
      def: [],
      hover: [],
      completion: [],
      defAnswered: 0,
      completionItems: 0,
      completionExpected: 0,
    });
    const off = series();
    const on = series();
    // Types on without the ranking by the expected type: its own cost, side by side.
    const unranked = series();
    // A first pass with the type layer off warms parses and the index's lazy tables alike for both paths;
    // the heap after it is the "types off" heap.
    const warm = series();
    for (const { view, offset, end } of samples) ask(views, false, view, offset, end, warm);
    const heapOff = heapAfterGc();
    // Then alternating per position, so load on the machine falls on both paths alike.
    for (const { view, offset, end } of samples) {
      view.parse();
      ask(views, false, view, offset, end, off);
      ask(views, true, view, offset, end, unranked, false);
      ask(views, true, view, offset, end, on);
    }
    const heapOn = heapAfterGc();
    ws.close();
    store.close();
    const out: TrialResult = {
      files: report.files,
      indexSeconds,
      heapIndexed,
      heapOff,
      heapOn,
      samples: samples.length,
    };
    out.unrankedComplP50 = percentile(unranked.completion, 50);
    out.unrankedComplP99 = percentile(unranked.completion, 99);
    out.onExpected = on.completionExpected;
    for (const [k, s] of [
      ['off', off],
      ['on', on],
    ] as const) {
      out[`${k}DefP50`] = percentile(s.def, 50);
      out[`${k}DefP99`] = percentile(s.def, 99);
      out[`${k}HoverP50`] = percentile(s.hover, 50);
      out[`${k}HoverP99`] = percentile(s.hover, 99);
      out[`${k}ComplP50`] = percentile(s.completion, 50);
      out[`${k}ComplP99`] = percentile(s.completion, 99);
      out[`${k}Answered`] = s.defAnswered;
      out[`${k}Items`] = s.completionItems / Math.max(1, s.completion.length);
    }
    return out;
  },
};

const ms = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : '-');

export const typesBenchmark: Benchmark = {
  name: 'types',
  description:
    'Cost of the type layer on the generated large workspace (~20,000 files): definition, hover and completion at member names `x.name`, with the type layer off (name rules only) and on, alternating at the same positions in one process; indexing time and JS heap.',
  trials: [costTrial],
  report(outcomes: TrialOutcome[]): string {
    const r = outcomes[0]?.result;
    if (!r) return `error: ${outcomes[0]?.error ?? 'no result'}`;
    const row = (label: string, k: 'Def' | 'Hover' | 'Compl', target: string): string[] => [
      label,
      ms(r[`off${k}P50`]),
      ms(r[`off${k}P99`]),
      ms(r[`on${k}P50`]),
      ms(r[`on${k}P99`]),
      target,
    ];
    return (
      table(
        [
          'at `x.name`',
          'types off p50 ms',
          'types off p99 ms',
          'types on p50 ms',
          'types on p99 ms',
          'target p99 (on)',
        ],
        [
          row('definition', 'Def', '5'),
          row('hover', 'Hover', '5'),
          row('completion', 'Compl', '20'),
          [
            'completion, types on without expected-type ranking',
            '',
            '',
            ms(r.unrankedComplP50),
            ms(r.unrankedComplP99),
            '',
          ],
        ],
      ) +
      `\n\nCompletion knew the expected type (and ranked by it) at ${ms(r.onExpected)} of the positions.` +
      `\n\n${r.samples} positions in ${r.files} files; definitions answered: ${r.offAnswered} off, ${r.onAnswered} on; completion items per request: ${ms(r.offItems)} off, ${ms(r.onItems)} on.\n` +
      `Index: ${ms(r.indexSeconds)} s and heap ${ms(r.heapIndexed)} MB once indexed: the index never calls the type layer (it is lazy), so one figure serves both. ` +
      `Heap after the queries (after a full GC): ${ms(r.heapOff)} MB with types off, ${ms(r.heapOn)} MB once the same queries also ran with types on (target: within 10 %).\n`
    );
  },
};
