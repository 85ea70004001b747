import * as assert from 'node:assert/strict';
// What the hostile-client tests share: a victim session that keeps asking and records how long each answer
// took, and the server process's resident memory. Every hostile test runs a victim beside the attack and
// asserts a bound on the victim's worst latency, that it lost nothing, and a bound on the server's memory.
import * as fs from 'node:fs';
import type { TestClient } from '../support/client';
import { connectClient } from '../transport/support';

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used, in seconds (Linux /proc, 100 ticks per second). */
export function cpuSeconds(pid: number): number {
  return statCpu(`/proc/${pid}/stat`);
}

/** CPU time a process's main (JS) thread has used, in seconds: its thread id is the process id. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpu(`/proc/${pid}/task/${pid}/stat`);
}

function statCpu(file: string): number {
  const stat = fs.readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Whether a server process's RSS says anything about the server: under AddressSanitizer (CI's sanitizer
 * run preloads libasan into every process) it measures ASan's quarantine of freed memory and its
 * redzones. The bounds are checked in the ordinary run; the sanitizer run checks everything else.
 */
export const RSS_MEANINGFUL = !/libasan/.test(process.env.LD_PRELOAD ?? '');

/** Asserts an RSS growth bound where RSS is meaningful (see RSS_MEANINGFUL). */
export function assertRssUnder(growthMiB: number, boundMiB: number, message: string): void {
  if (RSS_MEANINGFUL) assert.ok(growthMiB < boundMiB, message);
}

/** Samples a process's RSS every few ms until stopped; `peak` is the highest seen. */
export class RssWatch {
  peak = 0;
  readonly start: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.start = rssMiB(pid);
    this.peak = this.start;
    this.timer = setInterval(() => this.sample(), 20);
  }

  sample(): void {
    try {
      this.peak = Math.max(this.peak, rssMiB(this.pid));
    } catch {
      // the process is gone
    }
  }

  stop(): { start: number; peak: number; growth: number } {
    clearInterval(this.timer);
    this.sample();
    return { start: this.start, peak: this.peak, growth: this.peak - this.start };
  }
}

export interface VictimReport {
  answered: number;
  lost: number;
  worstMs: number;
  p50Ms: number;
}

/** An initialized session that asks simple/status one request at a time until stopped. */
export class Victim {
  private readonly times: number[] = [];
  private lost = 0;
  private running = true;
  private loop: Promise<void> = Promise.resolve();
  private readonly waiters: { n: number; resolve: () => void }[] = [];

  private constructor(readonly client: TestClient) {}

  /** Median round trip before the attack: the machine's own speed at this moment. */
  baselineMs = 0;

  static async start(port: number): Promise<Victim> {
    const client = await connectClient(port);
    await client.initialize();
    const v = new Victim(client);
    const warm: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      await client.request('simple/status');
      warm.push(performance.now() - t);
    }
    v.baselineMs = warm.sort((a, b) => a - b)[4];
    v.loop = v.run();
    return v;
  }

  /**
   * The worst latency allowed while an attack runs: `floorMs`, or 50 quiet round trips when the machine is
   * so loaded that a quiet round trip alone takes more than a fiftieth of it.
   */
  bound(floorMs: number): number {
    return Math.max(floorMs, 50 * this.baselineMs);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      try {
        await this.client.request('simple/status');
        this.times.push(performance.now() - started);
      } catch {
        this.lost++;
        this.running = false;
      }
      for (const w of [...this.waiters])
        if (this.times.length >= w.n || !this.running) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
    }
  }

  /** Waits until it has had at least n answers (proof the attack ran while it was served). */
  answers(n: number): Promise<void> {
    if (this.times.length >= n || !this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** The server went away: what was answered until then. */
  abandon(): VictimReport {
    this.running = false;
    this.client.rpc.dispose();
    return this.report();
  }

  async stop(): Promise<VictimReport> {
    this.running = false;
    await this.loop;
    await this.client.stop();
    return this.report();
  }

  private report(): VictimReport {
    const sorted = [...this.times].sort((a, b) => a - b);
    return {
      answered: sorted.length,
      lost: this.lost,
      worstMs: sorted.length > 0 ? sorted[sorted.length - 1] : NaN,
      p50Ms: sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : NaN,
    };
  }
}
