import * as assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import type { StatusResult } from '../../server/src/features/status';
import { packageInfo } from '../../server/src/package-info';
import { spawnServer, type TestClient } from '../support/client';
import { fixture, uriOf } from '../support/fixtures';

async function rejectsWith(p: Promise<unknown>, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('lifecycle (spawned server over stdio)', () => {
  let client: TestClient;
  beforeEach(() => {
    client = spawnServer();
  });
  afterEach(() => client.dispose());

  it('answers initialize with capabilities and serverInfo', async () => {
    const result: InitializeResult = await client.initialize();
    assert.deepEqual(result.serverInfo, { name: 'simple-lsp', version: packageInfo().version });
    const caps = result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.selectionRangeProvider, true);
    assert.equal(caps.positionEncoding, 'utf-16');
  });

  const negotiation: { offered: string[] | undefined; chosen: string }[] = [
    { offered: undefined, chosen: 'utf-16' },
    { offered: ['utf-16'], chosen: 'utf-16' },
    { offered: ['utf-32', 'utf-16'], chosen: 'utf-16' },
    { offered: ['utf-16', 'utf-8'], chosen: 'utf-8' },
    { offered: ['utf-8'], chosen: 'utf-8' },
  ];
  for (const { offered, chosen } of negotiation) {
    it(`negotiates ${chosen} when the client offers ${JSON.stringify(offered)}`, async () => {
      const general = offered === undefined ? undefined : { positionEncodings: offered };
      const result = await client.initialize({ capabilities: { general } });
      assert.equal(result.capabilities.positionEncoding, chosen);
      const status = await client.request<StatusResult>('simple/status');
      assert.equal(status.positionEncoding, chosen);
    });
  }

  it('exits with 0 after shutdown then exit', async () => {
    await client.initialize();
    assert.equal(await client.stop(), 0);
  });

  it('exits with 1 on exit without shutdown', async () => {
    await client.initialize();
    await client.notify('exit');
    assert.equal(await client.exited, 1);
  });

  it('exits with 1 when the client closes stdin without shutdown', async () => {
    await client.initialize();
    await client.rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('a.spl'), languageId: 'simple', version: 1, text: 'fn f():\n    1\n' },
    });
    client.rpc.end();
    assert.equal(await client.exited, 1);
  });

  it('refuses requests after shutdown with InvalidRequest', async () => {
    await client.initialize();
    await client.request('shutdown');
    await rejectsWith(client.request('simple/status'), ErrorCodes.InvalidRequest, /after shutdown/);
    await rejectsWith(
      client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf('a.spl') } }),
      ErrorCodes.InvalidRequest,
    );
    await rejectsWith(client.request('shutdown'), ErrorCodes.InvalidRequest);
    await client.notify('exit');
    assert.equal(await client.exited, 0);
  });

  it('refuses requests before initialize with ServerNotInitialized', async () => {
    await rejectsWith(client.request('simple/status'), ErrorCodes.ServerNotInitialized);
    await client.initialize();
    await client.request('simple/status');
  });

  it('reports status: version, encoding, transport and open documents', async () => {
    await client.initialize();
    const text = fixture('demo-mini/counter.spl');
    await client.open(uriOf('b.spl'), 'x = 1\n', 3);
    await client.open(uriOf('a.spl'), text, 7);
    await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf('a.spl') } });
    const status = await client.request<StatusResult>('simple/status');
    assert.equal(status.name, 'simple-lsp');
    assert.equal(status.version, packageInfo().version);
    assert.equal(status.transport, 'stdio');
    assert.notEqual(status.store, 'none');
    if (status.store !== 'none') {
      const expected = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1' ? ['native'] : ['native', 'fs'];
      assert.ok(expected.includes(status.store.kind), `store ${status.store.kind}: ${status.store.reason}`);
      assert.equal(status.store.stats.kind, status.store.kind);
      assert.equal(status.store.stats.files, 0);
    }
    assert.ok(status.uptimeMs >= 0);
    assert.deepEqual(
      status.openDocuments.map(({ uri, version, lines }) => ({ uri, version, lines })),
      [
        { uri: uriOf('a.spl'), version: 7, lines: text.split('\n').length },
        { uri: uriOf('b.spl'), version: 3, lines: 2 },
      ],
    );
    assert.equal(typeof status.openDocuments[0].parseMs, 'number');
  });

  it('accepts the unprompted didChangeConfiguration eglot sends, with null settings', async () => {
    await client.initialize();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.notify('workspace/didChangeConfiguration', {
      settings: { simple: { diagnostics: 'nonsense' } },
    });
    await client.open(uriOf('a.spl'), 'fn broken(:\n');
    const published = await client.diagnostics(uriOf('a.spl'), 1);
    assert.ok(published.diagnostics.length >= 1);
  });

  it('answers unknown requests with MethodNotFound and keeps serving', async () => {
    await client.initialize();
    await rejectsWith(client.request('simple/noSuchThing', {}), ErrorCodes.MethodNotFound);
    await client.request('simple/status');
  });
});
