// Pull diagnostics over a real connection: a client that declares textDocument.diagnostic pulls per
// document (resultId, `unchanged`) and for the workspace's unopened files, is asked to pull again
// (workspace/diagnostic/refresh) when a change elsewhere invalidates them, and is never pushed to; a client
// without pull gets pushes and no diagnosticProvider.
import * as assert from 'node:assert/strict';
import type {
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { spawnServer, type TestClient } from '../support/client';
import { Scratch, ServerRequests } from './live-support';

const FILES = {
  'src/util/strings.spl': 'fn pad(s: text) -> text:\n    s\n',
  'src/app/main.spl':
    'use util.strings.{pad}\nuse util.extra.{more}\n\nfn main():\n    pad("x")\n    more()\n',
  'src/app/broken.spl': 'fn restock(quantity: i64 -> i64:\n    quantity * 2\n',
};

const PULL_CAPABILITIES = {
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
  workspace: { diagnostics: { refreshSupport: true } },
};

const codes = (items: Diagnostic[]): string[] => items.map((d) => String(d.code)).sort();

describe('pull diagnostics (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  let client: TestClient;
  let refresh: ServerRequests;
  let init: InitializeResult;

  const pullDocument = (uri: string, previousResultId?: string) =>
    client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previousResultId !== undefined ? { previousResultId } : {}),
    });
  const pullWorkspace = (previous: { uri: string; value: string }[] = []) =>
    client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: previous });
  const byUri = (r: WorkspaceDiagnosticReport) =>
    new Map<string, WorkspaceDocumentDiagnosticReport>(r.items.map((i) => [i.uri, i]));
  const idsOf = (r: WorkspaceDiagnosticReport) =>
    r.items.filter((i) => i.resultId !== undefined).map((i) => ({ uri: i.uri, value: i.resultId! }));

  before(async () => {
    ws = new Scratch('simple-pull-', FILES);
    client = spawnServer();
    refresh = new ServerRequests(client, 'workspace/diagnostic/refresh');
    init = await client.initialize({
      rootUri: pathToFileURL(ws.dir).href,
      capabilities: PULL_CAPABILITIES,
    });
    await client.logLine(/index ready/);
  });
  after(async () => {
    await client.dispose();
    ws.dispose();
  });

  it('offers pull diagnostics with inter-file dependencies and workspace diagnostics', () => {
    assert.deepEqual(init.capabilities.diagnosticProvider, {
      identifier: 'simple',
      interFileDependencies: true,
      workspaceDiagnostics: true,
    });
  });

  it('answers a document pull in full, then `unchanged` for the same resultId, then full after an edit', async () => {
    const uri = ws.uri('src/app/main.spl');
    await client.open(uri, FILES['src/app/main.spl']);
    const first = await pullDocument(uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    assert.deepEqual(codes(first.kind === 'full' ? first.items : []), ['unresolved-import']);
    const again = await pullDocument(uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    // An edit that changes nothing the diagnostics show keeps the resultId: still `unchanged`.
    await client.change(uri, 2, [{ text: FILES['src/app/main.spl'] + '\n' }]);
    assert.equal((await pullDocument(uri, first.resultId)).kind, 'unchanged');
    await client.change(uri, 3, [{ text: 'use util.strings.{pad}\n\nfn main():\n    pad("x")\n' }]);
    const edited = await pullDocument(uri, first.resultId);
    assert.equal(edited.kind, 'full');
    assert.notEqual(edited.resultId, first.resultId);
    assert.deepEqual(edited.kind === 'full' ? edited.items : undefined, []);
  });

  it('reports the unopened files of the workspace, and `unchanged` for the resultIds the client holds', async () => {
    const report = await pullWorkspace();
    const items = byUri(report);
    assert.ok(!items.has(ws.uri('src/app/main.spl')), 'open documents are pulled per document');
    const broken = items.get(ws.uri('src/app/broken.spl'));
    assert.equal(broken?.kind, 'full');
    assert.ok(broken.kind === 'full' && broken.items.length > 0 && broken.version === null);
    const strings = items.get(ws.uri('src/util/strings.spl'));
    assert.deepEqual(strings?.kind === 'full' ? strings.items : undefined, []);
    const second = await pullWorkspace(idsOf(report));
    assert.deepEqual(
      second.items.map((i) => i.kind),
      report.items.map(() => 'unchanged'),
    );
  });

  it('asks the client to pull again when a file changes on disk, and the pull shows the effect elsewhere', async () => {
    const main = ws.uri('src/app/main.spl');
    await client.change(main, 4, [{ text: FILES['src/app/main.spl'] }]);
    const before = await pullDocument(main);
    assert.deepEqual(codes(before.kind === 'full' ? before.items : []), ['unresolved-import']);
    const seen = refresh.count;
    ws.write('src/util/extra.spl', 'fn more():\n    pass\n');
    await refresh.next(seen);
    // Wait for the index to hold the new file: each refresh is one change the server applied.
    for (;;) {
      const after = await pullDocument(main, before.resultId);
      if (after.kind === 'full') {
        assert.deepEqual(after.items, []);
        break;
      }
      await refresh.next();
    }
  });

  it('clears a file that left the workspace with an empty report', async () => {
    const first = await pullWorkspace();
    const gone = ws.uri('src/app/broken.spl');
    assert.ok(byUri(first).has(gone));
    const seen = refresh.count;
    ws.remove('src/app/broken.spl');
    await refresh.next(seen);
    for (;;) {
      const report = byUri(await pullWorkspace(idsOf(first)));
      const item = report.get(gone);
      if (item?.kind === 'full' && item.items.length === 0 && item.resultId === undefined) break;
      await refresh.next();
    }
  });

  it('never pushes diagnostics to a client that pulls', async () => {
    await pullWorkspace();
    assert.equal(client.publishedFor(ws.uri('src/app/main.spl')).length, 0);
    assert.match(await client.logLine(/initialize from/), /diagnostics pulled/);
  });

  it('fails a malformed workspace pull with InvalidParams naming the field', async () => {
    await assert.rejects(
      client.request('workspace/diagnostic', { previousResultIds: [{ uri: 1 }] }),
      /previousResultIds\[0\]/,
    );
  });
});

describe('push diagnostics for clients without pull (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  let client: TestClient;

  before(() => {
    ws = new Scratch('simple-push-', FILES);
    client = spawnServer();
  });
  after(async () => {
    await client.dispose();
    ws.dispose();
  });

  it('offers no diagnosticProvider and pushes instead', async () => {
    const init = await client.initialize({
      rootUri: pathToFileURL(ws.dir).href,
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    });
    assert.equal(init.capabilities.diagnosticProvider, undefined);
    const uri = ws.uri('src/app/broken.spl');
    await client.open(uri, FILES['src/app/broken.spl']);
    const pushed = await client.diagnostics(uri, 1);
    assert.ok(pushed.diagnostics.length > 0);
    assert.match(await client.logLine(/initialize from/), /diagnostics pushed/);
  });
});
