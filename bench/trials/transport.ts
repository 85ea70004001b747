// The TCP transports side by side (issue 5, design.md "Why io_uring for the TCP transport"): a load
// generator in its own process (bench/loadgen/loadgen.cc, built with the addon) runs C closed-loop clients,
// C = 1, 16, 128, 1024, against
//   (a) micro: a transport with a trivial handler (bench/servers/echo.ts: ~220-byte requests, ~320-byte
//       replies) — the transport's own cost;
//   (b) lsp: the real server (`--tcp`), each client having opened one file of a generated workspace,
//       alternating hover and definition over positions that resolve.
// One trial per (scenario, backend), each in a fresh process that starts its server as a child.
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { generateWorkspace } from '../../fixtures/generate';
import { definitionAt, lex, parse, TokenKind } from '../../server/src/language';
import { packageInfo } from '../../server/src/package-info';
import type { TransportKind } from '../../server/src/transport/transport';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const CLIENTS = [1, 16, 128, 1024];
const KINDS: TransportKind[] = ['uring', 'epoll', 'net'];
type Scenario = 'micro' | 'lsp';

const root = packageInfo().root;
const LOADGEN = path.join(root, 'build', 'Release', 'simple_loadgen');

function script(records: { kind: 'S' | 'R'; body: string }[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'simple-loadgen-')), 'script');
  const parts = records.map((r) => {
    const b = Buffer.from(r.body, 'utf8');
    return Buffer.concat([Buffer.from(`${r.kind} ${b.length}\n`), b]);
  });
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

function microScript(): string {
  const pad = 'p'.repeat(150);
  return script([
    { kind: 'R', body: `{"jsonrpc":"2.0","id":@ID@,"method":"bench/echo","params":{"n":1,"pad":"${pad}"}}` },
  ]);
}

/** A generated workspace's file, and positions in it where definition (and so hover) resolves. */
function lspScript(): string {
  const dir = path.join(root, 'fixtures', 'generated', 'transport-bench-100-seed1');
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    generateWorkspace({ files: 100, seed: 1 }, dir);
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.spl') && !e.name.startsWith('__')) files.push(p);
    }
  };
  walk(dir);
  // A mid-sized module: the 60th percentile by size.
  const sized = files.map((f) => ({ f, n: fs.statSync(f).size })).sort((a, b) => a.n - b.n);
  const file = sized[Math.floor(sized.length * 0.6)].f;
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parse(text);
  const offsets = lex(text)
    .tokens.filter((t) => t.kind === TokenKind.Name)
    .map((t) => t.start)
    .filter((o) => definitionAt(parsed, o).length > 0);
  const step = Math.max(1, Math.floor(offsets.length / 32));
  const chosen = offsets.filter((_, i) => i % step === 0).slice(0, 32);
  if (chosen.length === 0) throw new Error(`no resolvable names in ${file}`);
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  const uri = pathToFileURL(file).href;
  const records: { kind: 'S' | 'R'; body: string }[] = [
    {
      kind: 'S',
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 's1',
        method: 'initialize',
        params: { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} },
      }),
    },
    { kind: 'S', body: JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }) },
    {
      kind: 'S',
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'simple', version: 1, text } },
      }),
    },
  ];
  for (const o of chosen) {
    for (const method of ['textDocument/hover', 'textDocument/definition']) {
      const params = JSON.stringify({ textDocument: { uri }, position: position(o) });
      records.push({
        kind: 'R',
        body: `{"jsonrpc":"2.0","id":@ID@,"method":"${method}","params":${params}}`,
      });
    }
  }
  process.env.BENCH_WORKSPACE = dir;
  return script(records);
}

/** Starts the server for a scenario; resolves with the child and its port once it listens. */
function startServer(
  scenario: Scenario,
  kind: TransportKind,
): Promise<{ child: ChildProcess; port: number }> {
  const args =
    scenario === 'micro'
      ? [path.join(root, 'out', 'bench', 'servers', 'echo.js'), kind]
      : [
          path.join(root, 'out', 'server', 'src', 'main.js'),
          '--tcp',
          '127.0.0.1:0',
          '--transport',
          kind,
          '--workspace',
          process.env.BENCH_WORKSPACE ?? root,
          '--max-clients',
          '1100',
          '--log-level',
          'info',
        ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const look = (chunk: Buffer): void => {
      text += chunk.toString();
      const m = /listening (?:on 127\.0\.0\.1:)?(\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
      if (text.length > 1 << 16) text = text.slice(-4096);
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.on('exit', (code) =>
      reject(new Error(`${scenario} server (${kind}) exited with ${code}: ${text}`)),
    );
  });
}

interface LoadResult {
  clients: number;
  total: number;
  /** Server CPU (all threads, user + system) per answered request, µs. */
  cpuUs: number;
  requests: number;
  rps: number;
  p50_us: number;
  p99_us: number;
  errors: number;
  firstError: string;
}

/** CPU time the process has run, ns (all threads, /proc/PID/schedstat). */
function cpuNs(pid: number): number {
  let sum = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    sum += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  }
  return sum;
}

async function measured(
  server: { child: ChildProcess; port: number },
  clients: number,
  opts: TrialOptions,
  scriptFile: string,
): Promise<LoadResult> {
  const pid = server.child.pid!;
  const before = cpuNs(pid);
  const r = await load(server.port, clients, opts, scriptFile);
  r.cpuUs = r.total > 0 ? (cpuNs(pid) - before) / 1000 / r.total : NaN;
  return r;
}

function load(port: number, clients: number, opts: TrialOptions, scriptFile: string): Promise<LoadResult> {
  const warmup = opts.quick ? 200 : 1000;
  const duration = opts.quick ? 500 : 3000;
  return new Promise((resolve, reject) => {
    execFile(
      LOADGEN,
      [String(port), String(clients), String(warmup), String(duration), scriptFile],
      { timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`loadgen failed: ${error.message} ${stderr}`));
        resolve(JSON.parse(stdout) as LoadResult);
      },
    );
  });
}

const ROUNDS = 3;

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

/**
 * One trial per scenario runs all three backends, interleaved (uring, epoll, net, uring, …) for ROUNDS
 * rounds at each C, and keeps the median of each: a machine shared with other work slows every backend
 * alike instead of whichever happened to run during a busy spell.
 */
function trial(scenario: Scenario): Trial {
  return {
    id: scenario,
    label: scenario,
    async run(opts) {
      if (!fs.existsSync(LOADGEN)) throw new Error(`${LOADGEN} is not built (npm rebuild)`);
      const scriptFile = scenario === 'micro' ? microScript() : lspScript();
      const servers = new Map<TransportKind, { child: ChildProcess; port: number }>();
      const result: TrialResult = {};
      try {
        for (const k of KINDS) servers.set(k, await startServer(scenario, k));
        for (const c of CLIENTS) {
          const runs = new Map<TransportKind, LoadResult[]>(KINDS.map((k) => [k, []]));
          for (let round = 0; round < (opts.quick ? 1 : ROUNDS); round++) {
            for (const k of KINDS) runs.get(k)!.push(await measured(servers.get(k)!, c, opts, scriptFile));
          }
          for (const k of KINDS) {
            const rs = runs.get(k)!;
            result[`${k}_c${c}_rps`] = median(rs.map((r) => r.rps));
            result[`${k}_c${c}_p50`] = median(rs.map((r) => r.p50_us));
            result[`${k}_c${c}_p99`] = median(rs.map((r) => r.p99_us));
            result[`${k}_c${c}_errors`] = rs.reduce((n, r) => n + r.errors, 0);
            result[`${k}_c${c}_cpu`] = median(rs.map((r) => r.cpuUs));
            const first = rs.find((r) => r.firstError)?.firstError;
            if (first) result[`${k}_c${c}_firstError`] = first;
          }
        }
      } finally {
        for (const s of servers.values()) s.child.kill('SIGTERM');
        fs.rmSync(path.dirname(scriptFile), { recursive: true, force: true });
      }
      return result;
    },
  };
}

/** The figures of one backend in one scenario, keyed as c<C>_rps etc. */
function get(outcomes: TrialOutcome[], id: string): TrialResult | undefined {
  const [scenario, kind] = id.split('-');
  const r = outcomes.find((o) => o.trial.id === scenario)?.result;
  if (r === undefined) return undefined;
  const out: TrialResult = {};
  for (const [key, value] of Object.entries(r))
    if (key.startsWith(`${kind}_`)) out[key.slice(kind.length + 1)] = value;
  return out;
}

function report(outcomes: TrialOutcome[]): string {
  const out: string[] = [];
  for (const scenario of ['micro', 'lsp'] as Scenario[]) {
    const rows: (string | number)[][] = [];
    const cpuRows: (string | number)[][] = [];
    for (const c of CLIENTS) {
      const r = Object.fromEntries(KINDS.map((k) => [k, get(outcomes, `${scenario}-${k}`)]));
      const num = (k: TransportKind, key: string): number => Number(r[k]?.[`c${c}_${key}`] ?? NaN);
      const ratio = (k: TransportKind, key: string, invert = false): string => {
        const x = invert ? num('net', key) / num(k, key) : num(k, key) / num('net', key);
        return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
      };
      rows.push([
        String(c),
        ...KINDS.flatMap((k) => [Math.round(num(k, 'rps')), `${num(k, 'p50')} / ${num(k, 'p99')}`]),
        ratio('uring', 'rps'),
        ratio('epoll', 'rps'),
        KINDS.map((k) => num(k, 'errors')).join(' / '),
      ]);
      cpuRows.push([
        String(c),
        ...KINDS.map((k) => num(k, 'cpu')),
        ratio('uring', 'cpu', true),
        ratio('epoll', 'cpu', true),
      ]);
    }
    out.push(
      `### (${scenario === 'micro' ? 'a' : 'b'}) ${scenario === 'micro' ? 'transport micro-benchmark (trivial handler)' : 'real LSP requests (hover / definition)'}`,
      '',
      table(
        [
          'clients',
          'uring req/s',
          'uring p50 / p99 µs',
          'epoll req/s',
          'epoll p50 / p99 µs',
          'net req/s',
          'net p50 / p99 µs',
          'uring/net',
          'epoll/net',
          'errors u/e/n',
        ],
        rows,
      ),
      '',
      'Server CPU per answered request (µs, all threads, user + system, from /proc/PID/task/*/schedstat):',
      '',
      table(['clients', 'uring', 'epoll', 'net', 'net/uring', 'net/epoll'], cpuRows),
      '',
    );
  }
  const failed = outcomes.filter((o) => o.error !== undefined);
  for (const f of failed) out.push(`- ${f.trial.label} failed: ${f.error?.split('\n')[0]}`);
  out.push(...targets(outcomes));
  return out.join('\n');
}

function targets(outcomes: TrialOutcome[]): string[] {
  const rps = (s: Scenario, k: TransportKind, c: number) => Number(get(outcomes, `${s}-${k}`)?.[`c${c}_rps`]);
  const p99 = (s: Scenario, k: TransportKind, c: number) => Number(get(outcomes, `${s}-${k}`)?.[`c${c}_p99`]);
  const lines = ['', 'Targets (issue 5):'];
  for (const k of ['uring', 'epoll'] as TransportKind[]) {
    const a = [16, 128, 1024].map((c) => rps('micro', k, c) / rps('micro', 'net', c));
    lines.push(
      `- (a) ${k} ≥ 2.5× net at C ≥ 16: ${a.map((x) => `${x.toFixed(2)}×`).join(', ')} — ${a.every((x) => x >= 2.5) ? 'met' : 'NOT met'}`,
    );
    const b = rps('lsp', k, 128) / rps('lsp', 'net', 128);
    const lower = p99('lsp', k, 128) < p99('lsp', 'net', 128);
    lines.push(
      `- (b) ${k} ≥ 1.5× net at C = 128 with lower p99: ${b.toFixed(2)}×, p99 ${p99('lsp', k, 128)} vs ${p99('lsp', 'net', 128)} µs — ${b >= 1.5 && lower ? 'met' : 'NOT met'}`,
    );
  }
  const ids = (['micro', 'lsp'] as Scenario[]).flatMap((s) => KINDS.map((k) => `${s}-${k}`));
  const errors1024 = ids.map((id) => `${id}: ${get(outcomes, id)?.c1024_errors ?? 'no result'}`);
  const zero = ids.every((id) => Number(get(outcomes, id)?.c1024_errors ?? NaN) === 0);
  lines.push(`- 1024 clients with zero errors: ${errors1024.join(', ')} — ${zero ? 'met' : 'NOT met'}`);
  return lines;
}

export const transportBenchmark: Benchmark = {
  name: 'transport',
  description:
    'Closed-loop clients from a separate load-generator process (bench/loadgen) against each TCP backend, ' +
    'one request in flight per client; req/s over the measured window, latency p50/p99 in µs, errors ' +
    '(failed connections, error replies); each figure is the median of 3 interleaved rounds. (a) a trivial handler behind the transport; (b) the real server, ' +
    'hover and definition on a file of a generated workspace (100 files, seed 1).',
  trials: (['micro', 'lsp'] as Scenario[]).map((s) => trial(s)),
  report,
};
