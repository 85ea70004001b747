// SCIP (issue 15) on the large generated workspace (~20,000 files; 100 files for --quick), side by side
// in one run, each trial in a fresh process:
//   - the server's own cold index (native store, worker threads, page cache dropped): the yardstick;
//   - `simple-lsp scip` (writeScip: the same cold index, then every file parsed and every name resolved,
//     streamed to disk), with its peak resident memory, documents on one thread and on worker threads;
//     target: within 2x of the cold index;
//   - a warm restart from the server's index cache;
//   - a cold start (no cache) from the index the scip trial wrote (`--index-from`), with the page cache as
//     the previous trial left it and with it dropped; target: ready in under the warm restart's time;
//   - with SIMPLE_SCIP_BASELINE=DIR (another build's compiled output, e.g. an older commit's `out/`),
//     `simple-lsp scip` of that build too, side by side, and whether its documents are the ones this
//     build wrote (occurrences at one position compared in symbol order: older builds listed them in
//     the order the workspace numbered files, which differs between runs).
import { execFileSync } from 'child_process';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { DocumentSchema } from '@c4312/scip';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Logger } from '../../server/src/logger';
import { packageInfo } from '../../server/src/package-info';
import { writeScip } from '../../server/src/scip/run';
import type { FileStore } from '../../server/src/store/file-store';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative } from '../../server/src/native/load';
import { type IndexReport, Workspace, type WorkspaceOptions } from '../../server/src/workspace/workspace';
import { nowMs } from '../lib/measure';
import { formatNumber, table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';
import { evict, workspaceFiles } from './store';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

/**
 * A child process that indexes argv[1] into the index cache in argv[2], with the native store as the
 * measured restart uses (the fs store's mtimes can differ from it in the last bits of the fraction).
 */
const PRIME = `
const { Logger } = require(${JSON.stringify(path.join(__dirname, '../../server/src/logger'))});
const { NativeStore } = require(${JSON.stringify(path.join(__dirname, '../../server/src/store/native-store'))});
const { loadNative } = require(${JSON.stringify(path.join(__dirname, '../../server/src/native/load'))});
const { packageInfo } = require(${JSON.stringify(path.join(__dirname, '../../server/src/package-info'))});
const { Workspace } = require(${JSON.stringify(path.join(__dirname, '../../server/src/workspace/workspace'))});
const [root, cacheDir] = process.argv.slice(1);
const store = new NativeStore(loadNative(packageInfo().root).addon);
const logger = new Logger('error', { write: () => undefined, close: () => undefined });
const ws = new Workspace({ roots: [root], store, logger, cacheDir });
ws.ready().then(() => { ws.close(); store.close(); });
`;
function rootOf(opts: TrialOptions): string {
  let dir = path.dirname(workspaceFiles(opts).paths[0]);
  while (!fs.existsSync(path.join(dir, '.complete'))) dir = path.dirname(dir);
  return dir;
}

/** Where the scip trial leaves its index for the --index-from trials (beside the generated workspace). */
function indexPath(opts: TrialOptions): string {
  return `${rootOf(opts)}.scip`;
}

function nativeStore(): FileStore {
  const load = loadNative(packageInfo().root);
  if (!load.addon) throw new Error(`native store unavailable: ${load.reason}`);
  return new NativeStore(load.addon);
}

/**
 * One index of `roots` on a fresh native store, timed from construction to ready(): what the cold, warm
 * and --index-from trials each measure, with only the workspace's options differing.
 */
async function timedIndex(
  roots: string[],
  options: Pick<WorkspaceOptions, 'cacheDir' | 'prebuilt'> = {},
  WorkspaceClass: typeof Workspace = Workspace,
): Promise<{ report: IndexReport; seconds: number; checkedSeconds: number }> {
  const store = nativeStore();
  const ws = new WorkspaceClass({ roots, store, logger: quiet, ...options });
  try {
    const t0 = nowMs();
    const report = await ws.ready();
    const seconds = (nowMs() - t0) / 1000;
    // Until the checks that follow ready (the files against the disk, the walk) have ended too.
    await ws.checked();
    return { report, seconds, checkedSeconds: (nowMs() - t0) / 1000 };
  } finally {
    ws.close();
    store.close();
  }
}

/** Peak resident set of this process so far, MB. */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const coldTrial: Trial = {
  id: 'cold',
  label: 'server cold index (page cache dropped)',
  run: async (opts) => {
    const cache = evict(workspaceFiles(opts).paths);
    const { report, seconds } = await timedIndex([rootOf(opts)]);
    return { kind: 'cold', files: report.files, seconds, peak: peakRssMb(), cache };
  },
};

/** One `writeScip` run as a row: its counts, with the peak RSS and how the page cache was left. */
function scipResult(r: Awaited<ReturnType<typeof writeScip>>, cache: string): TrialResult {
  return {
    kind: 'scip',
    files: r.files,
    seconds: r.seconds,
    peak: peakRssMb(),
    cache,
    occurrences: r.occurrences,
    symbols: r.symbols,
    mb: r.bytes / 1e6,
    workers: r.workers,
  };
}

/** `simple-lsp scip` with its documents made on `workers` threads (undefined: the default, per core). */
function scipTrial(id: string, label: string, workers?: number): Trial {
  return {
    id,
    label,
    run: async (opts) => {
      const cache = evict(workspaceFiles(opts).paths);
      const store = nativeStore();
      try {
        const r = await writeScip(
          { dir: rootOf(opts), out: indexPath(opts), ...(workers !== undefined ? { workers } : {}) },
          store,
          quiet,
        );
        return scipResult(r, cache);
      } finally {
        store.close();
      }
    },
  };
}

const warmTrial: Trial = {
  id: 'warm',
  label: 'warm restart from the index cache',
  run: async (opts) => {
    const root = rootOf(opts);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-bench-cache-'));
    try {
      // The cache is written by another process: a restart is a new process, with nothing warmed up but
      // the page cache (as the --index-from trials, which start from a file written by another process).
      execFileSync(process.execPath, ['-e', PRIME, root, cacheDir], { stdio: 'inherit' });
      const { report, seconds, checkedSeconds } = await timedIndex([root], { cacheDir });
      return {
        kind: 'warm',
        files: report.files,
        seconds,
        peak: peakRssMb(),
        cache: `${report.fromCache} from cache; checked at ${formatNumber(checkedSeconds)} s`,
      };
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};

/** The Workspace class of the build in SIMPLE_SCIP_BASELINE. */
function baselineWorkspace(): typeof Workspace {
  const file = path.join(path.resolve(BASELINE!), 'server/src/workspace/workspace.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { Workspace: typeof Workspace }).Workspace;
}

/** A cold start from the scip trial's index; `baseline`: with SIMPLE_SCIP_BASELINE's Workspace. */
function indexFromTrial(id: string, label: string, drop: boolean, baseline = false): Trial {
  return {
    id,
    label,
    run: async (opts) => {
      const prebuilt = indexPath(opts);
      if (!fs.existsSync(prebuilt)) throw new Error(`no ${prebuilt}: run the scip trial first`);
      const cache = drop ? evict(workspaceFiles(opts).paths) : 'as left';
      const WorkspaceClass = baseline ? baselineWorkspace() : Workspace;
      const { report, seconds, checkedSeconds } = await timedIndex(
        [rootOf(opts)],
        { prebuilt },
        WorkspaceClass,
      );
      return {
        kind: 'index-from',
        files: report.files,
        seconds,
        peak: peakRssMb(),
        cache: `${cache}; ${report.fromPrebuilt ?? 0} from index, ${report.parsed} parsed; checked at ${formatNumber(checkedSeconds)} s`,
      };
    },
  };
}

/** The compiled output of another build to compare with (SIMPLE_SCIP_BASELINE), or undefined. */
const BASELINE = process.env.SIMPLE_SCIP_BASELINE;

/** The top-level fields of a written index: documents (field 2) apart, the others as raw bytes. */
function indexFields(file: string): { documents: Uint8Array[]; head: Buffer[] } {
  const data = fs.readFileSync(file);
  const reader = new BinaryReader(data);
  const out: { documents: Uint8Array[]; head: Buffer[] } = { documents: [], head: [] };
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [no, wire] = reader.tag();
    reader.skip(wire, no);
    if (no === 2) {
      const field = new BinaryReader(data.subarray(start, reader.pos));
      field.tag();
      out.documents.push(field.bytes());
    } else out.head.push(data.subarray(start, reader.pos));
  }
  return out;
}

/** A document's bytes with its occurrences in (position, symbol) order. */
function normalized(bytes: Uint8Array): Buffer {
  const d = fromBinary(DocumentSchema, bytes);
  d.occurrences.sort(
    (a, b) =>
      a.range[0] - b.range[0] ||
      a.range[1] - b.range[1] ||
      (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  return Buffer.from(toBinary(DocumentSchema, d));
}

/** Whether two written indexes hold the same documents and the same other fields. */
function compareIndexes(a: string, b: string): string {
  const x = indexFields(a);
  const y = indexFields(b);
  if (x.documents.length !== y.documents.length)
    return `${x.documents.length} against ${y.documents.length} documents`;
  let differ = 0;
  for (let i = 0; i < x.documents.length; i++)
    if (!normalized(x.documents[i]).equals(normalized(y.documents[i]))) differ++;
  const head = x.head.length === y.head.length && x.head.every((h, i) => h.equals(y.head[i]));
  return differ === 0 && head
    ? `identical (${x.documents.length} documents)`
    : `${differ} of ${x.documents.length} documents differ${head ? '' : '; metadata or server data differ'}`;
}

const baselineTrial: Trial = {
  id: 'scip-baseline',
  label: `simple-lsp scip, one thread, the build in SIMPLE_SCIP_BASELINE (page cache dropped)`,
  run: async (opts) => {
    const dir = path.resolve(BASELINE!);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const other = require(path.join(dir, 'server/src/scip/run.js')) as { writeScip: typeof writeScip };
    const cache = evict(workspaceFiles(opts).paths);
    const out = `${rootOf(opts)}.baseline.scip`;
    const store = nativeStore();
    try {
      const r = await other.writeScip({ dir: rootOf(opts), out, workers: 0 }, store, quiet);
      const ours = indexPath(opts);
      return {
        ...scipResult(r, cache),
        same: fs.existsSync(ours) ? compareIndexes(ours, out) : 'no index of this build to compare',
      };
    } finally {
      store.close();
      fs.rmSync(out, { force: true });
    }
  },
};

const ms = (n: number | string | undefined): string => (typeof n === 'number' ? formatNumber(n) : '-');

export const scipBenchmark: Benchmark = {
  name: 'scip',
  description:
    'SCIP on the generated large workspace (~20,000 files, ~100 MB): `simple-lsp scip` against the server’s own cold index (target: within 2×), with peak resident memory; a cold start from the written index (`--index-from`) against a warm restart from the index cache (target: faster).',
  trials: [
    coldTrial,
    scipTrial('scip', 'simple-lsp scip, one thread (page cache dropped)', 0),
    ...(BASELINE !== undefined ? [baselineTrial] : []),
    scipTrial('scip-2', 'simple-lsp scip --workers 2 (page cache dropped)', 2),
    warmTrial,
    indexFromTrial('index-from', 'cold start --index-from (page cache as left)', false),
    indexFromTrial('index-from-cold', 'cold start --index-from (page cache dropped)', true),
    ...(BASELINE !== undefined
      ? [
          indexFromTrial(
            'index-from-baseline',
            'cold start --index-from, SIMPLE_SCIP_BASELINE (page cache as left)',
            false,
            true,
          ),
          indexFromTrial(
            'index-from-cold-baseline',
            'cold start --index-from, SIMPLE_SCIP_BASELINE (page cache dropped)',
            true,
            true,
          ),
        ]
      : []),
  ],
  report(outcomes: TrialOutcome[]): string {
    const rows = outcomes.map((o) =>
      o.result
        ? [
            o.trial.label,
            String(o.result.files),
            ms(o.result.seconds),
            ms(o.result.peak),
            String(o.result.cache ?? '-'),
            o.result.kind === 'scip'
              ? `${o.result.occurrences} occurrences, ${o.result.symbols} symbols, ${ms(o.result.mb)} MB, ${o.result.workers} workers`
              : '-',
          ]
        : [o.trial.label, `error: ${o.error}`, '', '', '', ''],
    );
    const seconds = (id: string): number | undefined => {
      const r: TrialResult | undefined = outcomes.find((o) => o.trial.id === id)?.result;
      return typeof r?.seconds === 'number' ? r.seconds : undefined;
    };
    const cold = seconds('cold');
    const scip = seconds('scip');
    const scip2 = seconds('scip-2');
    const warm = seconds('warm');
    const from = seconds('index-from');
    const fromCold = seconds('index-from-cold');
    const lines = [table(['trial', 'files', 'seconds', 'peak RSS MB', 'cache', 'index'], rows), ''];
    if (cold !== undefined && scip !== undefined)
      lines.push(
        `scip / cold index: ${formatNumber(scip / cold)}× (target ≤ 2×)` +
          (scip2 !== undefined ? `; with 2 workers: ${formatNumber(scip2 / cold)}×.` : '.'),
      );
    const baseline = outcomes.find((o) => o.trial.id === 'scip-baseline')?.result;
    if (baseline && typeof baseline.seconds === 'number' && scip !== undefined)
      lines.push(
        `this build / the baseline build (${BASELINE}): ${formatNumber(scip / baseline.seconds)}× the time, ` +
          `peak RSS ${ms(outcomes.find((o) => o.trial.id === 'scip')?.result?.peak)} against ${ms(baseline.peak)} MB; ` +
          `indexes: ${baseline.same}.`,
      );
    if (warm !== undefined && from !== undefined)
      lines.push(
        `--index-from / warm restart: ${formatNumber(from / warm)}× (page cache as left)` +
          (fromCold !== undefined ? `, ${formatNumber(fromCold / warm)}× (page cache dropped)` : '') +
          ' (target < 1×).',
      );
    return lines.join('\n');
  },
};
