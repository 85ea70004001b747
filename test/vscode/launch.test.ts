// The extension's launch decisions, status bar text, and its socket connection to a running server
// (a real listener that hands each connection to a real server process over stdio).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { connectSocket } from '../../client-vscode/src/core/connect';
import { LaunchError, planLaunch, type LaunchEnvironment } from '../../client-vscode/src/core/launch';
import { readClientSettings } from '../../client-vscode/src/core/settings';
import { ServerLogReader } from '../../client-vscode/src/core/server-log';
import { ProgressTracker, statusView } from '../../client-vscode/src/core/status';
import { MAIN_JS } from '../support/client';

const ROOT = path.resolve(__dirname, '../../..');

function env(files: string[], extensionPath = '/repo/client-vscode'): LaunchEnvironment {
  const set = new Set(files.map((f) => path.normalize(f)));
  return {
    extensionPath,
    workspaceFolder: '/ws',
    home: '/home/u',
    exists: (f) => set.has(path.normalize(f)),
  };
}
const settings = (values: Record<string, unknown>) => readClientSettings((k) => values[k]);
const REPO_FILES = ['/repo/bin/simple-lsp.js', '/repo/server/src/main.ts', '/repo/out/server/src/main.js'];

describe('vscode: launch plan', () => {
  it('defaults to the repository build over stdio with the system node', () => {
    const plan = planLaunch(settings({}), env(REPO_FILES));
    assert.deepEqual(plan, {
      kind: 'process',
      command: 'node',
      args: ['/repo/bin/simple-lsp.js', '--stdio', '--log-level', 'info'],
      source: 'repository',
      script: '/repo/bin/simple-lsp.js',
    });
  });

  it('says to build an unbuilt repository instead of starting a broken server', () => {
    assert.throws(
      () => planLaunch(settings({}), env(REPO_FILES.slice(0, 2))),
      /not built: run `npm ci && npm run build`/,
    );
  });

  it('uses the bundled copy when installed from the vsix', () => {
    const ext = '/home/u/.vscode/extensions/simple-lsp.simple-lsp-vscode-0.1.0';
    const plan = planLaunch(
      settings({ 'simple.server.nodePath': '/opt/node/bin/node' }),
      env([`${ext}/server/simple-lsp.js`], ext),
    );
    assert.equal(plan.kind === 'process' && plan.source, 'bundled');
    assert.equal(plan.kind === 'process' && plan.command, '/opt/node/bin/node');
    assert.throws(() => planLaunch(settings({}), env([], ext)), LaunchError);
  });

  it('honours simple.server.path: ~, ${workspaceFolder}, relative; .js through node, else executed', () => {
    const s = (p: string) => settings({ 'simple.server.path': p, 'simple.server.logLevel': 'debug' });
    const files = ['/home/u/lsp/bin/simple-lsp.js', '/ws/tools/lsp.js', '/usr/local/bin/simple-lsp'];
    const a = planLaunch(s('~/lsp/bin/simple-lsp.js'), env(files));
    assert.deepEqual(a.kind === 'process' && [a.command, ...a.args], [
      'node',
      '/home/u/lsp/bin/simple-lsp.js',
      '--stdio',
      '--log-level',
      'debug',
    ]);
    const b = planLaunch(s('${workspaceFolder}/tools/lsp.js'), env(files));
    assert.equal(b.kind === 'process' && b.script, '/ws/tools/lsp.js');
    assert.equal(planLaunch(s('tools/lsp.js'), env(files)).kind === 'process', true);
    const c = planLaunch(s('/usr/local/bin/simple-lsp'), env(files));
    assert.deepEqual(c.kind === 'process' && [c.command, ...c.args], [
      '/usr/local/bin/simple-lsp',
      '--stdio',
      '--log-level',
      'debug',
    ]);
    assert.throws(
      () => planLaunch(s('/nope.js'), env(files)),
      /simple\.server\.path: \/nope\.js does not exist/,
    );
  });

  it('connects over tcp or a socket instead of starting anything', () => {
    assert.deepEqual(
      planLaunch(settings({ 'simple.server.mode': 'tcp', 'simple.server.port': 9000 }), env([])),
      {
        kind: 'tcp',
        host: '127.0.0.1',
        port: 9000,
      },
    );
    assert.deepEqual(
      planLaunch(settings({ 'simple.server.mode': 'socket', 'simple.server.socket': '~/s.sock' }), env([])),
      {
        kind: 'socket',
        path: '/home/u/s.sock',
      },
    );
    assert.throws(
      () => planLaunch(settings({ 'simple.server.mode': 'socket' }), env([])),
      /simple\.server\.socket is empty/,
    );
  });

  it('finds this repository from client-vscode/', () => {
    const plan = planLaunch(settings({}), {
      extensionPath: path.join(ROOT, 'client-vscode'),
      exists: fs.existsSync,
    });
    assert.equal(plan.kind === 'process' && plan.source, 'repository');
  });
});

describe('vscode: status bar', () => {
  const reply = {
    version: '0.1.0',
    transport: 'stdio',
    store: { kind: 'native', reason: 'io_uring' },
    openDocuments: [{}, {}],
  };

  it('shows transport and store from simple/status', () => {
    const v = statusView('running', reply);
    assert.equal(v.text, '$(check) Simple: stdio · native store');
    assert.match(v.tooltip, /file store: native \(io_uring\)/);
    assert.match(v.tooltip, /open documents: 2/);
    assert.equal(
      statusView('running', { ...reply, store: 'none' }).text,
      '$(check) Simple: stdio · no store',
    );
  });

  it('shows indexing progress while it runs, then the status again', () => {
    const t = new ProgressTracker();
    t.update('idx', { kind: 'begin', title: 'Indexing', percentage: 0 });
    t.update('idx', { kind: 'report', message: '120/400 files', percentage: 30 });
    assert.equal(statusView('running', reply, t.current()).text, '$(sync~spin) Simple: Indexing 30%');
    assert.match(statusView('running', reply, t.current()).tooltip, /120\/400 files/);
    t.update('idx', { kind: 'end' });
    t.update('stray', { kind: 'report', percentage: 5 });
    assert.equal(t.current(), undefined);
    assert.equal(statusView('running', reply, t.current()).text, '$(check) Simple: stdio · native store');
  });

  it('reads as starting until the first simple/status reply, never `? · ?`', () => {
    assert.equal(statusView('running', undefined).text, '$(sync~spin) Simple');
  });

  it('says plainly that the universal package has no native store, and why the index runs inline', () => {
    const fsReply = {
      ...reply,
      store: { kind: 'fs', reason: 'the addon is not built (… `npm rebuild`)' },
      workspace: { state: 'ready', files: 12, workerProblem: '5 index worker starts failed in a row' },
    };
    const universal = statusView('running', fsReply, undefined, undefined, {
      bundled: true,
      bundleHasAddon: false,
    });
    assert.equal(universal.text, '$(check) Simple: stdio · fs store');
    assert.match(universal.tooltip, /universal package, which carries no native addon/);
    assert.doesNotMatch(universal.tooltip, /npm rebuild/);
    assert.match(universal.tooltip, /index: ready, 12 files/);
    assert.match(universal.tooltip, /index on the main thread: 5 index worker starts failed/);
    // A repository build or simple.server.path: the server's own reason, which a developer can act on.
    assert.match(statusView('running', fsReply).tooltip, /file store: fs \(the addon is not built/);
  });

  it('says when the server failed or stopped', () => {
    assert.match(statusView('failed', undefined, undefined, 'boom').tooltip, /boom/);
    assert.equal(statusView('stopped', undefined).text, '$(circle-slash) Simple');
  });
});

describe('vscode: server log levels', () => {
  it('puts each stderr line at the level the server wrote, continuation lines with the line before', () => {
    const reader = new ServerLogReader();
    const lines = [
      'a crash before any log line',
      '2026-12-07T14:00:00.000Z INFO  [session] index ready: 12 files',
      '2026-12-07T14:00:00.001Z WARN  index: worker failed; retry 1 of 4 in 100 ms',
      '2026-12-07T14:00:00.002Z ERROR [session] handler failed: Error: boom',
      '    at f (x.js:1:1)',
      '2026-12-07T14:00:00.003Z DEBUG [session] <- textDocument/hover',
    ].map((l) => reader.read(l));
    assert.deepEqual(lines, [
      { level: 'error', message: 'a crash before any log line' },
      { level: 'info', message: '[session] index ready: 12 files' },
      { level: 'warn', message: 'index: worker failed; retry 1 of 4 in 100 ms' },
      { level: 'error', message: '[session] handler failed: Error: boom' },
      { level: 'error', message: '    at f (x.js:1:1)' },
      { level: 'debug', message: '[session] <- textDocument/hover' },
    ]);
  });
});

/** A listener whose every connection is piped to a fresh real server process over stdio. */
async function bridge(listen: (server: net.Server, ready: () => void) => void): Promise<net.Server> {
  const server = net.createServer((socket) => {
    const child = spawn(process.execPath, [MAIN_JS, '--stdio', '--log-level', 'error'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    socket.pipe(child.stdin);
    child.stdout.pipe(socket);
    socket.on('close', () => child.kill());
    child.on('exit', () => socket.destroy());
  });
  await new Promise<void>((resolve) => listen(server, resolve));
  return server;
}

async function initializeAndStatus(socket: net.Socket): Promise<{ transport: string }> {
  const conn = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
  conn.listen();
  try {
    await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    conn.sendNotification('initialized', {});
    return await conn.sendRequest<{ transport: string }>('simple/status');
  } finally {
    await conn.sendRequest('shutdown').catch(() => undefined);
    conn.dispose();
    socket.destroy();
  }
}

describe('vscode: connecting to a running server', () => {
  it('over TCP', async () => {
    const server = await bridge((s, ready) => s.listen(0, '127.0.0.1', ready));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const status = await initializeAndStatus(await connectSocket({ kind: 'tcp', host: '127.0.0.1', port }));
      assert.equal(typeof status.transport, 'string');
    } finally {
      server.close();
    }
  });

  it('over a Unix socket', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-lsp-sock-'));
    const sock = path.join(dir, 'lsp.sock');
    const server = await bridge((s, ready) => s.listen(sock, ready));
    try {
      const status = await initializeAndStatus(await connectSocket({ kind: 'socket', path: sock }));
      assert.equal(typeof status.transport, 'string');
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a refused connection with the address and the reason', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await assert.rejects(
      connectSocket({ kind: 'tcp', host: '127.0.0.1', port }),
      new RegExp(`127\\.0\\.0\\.1:${port}: ECONNREFUSED`),
    );
    await assert.rejects(
      connectSocket({ kind: 'socket', path: '/nonexistent/simple.sock' }),
      /\/nonexistent\/simple\.sock: ENOENT/,
    );
  });
});
