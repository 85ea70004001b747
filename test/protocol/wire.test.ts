// What the server does with bytes that are not a well-formed LSP message. vscode-jsonrpc's own reader
// recovers from bad bodies; server/src/transport/framing.ts makes it recover from bad headers too (see the
// comment there for what the library does without it).
import * as assert from 'node:assert/strict';
import type { StatusResult } from '../../server/src/features/status';
import { frame, spawnServer, type TestClient } from '../support/client';

const STATUS_7 = '{"jsonrpc":"2.0","id":"lost-7","method":"simple/status"}';

const cases: { name: string; bytes: Buffer; log: RegExp }[] = [
  {
    name: 'a body that is not JSON',
    bytes: frame('{this is not json'),
    log: /unreadable input from the client/,
  },
  { name: 'a JSON array body', bytes: frame('[1, 2]'), log: /neither a response nor a notification/ },
  { name: 'an empty object body', bytes: frame('{}'), log: /neither a response nor a notification/ },
  {
    name: 'a header without Content-Length',
    bytes: Buffer.from(`Content-Type: text/plain\r\n\r\n${STATUS_7}`),
    log: /bad frame from the client: header block without Content-Length/,
  },
  {
    name: 'a non-numeric Content-Length',
    bytes: Buffer.from(`Content-Length: many\r\n\r\n${STATUS_7}`),
    log: /bad frame from the client: Content-Length is not a number/,
  },
  {
    name: 'a Content-Length shorter than the body',
    // The first 10 bytes are read as a (broken) body; the rest is skipped when the next frame arrives.
    bytes: Buffer.from(`Content-Length: 10\r\n\r\n${STATUS_7}`),
    log: /unreadable input from the client/,
  },
  {
    name: 'a header line without a colon',
    bytes: Buffer.from('hello server\r\n\r\n'),
    log: /malformed header line/,
  },
  {
    name: 'invalid UTF-8 in a body',
    bytes: frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    log: /unreadable input/,
  },
];

describe('malformed input on the wire (spawned server)', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = spawnServer();
    await client.initialize();
  });
  afterEach(() => client.dispose());

  for (const c of cases) {
    it(`logs ${c.name} and keeps serving`, async () => {
      await client.writeRaw(c.bytes);
      await client.logLine(c.log);
      const status = await client.request<StatusResult>('simple/status');
      assert.equal(status.name, 'simple-lsp');
      // And again: the stream is back in step, not lucky once.
      await client.request<StatusResult>('simple/status');
      assert.equal(await client.stop(), 0);
    });
  }
});
