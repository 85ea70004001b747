// The one place the transport tests start shared servers: `forEachTransport` runs a describe block against
// io_uring, epoll and net. A native transport the machine cannot provide is skipped with the reason —
// except under SIMPLE_LSP_REQUIRE_NATIVE=1 (CI), where that is a failure.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as net from 'node:net';
import { packageInfo } from '../../server/src/package-info';
import { gatherFacts } from '../../server/src/transport/select-transport';
import type { TransportKind } from '../../server/src/transport/transport';
import { frame, MAIN_JS, TestClient } from '../support/client';

export const REQUIRE_NATIVE = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1';
export const KINDS: TransportKind[] = ['uring', 'epoll', 'net'];

export function availability(kind: TransportKind): string | undefined {
  if (kind === 'net') return undefined;
  const facts = gatherFacts(packageInfo().root);
  if (facts.platform !== 'linux') return `platform ${facts.platform}`;
  if (facts.addonProblem !== undefined) return facts.addonProblem;
  return kind === 'uring' ? facts.uringProblem : undefined;
}

type Waiter = { pattern: RegExp; resolve: (line: string) => void };

/** A spawned `--tcp` server: its port, its log, and a way to stop it. */
export class ServerProcess {
  port = 0;
  private log = '';
  private readonly waiters: Waiter[] = [];
  readonly exited: Promise<number>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : 1))),
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.log += text;
      for (const w of [...this.waiters]) {
        const line = this.log.split('\n').find((l) => w.pattern.test(l));
        if (line !== undefined) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
  }

  get logText(): string {
    return this.log;
  }

  /** The first log line (already written or still to come) matching `pattern`. */
  logLine(pattern: RegExp): Promise<string> {
    const seen = this.log.split('\n').find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ pattern, resolve });
      void this.exited.then((code) =>
        reject(new Error(`server exited (${code}) before logging ${pattern}:\n${this.log}`)),
      );
    });
  }

  /** How many log lines match `pattern` so far. */
  count(pattern: RegExp): number {
    return this.log.split('\n').filter((l) => pattern.test(l)).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

export async function startServer(kind: TransportKind, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      MAIN_JS,
      '--transport',
      kind,
      '--log-level',
      'debug',
      ...(args.includes('--socket') ? [] : ['--tcp', '127.0.0.1:0']),
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const server = new ServerProcess(child);
  const line = await server.logLine(/listening on .* with transport /);
  const m = /listening on (?:[\d.]+|\[[\da-f:]+\]):(\d+)/.exec(line);
  if (m) server.port = Number(m[1]);
  return server;
}

/** A vscode-jsonrpc client over a TCP (or Unix) connection; `exited` resolves (0) when the socket closes. */
export function connectClient(target: number | string, host = '127.0.0.1'): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = typeof target === 'number' ? net.connect(target, host) : net.connect(target);
    socket.setNoDelay(true);
    const exited = new Promise<number>((r) => socket.on('close', () => r(0)));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(new TestClient(socket, socket, exited, () => socket.destroy())));
    socket.once('error', reject);
  });
}

/** A raw socket client: bytes out, framed messages in, and the close. */
export class RawClient {
  readonly messages: unknown[] = [];
  private buffer = Buffer.alloc(0);
  private readonly waiters: { match: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.toString('latin1', 0, end))?.[1]);
        if (this.buffer.length < end + 4 + length) return;
        const message: unknown = JSON.parse(this.buffer.toString('utf8', end + 4, end + 4 + length));
        this.buffer = this.buffer.subarray(end + 4 + length);
        this.messages.push(message);
        for (const w of [...this.waiters]) {
          if (w.match(message)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(message);
          }
        }
      }
    });
  }

  static connect(target: number | string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = typeof target === 'number' ? net.connect(target, '127.0.0.1') : net.connect(target);
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  /** Writes, ignoring the error of a connection the server has (rightly) closed meanwhile. */
  writeMayFail(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  send(message: object): Promise<void> {
    return this.write(frame(JSON.stringify({ jsonrpc: '2.0', ...message })));
  }

  /** The first message (received or to come) matching. */
  next<T = Record<string, unknown>>(match: (m: Record<string, unknown>) => boolean): Promise<T> {
    const m = match as (m: unknown) => boolean;
    const seen = this.messages.find(m);
    if (seen !== undefined) return Promise.resolve(seen as T);
    return new Promise((resolve) =>
      this.waiters.push({ match: m, resolve: resolve as (m: unknown) => void }),
    );
  }

  reply<T = Record<string, unknown>>(id: number | string): Promise<T> {
    return this.next<T>((m) => m.id === id && !('method' in m));
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface TransportHarness {
  kind: TransportKind;
}

export function forEachTransport(title: string, body: (h: TransportHarness) => void): void {
  for (const kind of KINDS) {
    describe(`${title} [${kind}]`, function () {
      const problem = availability(kind);
      if (problem !== undefined) {
        if (REQUIRE_NATIVE)
          it(`${kind} transport is available (SIMPLE_LSP_REQUIRE_NATIVE=1)`, () => {
            throw new Error(`${kind} transport unavailable: ${problem}`);
          });
        else it.skip(`${kind} transport unavailable: ${problem}`);
        return;
      }
      body({ kind });
    });
  }
}
