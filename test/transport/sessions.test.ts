// The shared server over each transport (io_uring, epoll, net): real clients over real sockets. Sessions
// are independent (their own documents, lifecycle and exit), the server outlives any one of them, and
// simple/status says which backend runs and how many sessions it holds.
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, type DocumentSymbol, type Hover } from 'vscode-languageserver';
import type { StatusResult } from '../../server/src/features/status';
import type { TestClient } from '../support/client';
import { fixture, lineOf, uriOf } from '../support/fixtures';
import { connectClient, forEachTransport, startServer, type ServerProcess } from './support';

const FAST = { initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } } };
const URI = uriOf('counter.spl');
const TEXT = fixture('demo-mini/counter.spl');
const ADD_LINE = lineOf(TEXT, 'expect(add(1, 2))');
const ADD_POSITION = { line: ADD_LINE, character: TEXT.split('\n')[ADD_LINE].indexOf('add') };

forEachTransport('sessions on the shared server', ({ kind }) => {
  let server: ServerProcess;
  const clients: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const c = await connectClient(server.port);
    clients.push(c);
    return c;
  };
  before(async () => {
    server = await startServer(kind, ['--max-clients', '600']);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
  });
  after(() => server.stop());

  it('says which backend serves and how many sessions it holds', async () => {
    const a = await connect();
    await a.initialize();
    const b = await connect();
    await b.initialize();
    const status = await a.request<StatusResult>('simple/status');
    assert.equal(status.transport, 'tcp');
    assert.ok(status.tcp, 'status.tcp');
    assert.equal(status.tcp.backend, kind);
    assert.match(status.tcp.reason, kind === 'net' ? /--transport net/ : new RegExp(`--transport ${kind}`));
    assert.equal(status.tcp.sessions, 2);
    if (kind === 'uring')
      assert.match(status.tcp.description, /io_uring \(SINGLE_ISSUER\|COOP_TASKRUN\|TASKRUN_FLAG/);
    assert.match(server.logText, new RegExp(`transport: ${kind} `));
  });

  it('answers features for each session on its own documents', async () => {
    const a = await connect();
    await a.initialize();
    await a.open(URI, TEXT, 1);
    const symbols = await a.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Counter', 'Color', 'add', 'Counter'],
    );
    const hover = await a.request<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: ADD_POSITION,
    });
    assert.deepEqual(hover.contents, {
      kind: 'markdown',
      value: '```simple\nfn add(a: i64, b: i64) -> i64\n```',
    });
    // Another session has not opened the document: it is not there for it.
    const b = await connect();
    await b.initialize();
    const status = await b.request<StatusResult>('simple/status');
    assert.deepEqual(status.openDocuments, []);
  });

  it('gives two clients with different unsaved text for one file their own diagnostics', async () => {
    const a = await connect();
    const b = await connect();
    await a.initialize(FAST);
    await b.initialize(FAST);
    await a.open(URI, 'fn ok() -> i64:\n    1\n', 1);
    await b.open(URI, 'fn broken(:\n', 1);
    const da = await a.diagnostics(URI, 1);
    const db = await b.diagnostics(URI, 1);
    assert.deepEqual(da.diagnostics, []);
    assert.ok(db.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error));
    // A change in one session leaves the other's text and diagnostics alone.
    await a.change(URI, 2, [{ text: 'fn also_broken(:\n' }]);
    assert.ok((await a.diagnostics(URI, 2)).diagnostics.length > 0);
    assert.equal(b.publishedFor(URI).length, 1);
    const sb = await b.request<StatusResult>('simple/status');
    assert.equal(sb.openDocuments[0].version, 1);
  });

  it('ends only the session that exits; the others and the server go on', async () => {
    const a = await connect();
    const b = await connect();
    await a.initialize();
    await b.initialize();
    assert.equal(await a.stop(), 0); // shutdown + exit: the server closes a's socket
    const c = await connect();
    c.initialize({ processId: 999_999_999 }); // a process id this host cannot see: not watched
    await b.notify('exit'); // exit without shutdown: b alone goes
    await b.exited;
    const status = await c.request<StatusResult>('simple/status');
    assert.equal(status.tcp?.sessions, 1);
    await server.logLine(/exit \(without shutdown\)/);
  });

  it('keeps a dropped connection to itself', async () => {
    const a = await connect();
    const b = await connect();
    await a.initialize();
    await b.initialize();
    await a.open(URI, TEXT, 1);
    await a.dispose(); // the socket just goes
    await server.logLine(/session ended: client disconnected/);
    assert.ok(await b.request<StatusResult>('simple/status'));
  });

  it('serves 500 concurrent clients initializing and querying, each with a correct answer', async function () {
    this.timeout(120_000);
    const n = 500;
    const many = await Promise.all(Array.from({ length: n }, () => connect()));
    await Promise.all(many.map((c) => c.initialize()));
    const answers = await Promise.all(
      many.map(async (c, i) => {
        const uri = uriOf(`client${i}.spl`);
        await c.open(uri, `fn f${i}(x: i64) -> i64:\n    x\n\nval v${i} = f${i}(1)\n`, 1);
        const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri },
        });
        const hover = await c.request<Hover>('textDocument/hover', {
          textDocument: { uri },
          position: { line: 3, character: `val v${i} = `.length },
        });
        return { symbols: symbols.map((s) => s.name), hover };
      }),
    );
    answers.forEach((a, i) => {
      assert.deepEqual(a.symbols, [`f${i}`, `v${i}`]);
      assert.deepEqual(a.hover.contents, {
        kind: 'markdown',
        value: `\`\`\`simple\nfn f${i}(x: i64) -> i64\n\`\`\``,
      });
    });
    const status = await many[0].request<StatusResult>('simple/status');
    assert.equal(status.tcp?.sessions, n);
  });
});
