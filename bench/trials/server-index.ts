// The workspace index as an editor sees it: a server process over stdio, timed from `initialize` to its
// `index ready` log line, on the large generated workspace (~20,000 files, ~100 MB; 100 with --quick):
//   - cold (page cache dropped, empty cache directory), with documentSymbol of an open file sent every
//     ~25 ms while the index builds (its latency is what a user typing then feels);
//   - warm restart from the cache the cold run wrote;
//   - the resident set after indexing 10,000 generated files (2,000 with --quick), split as the kernel
//     sees it (anonymous: heaps and buffers; file-backed: the store's mappings and code) and, where the
//     server reports it (simple/status), the V8 heap (used / reserved), memory outside it and the file
//     store's private copies and mappings (all read 12 s later, as the RSS is); and the workers running.
// Side by side: this tree's server and, when SIMPLE_BENCH_BASELINE names another build's
// `out/server/src/main.js` (the commit before, built elsewhere; SIMPLE_BENCH_BASELINE_NAME labels it),
// the same trials on that server, in the same run.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateWorkspace } from '../../fixtures/generate';
import { packageInfo } from '../../server/src/package-info';
import { nowMs, percentile } from '../lib/measure';
import { formatNumber, table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome } from '../lib/types';
import { evict, workspaceFiles } from './store';

const THIS_MAIN = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');

function mains(): { name: string; main: string }[] {
  const out = [{ name: 'this tree', main: THIS_MAIN }];
  const base = process.env.SIMPLE_BENCH_BASELINE;
  if (base) out.push({ name: process.env.SIMPLE_BENCH_BASELINE_NAME ?? 'baseline', main: base });
  return out;
}

/** VmRSS, RssAnon and RssFile of a process, in MB (Linux). */
function rssOf(pid: number): { rss: number; anon: number; file: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

/** What the memory trial reads from simple/status (older servers may lack some of it). */
interface StatusMemory {
  memory?: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  workspace: { liveWorkers?: number; workers: number };
  store?: { stats: { copiedBytes: number; mappedBytes: number } } | 'none';
}

interface Session {
  pid: number;
  ready: Promise<number>;
  request<R>(method: string, params?: unknown): Promise<R>;
  notify(method: string, params?: unknown): Promise<void>;
  stop(): Promise<void>;
}

/** A server on `root` with its cache in `cacheDir`; `ready` resolves with ms from initialize to 'index ready'. */
async function startServer(main: string, root: string, cacheDir: string): Promise<Session> {
  const child = spawn(process.execPath, [main, '--stdio', '--log-level', 'info'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SIMPLE_LSP_CACHE_DIR: cacheDir },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let log = '';
  let t0 = 0;
  const ready = new Promise<number>((resolve) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      if (/index ready/.test(log)) resolve(nowMs() - t0);
      if (log.length > 1 << 16) log = log.slice(-4096);
    });
  });
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  rpc.listen();
  t0 = nowMs();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
  });
  await rpc.sendNotification('initialized', {});
  return {
    pid: child.pid!,
    ready,
    request: <R>(method: string, params?: unknown) => rpc.sendRequest<R>(method, params),
    notify: (method, params) => rpc.sendNotification(method, params),
    stop: async () => {
      await rpc.sendRequest('shutdown');
      await rpc.sendNotification('exit');
      await exited;
      rpc.dispose();
    },
  };
}

function rootOf(dirOfFile: string): string {
  let dir = dirOfFile;
  while (!fs.existsSync(path.join(dir, '.complete'))) dir = path.dirname(dir);
  return dir;
}

function indexTrial(which: { name: string; main: string }): Trial {
  return {
    id: `index-${which.main === THIS_MAIN ? 'this' : 'base'}`,
    label: which.name,
    run: async (opts: TrialOptions) => {
      const { paths } = workspaceFiles(opts);
      const root = rootOf(path.dirname(paths[0]));
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-bench-srv-cache-'));
      const open = paths[Math.floor(paths.length / 2)];
      try {
        const cache = evict(paths);
        const load = os.loadavg()[0];
        const cold = await startServer(which.main, root, cacheDir);
        const uri = pathToFileURL(open).href;
        await cold.notify('textDocument/didOpen', {
          textDocument: { uri, languageId: 'simple', version: 1, text: fs.readFileSync(open, 'utf8') },
        });
        let indexed = false;
        let coldMs = 0;
        void cold.ready.then((ms) => {
          indexed = true;
          coldMs = ms;
        });
        const during: number[] = [];
        while (!indexed) {
          const t0 = nowMs();
          await cold.request('textDocument/documentSymbol', { textDocument: { uri } });
          if (!indexed) during.push(nowMs() - t0);
          await new Promise((resolve) => setTimeout(resolve, 25)); // pacing, like a user's requests
        }
        await cold.stop();
        const warm = await startServer(which.main, root, cacheDir);
        const warmMs = await warm.ready;
        await warm.stop();
        return {
          files: paths.length,
          cache,
          load,
          coldS: coldMs / 1000,
          warmS: warmMs / 1000,
          symP50: percentile(during, 50),
          symP99: percentile(during, 99),
          symN: during.length,
        };
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    },
  };
}

function memoryTrial(which: { name: string; main: string }): Trial {
  return {
    id: `memory-${which.main === THIS_MAIN ? 'this' : 'base'}`,
    label: which.name,
    run: async (opts: TrialOptions) => {
      const files = opts.quick ? 2000 : 10_000;
      const root = path.join(packageInfo().root, 'fixtures', 'generated', `server-memory-${files}`);
      if (!fs.existsSync(path.join(root, '.complete'))) {
        fs.rmSync(root, { recursive: true, force: true });
        generateWorkspace({ files, seed: 3 }, root);
        fs.writeFileSync(path.join(root, '.complete'), '');
      }
      let bytes = 0;
      let count = 0;
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else if (e.name.endsWith('.spl')) {
            count++;
            bytes += fs.statSync(path.join(d, e.name)).size;
          }
        }
      };
      walk(root);
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-bench-srv-mem-'));
      try {
        const load = os.loadavg()[0];
        const s = await startServer(which.main, root, cacheDir);
        await s.ready;
        const status = await s.request<StatusMemory>('simple/status');
        const atReady = rssOf(s.pid);
        // Idle workers end 10 s after their last job (this tree); both servers are measured again later.
        await new Promise((resolve) => setTimeout(resolve, 12_000));
        const after = rssOf(s.pid);
        const later = await s.request<StatusMemory>('simple/status');
        await s.stop();
        return {
          files: count,
          mb: bytes / 1e6,
          load,
          rssReady: atReady.rss,
          rss: after.rss,
          anon: after.anon,
          file: after.file,
          heap: later.memory ? later.memory.heapUsed / 1e6 : NaN,
          heapTotal: later.memory ? later.memory.heapTotal / 1e6 : NaN,
          external: later.memory ? later.memory.external / 1e6 : NaN,
          storeCopied: typeof later.store === 'object' ? later.store.stats.copiedBytes / 1e6 : NaN,
          storeMapped: typeof later.store === 'object' ? later.store.stats.mappedBytes / 1e6 : NaN,
          liveWorkers: `${status.workspace.liveWorkers ?? status.workspace.workers} → ${later.workspace.liveWorkers ?? later.workspace.workers}`,
        };
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    },
  };
}

const ms = (v: unknown): string => (typeof v === 'number' && !Number.isNaN(v) ? formatNumber(v) : '-');

export const serverIndexBenchmark: Benchmark = {
  name: 'server-index',
  description:
    'The workspace index end to end through a server process over stdio: cold index (page cache dropped, no cache) and warm restart from the cache on the large generated workspace, documentSymbol of an open file while the cold index builds, and the resident set after indexing 10,000 generated files. Baseline: SIMPLE_BENCH_BASELINE=<another build>/out/server/src/main.js.',
  trials: mains().flatMap((m) => [indexTrial(m), memoryTrial(m)]),
  report(outcomes: TrialOutcome[]): string {
    const err = (o: TrialOutcome) => `error: ${o.error ?? '?'}`;
    const index = outcomes.filter((o) => o.trial.id.startsWith('index-'));
    const memory = outcomes.filter((o) => o.trial.id.startsWith('memory-'));
    let out = table(
      [
        'server',
        'files',
        'cold index s',
        'warm restart s',
        'documentSymbol during cold index p50 / p99 ms (n)',
        'load avg',
        'cache',
      ],
      index.map((o) => {
        const r = o.result;
        if (!r) return [o.trial.label, err(o), '', '', '', '', ''];
        return [
          o.trial.label,
          String(r.files),
          ms(r.coldS),
          ms(r.warmS),
          `${ms(r.symP50)} / ${ms(r.symP99)} (${r.symN})`,
          ms(r.load),
          String(r.cache),
        ];
      }),
    );
    out +=
      '\n\n' +
      table(
        [
          'server',
          'files (MB)',
          'RSS MB at ready',
          'RSS MB 12 s later',
          'anonymous MB',
          'file-backed MB',
          'V8 heap used / total MB',
          'outside heap MB',
          'store copies / maps MB',
          'workers running (at ready → later)',
          'load avg',
        ],
        memory.map((o) => {
          const r = o.result;
          if (!r) return [o.trial.label, err(o), '', '', '', '', '', '', '', '', ''];
          return [
            o.trial.label,
            `${r.files} (${ms(r.mb)})`,
            ms(r.rssReady),
            ms(r.rss),
            ms(r.anon),
            ms(r.file),
            `${ms(r.heap)} / ${ms(r.heapTotal)}`,
            ms(r.external),
            `${ms(r.storeCopied)} / ${ms(r.storeMapped)}`,
            String(r.liveWorkers),
            ms(r.load),
          ];
        }),
      );
    out +=
      '\n\nTargets (issue 13): cold index ≤ 2.5 s; warm restart ≤ 0.3 s; documentSymbol during indexing p99 ≤ 50 ms; RSS after indexing 10,000 small files ≤ 250 MB.';
    return out;
  },
};
