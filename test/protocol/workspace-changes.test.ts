// Open documents follow the workspace: a file created on disk resolves an import that was unresolved,
// and a change to an imported module re-checks the files that import it (through the module graph),
// without the client touching the importing document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';

describe('open documents follow changes on disk (spawned server)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();
  const until = async (uri: string, check: (p: PublishDiagnosticsParams) => boolean): Promise<void> => {
    for (;;) {
      const last = client.publishedFor(uri).at(-1);
      if (last && check(last)) return;
      await client.nextDiagnostics(uri);
    }
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-ws-changes-'));
    write('src/util/strings.spl', 'fn pad(s: text) -> text:\n    s\n');
    write(
      'src/app/main.spl',
      'use util.missing.{x}\nuse util.strings.{pad, nope}\n\nfn main():\n    x()\n    pad(nope)\n',
    );
    client = spawnServer();
    await client.initialize({
      rootUri: pathToFileURL(dir).href,
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    });
    await client.logLine(/index ready/);
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-checks open documents when a module appears and when an imported module changes', async () => {
    const uri = pathToFileURL(path.join(dir, 'src/app/main.spl')).href;
    await client.open(uri, fs.readFileSync(path.join(dir, 'src/app/main.spl'), 'utf8'));
    await until(
      uri,
      (p) => codes(p).includes('unresolved-import') && codes(p).includes('missing-import-name'),
    );
    write('src/util/missing.spl', 'fn x():\n    pass\n');
    await until(uri, (p) => !codes(p).includes('unresolved-import'));
    write('src/util/strings.spl', 'fn pad(s: text) -> text:\n    s\n\nval nope = "n"\n');
    await until(uri, (p) => !codes(p).includes('missing-import-name'));
    assert.deepEqual(codes(client.publishedFor(uri).at(-1)!), []);
  });
});

describe('call hierarchy over the real server (spawned server)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;
  const files: Record<string, string> = {
    'src/util/strings.spl': 'fn pad(s: text) -> text:\r\n    s\r\n',
    'src/app/main.spl':
      'use util.strings.{pad}\r\n\r\nfn helper():\r\n    pad("h")\r\n\r\nfn main():\r\n    pad("x")\r\n    helper()\r\n',
  };
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-calls-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    client = spawnServer();
    await client.initialize({ rootUri: pathToFileURL(dir).href });
    await client.logLine(/index ready/);
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prepares an item, then answers incoming and outgoing calls across files (CRLF text)', async () => {
    const uri = pathToFileURL(path.join(dir, 'src/app/main.spl')).href;
    await client.open(uri, files['src/app/main.spl']);
    const [main] = await client.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', {
      textDocument: { uri },
      position: { line: 5, character: 4 },
    });
    assert.equal(main.name, 'main');
    const outgoing = await client.request<CallHierarchyOutgoingCall[]>('callHierarchy/outgoingCalls', {
      item: main,
    });
    assert.deepEqual(outgoing.map((c) => c.to.name).sort(), ['helper', 'pad']);
    const pad = outgoing.find((c) => c.to.name === 'pad')!.to;
    assert.ok(pad.uri.endsWith('src/util/strings.spl'));
    const incoming = await client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', {
      item: pad,
    });
    assert.deepEqual(incoming.map((c) => c.from.name).sort(), ['helper', 'main']);
    const fromMain = incoming.find((c) => c.from.name === 'main')!;
    assert.deepEqual(
      fromMain.fromRanges.map((r) => r.start),
      [{ line: 6, character: 4 }],
    );
  });

  it('honours $/cancelRequest for incoming calls', async () => {
    const uri = pathToFileURL(path.join(dir, 'src/util/strings.spl')).href;
    await client.open(uri, files['src/util/strings.spl']);
    const [pad] = await client.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', {
      textDocument: { uri },
      position: { line: 0, character: 3 },
    });
    assert.equal(pad.name, 'pad');
    const source = new CancellationTokenSource();
    let pending: Promise<unknown> | undefined;
    // One write carries the request and its cancellation, so the server sees both before answering.
    await client.batch(() => {
      pending = client.request('callHierarchy/incomingCalls', { item: pad }, source.token);
      source.cancel();
    });
    await assert.rejects(pending!, (e: { code?: number }) => e.code === LSPErrorCodes.RequestCancelled);
    // Not cancelled, the same request is answered.
    const incoming = await client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', {
      item: pad,
    });
    assert.deepEqual(incoming.map((c) => c.from.name).sort(), ['helper', 'main']);
  });
});
