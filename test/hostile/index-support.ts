// Shared pieces of the index and document rows of the hostile suite: a real `--tcp` server process, a
// victim session that keeps asking for hovers while something hostile happens and records its worst
// latency, the server's peak memory, and generated workspaces. The hostile event runs through a real
// client of the same server; the assertions are on what every other session sees.
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

const VICTIM_TEXT = 'fn greet(name: text) -> text:\n    name\n\nfn main():\n    greet("x")\n';

/**
 * Another client of the same server, on its own small workspace, asking for a hover in a closed loop.
 * `worstMs` is its slowest round trip since start(); `answered` counts replies.
 */
export class Victim {
  worstMs = 0;
  answered = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private constructor(
    readonly client: TestClient,
    private readonly docUri: string,
  ) {}

  static async join(server: ServerProcess): Promise<Victim> {
    const dir = tempTree('victim', { 'main.spl': VICTIM_TEXT });
    const client = await readySession(server, [dir]);
    const docUri = uri(path.join(dir, 'main.spl'));
    await client.open(docUri, VICTIM_TEXT);
    return new Victim(client, docUri);
  }

  start(): void {
    this.running = true;
    this.worstMs = 0;
    this.answered = 0;
    this.loop = (async () => {
      while (this.running) {
        const t0 = performance.now();
        const h = await this.client.request<{ contents: unknown } | null>('textDocument/hover', {
          textDocument: { uri: this.docUri },
          position: { line: 4, character: 5 },
        });
        if (h === null) throw new Error('the victim hover lost its answer');
        this.worstMs = Math.max(this.worstMs, performance.now() - t0);
        this.answered++;
      }
    })();
  }

  async stop(): Promise<{ worstMs: number; answered: number }> {
    this.running = false;
    await this.loop;
    return { worstMs: this.worstMs, answered: this.answered };
  }
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
