// Requests whose handlers have not finished are input the server still holds: a client that sends
// requests faster than they complete is not read past its share (issue 16 row 3). In-process, so the
// session can have a handler that waits for the test, on every TCP transport.
import * as assert from 'node:assert/strict';
import { Logger, type LogSink } from '../../server/src/logger';
import { packageInfo } from '../../server/src/package-info';
import { gatherFacts, selectionFor } from '../../server/src/transport/select-transport';
import { SessionHost } from '../../server/src/transport/session-host';
import { frame } from '../support/client';
import { forEachTransport, RawClient } from './support';

const MAX_MESSAGE = 64 * 1024;
/** ~1 KiB each: 4 MiB in all, four times what a native transport reads from one socket in one turn. */
const REQUESTS = 4000;
const PAD = 'p'.repeat(1000);
/** What one read may bring in before the session host can pause it (epoll's budget per socket per turn). */
const READ_BUDGET = 1 << 20;

forEachTransport('requests in flight count as unserved input', ({ kind }) => {
  let log = '';
  let host: SessionHost;
  let release: () => void = () => undefined;
  let started = 0;
  const sink: LogSink = { write: (line) => void (log += line), close: () => undefined };

  beforeEach(() => {
    log = '';
    started = 0;
    const held = new Promise<void>((resolve) => (release = resolve));
    host = new SessionHost({
      logger: new Logger('debug', sink),
      selection: selectionFor(kind, 'test', gatherFacts(packageInfo().root).addon),
      addresses: [{ kind: 'tcp', host: '127.0.0.1', port: 0 }],
      limits: { maxMessageBytes: MAX_MESSAGE, maxOutputBytes: 1 << 24, maxInputBytes: 1 << 24 },
      maxClients: 4,
      idleTimeoutMs: 60_000,
      createSession: (connection) => {
        connection.onRequest('test/wait', async (params: { n: number }) => {
          started++;
          await held;
          return params.n;
        });
      },
    });
  });
  afterEach(() => host.stop());

  it('reading stops while the requests in flight are over the share, and resumes when they finish', async function () {
    this.timeout(30_000);
    const [bound] = await host.start();
    const client = await RawClient.connect(bound.kind === 'tcp' ? bound.port : 0);
    const asks = Array.from({ length: REQUESTS }, (_, n) => ({
      id: n,
      method: 'test/wait',
      params: { n, pad: PAD },
    }));
    void client.writeMayFail(Buffer.concat(asks.map((a) => frame(JSON.stringify({ jsonrpc: '2.0', ...a })))));
    // Wait until the session paused, then until it has passed on all it had read (and more, if it were
    // still reading).
    while (!/reading paused/.test(log)) await new Promise((r) => setTimeout(r, 10));
    for (let last = -1; last !== started;) {
      last = started;
      await new Promise((r) => setTimeout(r, 100));
    }
    // In flight at most: one share (64 KiB) and what the read that crossed it brought in.
    const most = Math.ceil((MAX_MESSAGE + READ_BUDGET) / 1024);
    assert.ok(
      started < most,
      `${started} of ${REQUESTS} requests started while none finished (bound ${most})`,
    );
    assert.match(log, /bytes of input not served yet \(\d+ messages in flight\); reading paused/);
    release();
    const last = await client.reply<{ result: number }>(REQUESTS - 1);
    assert.equal(last.result, REQUESTS - 1);
    assert.equal(started, REQUESTS);
    assert.equal(client.messages.length, REQUESTS);
    client.destroy();
  });
});
