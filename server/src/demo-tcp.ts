// The second half of --demo: the same directory served by one shared server over TCP (`--tcp`), with two
// clients at once. Shows which transport the machine gave (io_uring here, when it can), that both sessions
// are served by one process, and that each client's unsaved text and diagnostics stay its own.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { DemoOptions } from './demo';
import type { StatusResult } from './features/status';

interface DemoClient {
  rpc: MessageConnection;
  socket: net.Socket;
  closed: Promise<void>;
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
}

async function connect(port: number): Promise<DemoClient> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const rpc = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
  const seen: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    seen.push(p);
    for (const w of waiters.filter((x) => x.uri === p.uri && x.version === p.version)) w.resolve(p);
  });
  rpc.listen();
  return {
    rpc,
    socket,
    closed,
    diagnostics: (uri, version) => {
      const hit = seen.find((p) => p.uri === uri && p.version === version);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
  };
}

/** Runs the TCP half of the demo over `files`; resolves to 0 when everything answered. */
export async function runTcpDemo(options: DemoOptions, dir: string, files: string[]): Promise<number> {
  const { out } = options;
  const mainJs = path.join(__dirname, 'main.js');
  const args = [mainJs, '--tcp', '127.0.0.1:0', '--workspace', dir, '--log-level', 'info'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      log += text;
      const line = log.split('\n').find((l) => / listening on /.test(l));
      if (line !== undefined) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`the TCP server exited with code ${code}:\n${log}`)));
  });
  const line = await listening;
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
  out('');
  out(`== the same directory over TCP: one shared server, two clients`);
  out(`server: ${process.execPath} ${mainJs} --tcp 127.0.0.1:0 --workspace ${dir} (pid ${child.pid})`);
  const clients = await Promise.all([connect(port), connect(port)]);
  try {
    await Promise.all(
      clients.map(async (c, i) => {
        await c.rpc.sendRequest('initialize', {
          processId: process.pid,
          clientInfo: { name: `simple-lsp --demo tcp client ${i + 1}` },
          rootUri: pathToFileURL(dir).href,
          capabilities: {},
          initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
        });
        await c.rpc.sendNotification('initialized', {});
      }),
    );
    let symbols = 0;
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      // Client 1 opens the file as it is on disk; client 2 replaces it with its own unsaved text.
      const mine = ['fn unsaved_in_client_2() -> i64:', '    2', ''].join('\n');
      const [a, b] = clients;
      await a.rpc.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'simple', version: 1, text },
      });
      await b.rpc.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'simple', version: 1, text: mine },
      });
      const [da, db] = await Promise.all([a.diagnostics(uri, 1), b.diagnostics(uri, 1)]);
      const sa =
        (await a.rpc.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', {
          textDocument: { uri },
        })) ?? [];
      const sb =
        (await b.rpc.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', {
          textDocument: { uri },
        })) ?? [];
      symbols += sa.length;
      out(
        `  ${path.relative(dir, file)}: client 1 sees ${sa.length} symbol(s), ${da.diagnostics.length} diagnostic(s); ` +
          `client 2 (its own unsaved text) sees ${sb.map((s) => s.name).join(', ')}, ${db.diagnostics.length} diagnostic(s)`,
      );
    }
    const status = await clients[0].rpc.sendRequest<StatusResult>('simple/status');
    const tcp = status.tcp;
    out(
      `status: transport ${status.transport}, backend ${tcp?.backend} — ${tcp?.description}; ` +
        `${tcp?.sessions} session(s) in one process; ${symbols} top-level symbols for client 1`,
    );
    out(`why this backend: ${tcp?.reason}`);
    for (const c of clients) {
      await c.rpc.sendRequest('shutdown');
      await c.rpc.sendNotification('exit');
    }
    await Promise.all(clients.map((c) => c.closed));
    out('both clients exited; the shared server keeps running until it is stopped (SIGTERM here)');
    return tcp?.sessions === 2 ? 0 : 1;
  } finally {
    for (const c of clients) c.rpc.dispose();
    child.kill('SIGTERM');
  }
}
