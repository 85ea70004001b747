// Shared pieces of the index and document rows of the hostile suite: a real `--tcp` server process, a
// victim session that keeps asking for hovers while something hostile happens and records its worst
// latency, the server's peak memory, and generated workspaces. The hostile event runs through a real
// client of the same server; the assertions are on what every other session sees.
import { type ChildProcess, fork } from 'node:child_process';
import { on, once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StatusResult } from '../../server/src/features/status';
import type { TestClient } from '../support/client';
import { availability, connectClient, type ServerProcess, startServer } from '../transport/support';
import type { TransportKind } from '../../server/src/transport/transport';

/** The index rows do not depend on the transport: they run on the best one the machine has. */
export const KIND: TransportKind = availability('uring') === undefined ? 'uring' : 'net';

export const TMP = fs.realpathSync(os.tmpdir());

/** A `--tcp` server that serves any root under the temporary directory. */
export function hostileServer(args: string[] = []): Promise<ServerProcess> {
  return startServer(KIND, ['--allow-root', TMP, ...args]);
}

export function tempTree(prefix: string, files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(TMP, `simple-hostile-${prefix}-`));
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** Writes the files without blocking this process's loop (the victim's requests run in it too). */
export async function writeTreeAsync(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  const entries = Object.entries(files);
  for (let i = 0; i < entries.length; i += 64) {
    await Promise.all(
      entries.slice(i, i + 64).map(async ([rel, text]) => {
        await fs.promises.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
        await fs.promises.writeFile(path.join(dir, rel), text);
      }),
    );
  }
}

export const uri = (file: string): string => pathToFileURL(file).href;

/** A session on `roots`, returned once its workspace index is ready (polled through simple/status). */
export async function readySession(server: ServerProcess, roots: string[]): Promise<TestClient> {
  const c = await connectClient(server.port);
  await c.initialize({
    rootUri: uri(roots[0]),
    workspaceFolders: roots.map((r) => ({ uri: uri(r), name: path.basename(r) })),
  });
  await waitReady(c);
  return c;
}

export async function waitReady(c: TestClient): Promise<StatusResult> {
  for (;;) {
    const s = await c.request<StatusResult>('simple/status');
    if (s.workspace !== 'none' && s.workspace.state === 'ready') return s;
    // Polling the server's own report (there is no "ready" notification); each poll is a round trip.
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Another client of the same server, on its own small workspace, asking for a hover in a closed loop —
 * in a child process of its own (victim.ts), so the test's own work (building a 5 MB message) never
 * counts as the server's latency. `stop()` returns its slowest round trip since `start()`.
 */
export class Victim {
  private constructor(
    private readonly child: ChildProcess,
    private readonly replies: AsyncIterator<VictimReport>,
  ) {}

  static async join(server: ServerProcess): Promise<Victim> {
    const child = fork(path.join(__dirname, 'victim.js'), [String(server.port), tempTree('victim')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const replies = on(child, 'message') as AsyncIterator<[VictimReport]>;
    const victim = new Victim(child, {
      next: async () => {
        const r = await replies.next();
        if (r.done) throw new Error('the victim process ended');
        return { done: false, value: r.value[0] };
      },
    });
    await victim.replies.next(); // joined: its workspace is ready and its document open
    return victim;
  }

  start(): void {
    this.child.send('start');
  }

  async stop(): Promise<VictimReport> {
    this.child.send('stop');
    const report = (await this.replies.next()).value as VictimReport;
    if (report.error !== undefined) throw new Error(`the victim failed: ${report.error}`);
    return report;
  }

  async dispose(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill();
    await exited;
  }
}

export interface VictimReport {
  worstMs: number;
  answered: number;
  error?: string;
}

/** The server process's peak resident memory (VmHWM), in MB. */
export function peakRssMb(server: ServerProcess): number {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** Waits until the server's log has `count` lines matching `pattern`, or (with a sum) their totals reach it. */
export async function logged(
  server: ServerProcess,
  pattern: RegExp,
  count: number,
  sum = false,
): Promise<void> {
  const total = (): number =>
    server.logText
      .split('\n')
      .map((l) => pattern.exec(l))
      .reduce((n, m) => n + (m ? (sum ? Number(m[1]) : 1) : 0), 0);
  while (total() < count) {
    // The harness appends to the log in its own (earlier) listener: the next chunk is already there.
    const next = new Promise((resolve) => server.child.stderr.once('data', resolve));
    await Promise.race([
      next,
      server.exited.then((code) => Promise.reject(new Error(`server exited (${code})`))),
    ]);
  }
}
