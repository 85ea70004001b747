// A real LSP client for tests: a vscode-jsonrpc MessageConnection talking to the real server, either a
// spawned `node out/server/src/main.js --stdio` or an in-process SimpleServer over in-memory streams.
// Everything waits on explicit signals (responses, notifications, log lines, process exit), never on time.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import {
  AbstractMessageWriter,
  type CancellationToken,
  createMessageConnection,
  type Message,
  type MessageConnection,
  type MessageWriter,
  StreamMessageReader,
} from 'vscode-jsonrpc/node';
import type { InitializeParams, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { Logger, type LogSink } from '../../server/src/logger';
import { createSimpleServer, type SimpleServerOptions } from '../../server/src/server';
import { createStreamConnection } from '../../server/src/transport/stdio';

export const MAIN_JS = path.resolve(__dirname, '../../server/src/main.js');

/** Frames messages itself so a test can hold several and send them in one write (one pipe read). */
class FramingWriter extends AbstractMessageWriter implements MessageWriter {
  private held: Buffer[] | undefined;

  constructor(private readonly out: Writable) {
    super();
  }

  write(msg: Message): Promise<void> {
    return this.writeRaw(frame(JSON.stringify(msg)));
  }

  writeRaw(bytes: Buffer): Promise<void> {
    if (this.held !== undefined) {
      this.held.push(bytes);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.out.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  hold(): void {
    this.held = [];
  }

  release(): Promise<void> {
    const bytes = Buffer.concat(this.held ?? []);
    this.held = undefined;
    return this.writeRaw(bytes);
  }

  end(): void {
    this.out.end();
  }
}

export function frame(body: string | Buffer): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}

type Waiter = { match: (line: string) => boolean; resolve: (line: string) => void };

export class TestClient {
  readonly rpc: MessageConnection;
  private readonly writer: FramingWriter;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly diagnosticWaiters: {
    match: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  /** window/logMessage notifications received, in order. */
  readonly logMessages: { type: number; message: string }[] = [];
  private log = '';
  private readonly logWaiters: Waiter[] = [];

  constructor(
    input: NodeJS.ReadableStream,
    output: Writable,
    /** Resolves with the server's exit code. */
    readonly exited: Promise<number>,
    private readonly kill: () => void,
  ) {
    this.writer = new FramingWriter(output);
    this.rpc = createMessageConnection(new StreamMessageReader(input), this.writer);
    this.rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.diagnosticWaiters]) {
        if (w.match(p)) {
          this.diagnosticWaiters.splice(this.diagnosticWaiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.rpc.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logMessages.push(p);
    });
    this.rpc.listen();
  }

  /** Called with the server's log output as it arrives. */
  addLog(text: string): void {
    this.log += text;
    for (const line of text.split('\n')) {
      for (const w of [...this.logWaiters]) {
        if (w.match(line)) {
          this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  }

  get logText(): string {
    return this.log;
  }

  /** The first log line written after `mark` (a length of logText) matching `pattern`. */
  logLineAfter(mark: number, pattern: RegExp): Promise<string> {
    const seen = this.log
      .slice(mark)
      .split('\n')
      .find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ match: (l) => pattern.test(l), resolve }));
  }

  /** The first log line (already written or still to come) matching `pattern`. */
  logLine(pattern: RegExp): Promise<string> {
    const seen = this.log.split('\n').find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ match: (l) => pattern.test(l), resolve }));
  }

  async initialize(params: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const result = await this.rpc.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      ...params,
    });
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  request<R>(method: string, params?: unknown, token?: CancellationToken): Promise<R> {
    if (params === undefined) return this.rpc.sendRequest<R>(method, token);
    return token === undefined
      ? this.rpc.sendRequest<R>(method, params)
      : this.rpc.sendRequest<R>(method, params, token);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.rpc.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'simple', version, text },
    });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** The first publication for `uri` (already received or still to come) with that version, if given. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams): boolean =>
      p.uri === uri && (version === undefined || p.version === version);
    const seen = this.published.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.diagnosticWaiters.push({ match, resolve }));
  }

  /** The next publication for `uri` that arrives after this call. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.diagnosticWaiters.push({ match: (p) => p.uri === uri, resolve }));
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Sends everything `send` writes in a single write, so the server reads it as one chunk. */
  async batch(send: () => void): Promise<void> {
    this.writer.hold();
    try {
      send();
    } finally {
      await this.writer.release();
    }
  }

  /** Writes bytes straight onto the wire, bypassing the client's framing. */
  writeRaw(bytes: Buffer | string): Promise<void> {
    return this.writer.writeRaw(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  }

  /** shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number> {
    await this.rpc.sendRequest('shutdown');
    await this.rpc.sendNotification('exit');
    const code = await this.exited;
    this.rpc.dispose();
    return code;
  }

  /** For afterEach: ends the server whatever state the test left it in. */
  async dispose(): Promise<void> {
    this.kill();
    await this.exited;
    this.rpc.dispose();
  }
}

/**
 * Spawns `node out/server/src/main.js ARGS` (by default `--stdio --log-level debug`), or another build of
 * the server (`script`: the bundled copy in a .vsix) with `env` added to this process's environment.
 */
export function spawnServer(
  args: string[] = ['--stdio', '--log-level', 'debug'],
  script = MAIN_JS,
  env: NodeJS.ProcessEnv = {},
): TestClient {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : 1))),
  );
  // Writes to a dead child's stdin must not crash the test run; the test sees the exit code instead.
  child.stdin.on('error', () => undefined);
  const client = new TestClient(child.stdout, child.stdin, exited, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => client.addLog(text));
  return client;
}

/** A SimpleServer in this process over in-memory streams, for options a spawned server cannot take. */
export function inProcessServer(options: Partial<SimpleServerOptions> = {}): TestClient {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const client = new TestClient(toClient, toServer, exited, () => toServer.end());
  const sink: LogSink = { write: (line) => client.addLog(line), close: () => undefined };
  const logger = new Logger('debug', sink);
  const connection = createStreamConnection(toServer, toClient, {
    logger,
    onExit: (code) => {
      connection.dispose();
      resolveExit(code);
    },
  });
  createSimpleServer(connection, { logger, transport: 'stdio', ...options }).register();
  connection.listen();
  return client;
}
