import * as assert from 'node:assert/strict';
import { CancellationTokenSource, ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { LSPErrorCodes, MessageType } from 'vscode-languageserver';
import { parse } from '../../server/src/language';
import { inProcessServer, spawnServer, type TestClient } from '../support/client';
import { fixture, uriOf } from '../support/fixtures';

const FAST = { initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } } };

async function rejectsWith(p: Promise<unknown>, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** Deterministic pseudo-random text covering every code unit 0..255. */
function binaryJunk(length: number, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += String.fromCharCode((x >>> 16) & 0xff);
  }
  return out;
}

const HOSTILE: { name: string; text: () => string; tooLarge?: boolean }[] = [
  { name: 'binary junk', text: () => binaryJunk(20_000) },
  { name: 'NUL bytes', text: () => 'fn f():\n\0\0\0 x = \0\n' + '\0'.repeat(1000) },
  { name: 'lone surrogates', text: () => 'val s = "\ud800"\n\udfff\nfn \ud83d():\n    1\n' },
  // Over the analysis limit: answered at once, with RequestFailed saying why.
  { name: 'a 5 MB single line', text: () => 'x = ' + '1 + '.repeat(5 * 1024 * 256) + '1', tooLarge: true },
  { name: 'deep nesting', text: () => 'x = ' + '('.repeat(100_000) },
  { name: 'empty text', text: () => '' },
];

describe('robustness (spawned server)', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = spawnServer();
    await client.initialize(FAST);
  });
  afterEach(() => client.dispose());

  it('honours $/cancelRequest for a request not yet started', async () => {
    const uri = uriOf('c.spl');
    await client.open(uri, fixture('demo-mini/counter.spl'));
    const source = new CancellationTokenSource();
    let pending: Promise<unknown> | undefined;
    // One write carries the request and its cancellation, so the server sees both before dispatching.
    await client.batch(() => {
      pending = client.request('textDocument/documentSymbol', { textDocument: { uri } }, source.token);
      source.cancel();
    });
    await rejectsWith(pending!, LSPErrorCodes.RequestCancelled);
    // The document itself is unaffected.
    assert.ok(await client.request('textDocument/documentSymbol', { textDocument: { uri } }));
  });

  const malformed: { name: string; method: string; params: unknown; message: RegExp }[] = [
    {
      name: 'no textDocument',
      method: 'textDocument/documentSymbol',
      params: {},
      message: /params.textDocument must be an object/,
    },
    {
      name: 'numeric uri',
      method: 'textDocument/foldingRange',
      params: { textDocument: { uri: 42 } },
      message: /uri must be a string/,
    },
    {
      name: 'null params',
      method: 'textDocument/documentSymbol',
      params: null,
      message: /params must be an object/,
    },
    {
      name: 'positions not an array',
      method: 'textDocument/selectionRange',
      params: { textDocument: { uri: uriOf('x.spl') }, positions: 'here' },
      message: /params.positions must be an array/,
    },
    {
      name: 'position with a string line',
      method: 'textDocument/selectionRange',
      params: { textDocument: { uri: uriOf('x.spl') }, positions: [{ line: '1', character: 0 }] },
      message: /params.positions\[0\] must have integer line and character/,
    },
  ];
  for (const m of malformed) {
    it(`answers InvalidParams for ${m.name} (${m.method})`, async () => {
      await rejectsWith(client.request(m.method, m.params), ErrorCodes.InvalidParams, m.message);
      await client.request('simple/status');
    });
  }

  it('logs and ignores malformed notifications, then keeps serving', async () => {
    await client.notify('textDocument/didOpen', {});
    await client.logLine(/didOpen ignored: params.textDocument must be an object/);
    await client.notify('textDocument/didChange', {
      textDocument: { uri: uriOf('x.spl'), version: 2 },
      contentChanges: [{ range: {} }],
    });
    await client.logLine(/didChange ignored: contentChanges\[0\].text must be a string/);
    await client.notify('textDocument/didChange', {
      textDocument: { uri: uriOf('never.spl'), version: 2 },
      contentChanges: [],
    });
    await client.logLine(/didChange for a document not open/);
    await client.request('simple/status');
  });

  for (const h of HOSTILE) {
    it(`answers every feature for ${h.name}`, async () => {
      const uri = uriOf('hostile.spl');
      const text = h.text();
      await client.open(uri, text);
      const published = await client.diagnostics(uri, 1);
      assert.ok(Array.isArray(published.diagnostics));
      const textDocument = { uri };
      if (h.tooLarge) {
        assert.match(String(published.diagnostics[0]?.message), /too large to analyse/);
        for (const method of ['textDocument/documentSymbol', 'textDocument/semanticTokens/full'])
          await rejectsWith(
            client.request(method, { textDocument }),
            LSPErrorCodes.RequestFailed,
            /too large/,
          );
        return;
      }
      assert.ok(Array.isArray(await client.request('textDocument/documentSymbol', { textDocument })));
      assert.ok(Array.isArray(await client.request('textDocument/foldingRange', { textDocument })));
      const positions = [
        { line: 0, character: 0 },
        { line: 0, character: Math.floor(text.length / 2) },
        { line: 3, character: 2 },
      ];
      const ranges = await client.request<unknown[]>('textDocument/selectionRange', {
        textDocument,
        positions,
      });
      assert.equal(ranges.length, 3);
    });
  }
});

describe('robustness (in-process server with a failing analysis)', () => {
  let client: TestClient;
  afterEach(() => client.dispose());

  it('turns an unexpected throw into InternalError for that request only, logged with its stack', async () => {
    const failing = (text: string) => {
      if (text.includes('BOOM')) throw new Error('analysis exploded');
      return parse(text);
    };
    client = inProcessServer({ parse: failing });
    await client.initialize(FAST);
    await client.open(uriOf('bad.spl'), 'BOOM\n');
    await client.open(uriOf('good.spl'), 'fn f():\n    1\n');
    await rejectsWith(
      client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf('bad.spl') } }),
      ErrorCodes.InternalError,
      /textDocument\/documentSymbol failed: analysis exploded/,
    );
    const logged = await client.logLine(/textDocument\/documentSymbol failed: Error: analysis exploded/);
    assert.ok(logged);
    assert.match(client.logText, /\n\s+at \S*failing (\[as \w+\] )?\(/); // V8 may name the frame "failing [as parseFn]"
    // Errors are mirrored to the client's log once it is connected (the response arrived after the notification).
    assert.ok(
      client.logMessages.some((m) => m.type === MessageType.Error && /analysis exploded/.test(m.message)),
      JSON.stringify(client.logMessages),
    );
    // Diagnostics for the bad document fail in the background and are logged, not sent.
    await client.logLine(/diagnostics for file:\/\/\/workspace\/bad.spl v1 failed/);
    // Everything else still works.
    assert.deepEqual((await client.diagnostics(uriOf('good.spl'), 1)).diagnostics, []);
    assert.ok(
      await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf('good.spl') } }),
    );
    assert.equal(await client.stop(), 0);
  });
});
