// Soak: the shared server under a mix of ordinary and hostile clients at once, per TCP backend, this build
// beside earlier ones (SIMPLE_LSP_BEFORE=/path/to/out/server/src/main.js, several separated by ':';
// without it only this build runs). Ordinary sessions ask simple/status one request at a time for the whole run; meanwhile clients
// churn (connect, initialize, shutdown, exit), a slow reader sends requests and never reads, a slow writer
// trickles a large message and stalls, a big-message client sends 8 MiB notifications, and a flooder
// sends notifications as fast as the server takes them (capped at 8 MiB/s so an unbounded server cannot
// take the shared machine down). Printed: each ordinary session's p99 (worst and median of them), the
// server's peak RSS, replies lost (asked and never answered), how many 8 MiB messages the big-message
// client got to send and which hostile clients were cut off when (a server that cuts the big client off
// early has less to do for the rest of the run: compare p99s beside these).
// The p99: of every simple/status round trip of one session over the whole run (no warm-up; the first
// ones include the server's JIT warm-up), measured in this process, which also runs the hostile clients.
// The loop is closed (one request at a time), so a stall of the server costs each session one slow
// sample, not all the requests it would have sent meanwhile: the p99 understates long stalls.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const root = path.join(__dirname, '..', '..', '..');
const AFTER = path.join(root, 'out', 'server', 'src', 'main.js');
const BEFORE = (process.env.SIMPLE_LSP_BEFORE ?? '').split(path.delimiter).filter((p) => p !== '');
const ORDINARY = 8;
/** Extra node flags for the server under test, to profile it (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`). */
/** Hostile clients left out (`SIMPLE_LSP_SOAK_WITHOUT=big,flood`), to see which one costs what. */
const WITHOUT = new Set((process.env.SIMPLE_LSP_SOAK_WITHOUT ?? '').split(',').filter((a) => a !== ''));
const runs = (hostile: 'churn' | 'slow-reader' | 'slow-writer' | 'big' | 'flood'): boolean =>
  !WITHOUT.has(hostile);
const SERVER_NODE_ARGS = (process.env.SIMPLE_LSP_SOAK_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

const frame = (o: object): Buffer => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...o }));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
};
const INIT = frame({
  id: 0,
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {} },
});

/** A raw client: framed replies counted by id, with per-request latency. */
class Client {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { at: number; done: (ms: number) => void }>();
  readonly closed: Promise<void>;
  constructor(readonly socket: net.Socket) {
    socket.on('error', () => undefined);
    this.closed = new Promise((r) => socket.on('close', () => r()));
    socket.on('data', (c: Buffer) => {
      this.buf = this.buf.length === 0 ? c : Buffer.concat([this.buf, c]);
      for (;;) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(this.buf.toString('latin1', 0, end))?.[1]);
        if (this.buf.length < end + 4 + len) return;
        const m = JSON.parse(this.buf.toString('utf8', end + 4, end + 4 + len)) as {
          id?: number;
          method?: string;
        };
        this.buf = this.buf.subarray(end + 4 + len);
        const p = m.method === undefined && typeof m.id === 'number' ? this.pending.get(m.id) : undefined;
        if (p !== undefined) {
          this.pending.delete(m.id!);
          p.done(performance.now() - p.at);
        }
      }
    });
  }
  static connect(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.setNoDelay(true);
      s.once('error', reject);
    });
  }
  request(id: number, method: string, bytes = frame({ id, method })): Promise<number> {
    return new Promise((done) => {
      this.pending.set(id, { at: performance.now(), done });
      this.socket.write(bytes);
    });
  }
  get unanswered(): number {
    return this.pending.size;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function soak(main: string, kind: string, seconds: number): Promise<TrialResult> {
  const child = spawn(
    process.execPath,
    [
      ...SERVER_NODE_ARGS,
      main,
      '--tcp',
      '127.0.0.1:0',
      '--transport',
      kind,
      '--log-level',
      'info',
      '--idle-timeout-ms',
      '3000',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => {
      if (log.length < 1 << 16) log += t;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${log}`)));
  });
  const pid = child.pid!;
  let peak = rssMiB(pid);
  const start = peak;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      /* gone */
    }
  }, 50);
  const end = performance.now() + seconds * 1000;
  const live = (): boolean => performance.now() < end;

  // Ordinary sessions.
  const ordinary = await Promise.all(Array.from({ length: ORDINARY }, () => Client.connect(port)));
  const latencies: number[][] = ordinary.map(() => []);
  await Promise.all(ordinary.map((c) => c.request(0, 'initialize', INIT)));
  const asks = ordinary.map(async (c, i) => {
    for (let id = 1; live(); id++) {
      const answered = await Promise.race([c.request(id, 'simple/status'), sleep(10_000).then(() => -1)]);
      if (answered < 0) return;
      latencies[i].push(answered);
    }
  });

  const hostile: Promise<unknown>[] = [];
  // Which hostile clients the server cut off, and when: a server that cuts the big-message client off
  // early serves the rest of the run without its load, so the p99s are only comparable beside this.
  const begin = performance.now();
  const cutOff: string[] = [];
  const watch = (name: string, c: Client): void =>
    void c.closed.then(() => {
      if (live()) cutOff.push(`${name} ${((performance.now() - begin) / 1000).toFixed(1)} s`);
    });
  let bigSent = 0;
  // Churn.
  if (runs('churn'))
    hostile.push(
      (async () => {
        let n = 0;
        while (live()) {
          const c = await Client.connect(port).catch(() => undefined);
          if (c === undefined) continue;
          c.socket.write(INIT);
          c.socket.write(frame({ id: 1, method: 'shutdown' }));
          c.socket.write(frame({ method: 'exit' }));
          await Promise.race([c.closed, sleep(2000)]);
          c.socket.destroy();
          n++;
        }
        return n;
      })(),
    );
  // Slow reader: asks and never reads.
  if (runs('slow-reader'))
    hostile.push(
      (async () => {
        const c = await Client.connect(port);
        watch('slow reader', c);
        c.socket.write(INIT);
        c.socket.pause();
        const ask = Buffer.concat(
          Array.from({ length: 200 }, (_, i) => frame({ id: i + 1, method: 'simple/status' })),
        );
        while (live() && !c.socket.destroyed) {
          c.socket.write(ask);
          await sleep(20);
        }
        c.socket.destroy();
      })(),
    );
  // Slow writer: 12 MiB announced, 1 KiB every 10 ms, then nothing.
  if (runs('slow-writer'))
    hostile.push(
      (async () => {
        const c = await Client.connect(port);
        watch('slow writer', c);
        c.socket.write(`Content-Length: ${12 << 20}\r\n\r\n`);
        const kib = Buffer.alloc(1024, 0x61);
        while (live() && !c.socket.destroyed) {
          c.socket.write(kib);
          await sleep(10);
        }
        c.socket.destroy();
      })(),
    );
  // Big messages: 8 MiB notifications, one after another.
  if (runs('big'))
    hostile.push(
      (async () => {
        const c = await Client.connect(port);
        watch('big', c);
        c.socket.write(INIT);
        const big = frame({ method: '$/big', params: { x: 'b'.repeat(8 << 20) } });
        while (live() && !c.socket.destroyed) {
          bigSent++;
          if (!c.socket.write(big))
            await Promise.race([new Promise((r) => c.socket.once('drain', r)), c.closed]);
          await sleep(100);
        }
        c.socket.destroy();
      })(),
    );
  // Flooder: cheap notifications, 8 MiB/s.
  if (runs('flood'))
    hostile.push(
      (async () => {
        const c = await Client.connect(port);
        watch('flooder', c);
        c.socket.write(INIT);
        const note = frame({ method: '$/cancelRequest', params: { id: 'none' } });
        const chunk = Buffer.concat(
          Array.from({ length: Math.floor((256 << 10) / note.length) }, () => note),
        );
        while (live() && !c.socket.destroyed) {
          c.socket.write(chunk);
          await sleep(31);
        }
        c.socket.destroy();
      })(),
    );

  await Promise.all(asks);
  await Promise.all(hostile);
  clearInterval(sampler);
  const lost = ordinary.reduce((n, c) => n + c.unanswered, 0);
  for (const c of ordinary) c.socket.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  const p99s = latencies.map((l) => {
    const s = [...l].sort((a, b) => a - b);
    return s.length === 0 ? Infinity : s[Math.min(s.length - 1, Math.floor(s.length * 0.99))];
  });
  const sorted = [...p99s].sort((a, b) => a - b);
  return {
    worstP99: sorted[sorted.length - 1],
    medianP99: sorted[Math.floor(sorted.length / 2)],
    answered: latencies.reduce((n, l) => n + l.length, 0),
    lost,
    bigSent,
    cutOff: cutOff.join(', ') || 'none',
    rssStart: start,
    rssPeak: peak,
  };
}

function trials(): Trial[] {
  const out: Trial[] = [];
  for (const kind of ['uring', 'epoll', 'net'])
    for (const [which, main] of [...BEFORE.map((m, i) => [`before${i + 1}`, m]), ['after', AFTER]]) {
      out.push({
        id: `${kind}-${which}`,
        label: `${kind}, ${which === 'after' ? 'this build' : `before (${path.relative(root, main)})`}`,
        run: (opts: TrialOptions) => soak(main, kind, opts.quick ? 5 : 20),
      });
    }
  return out;
}

export const soakBenchmark: Benchmark = {
  name: 'soak',
  description:
    `${ORDINARY} ordinary sessions asking simple/status one at a time, beside churn, a slow reader, a slow ` +
    'writer, 8 MiB messages and a notification flood (8 MiB/s); p99 per ordinary session, the server’s ' +
    'peak RSS and lost replies. Target: no session’s p99 over 100 ms, RSS bounded, 0 lost replies.',
  trials: trials(),
  report(outcomes: TrialOutcome[]): string {
    const rows = outcomes.map((o) => {
      const r = o.result;
      if (r === undefined)
        return [o.trial.label, 'failed', '', '', '', '', '', '', String(o.error ?? '').split('\n')[0]];
      const f = (k: string): string =>
        typeof r[k] === 'number' ? (r[k] as number).toFixed(1) : String(r[k]);
      return [
        o.trial.label,
        f('worstP99'),
        f('medianP99'),
        String(r.answered),
        String(r.lost),
        f('rssStart'),
        f('rssPeak'),
        String(r.bigSent),
        String(r.cutOff),
      ];
    });
    return table(
      [
        'server',
        'worst session p99 ms',
        'median session p99 ms',
        'answered',
        'lost replies',
        'RSS start MiB',
        'RSS peak MiB',
        '8 MiB messages sent',
        'cut off (time into the run)',
      ],
      rows,
    );
  },
};
