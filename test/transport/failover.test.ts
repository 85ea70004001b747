// A ring-level error at run time (injected: the next io_uring_submit fails as a broken ring would) moves the
// listener to epoll on the same port; the process lives and new clients are served. In-process, so the test
// can reach the transport.
import * as assert from 'node:assert/strict';
import type { StatusResult } from '../../server/src/features/status';
import { Logger, type LogSink } from '../../server/src/logger';
import { packageInfo } from '../../server/src/package-info';
import { createSimpleServer } from '../../server/src/server';
import { nativeTesting } from '../../server/src/native/load';
import { NativeTransport } from '../../server/src/transport/native-transport';
import { fallbackFor, gatherFacts, selectionFor } from '../../server/src/transport/select-transport';
import { SessionHost } from '../../server/src/transport/session-host';
import { connectClient, REQUIRE_NATIVE } from './support';

describe('io_uring failure at run time [uring → epoll]', () => {
  const facts = gatherFacts(packageInfo().root);
  const problem = facts.addonProblem ?? facts.uringProblem;
  if (problem !== undefined) {
    if (REQUIRE_NATIVE) it('io_uring is available (SIMPLE_LSP_REQUIRE_NATIVE=1)', () => assert.fail(problem));
    else it.skip(`io_uring unavailable: ${problem}`);
    return;
  }

  let log = '';
  const sink: LogSink = { write: (line) => void (log += line), close: () => undefined };
  const logger = new Logger('debug', sink);
  let server: SessionHost;
  before(async () => {
    server = new SessionHost({
      logger,
      selection: selectionFor('uring', 'test', facts.addon),
      addresses: [{ kind: 'tcp', host: '127.0.0.1', port: 0 }],
      limits: { maxMessageBytes: 1 << 20, maxOutputBytes: 1 << 22, maxInputBytes: 1 << 24 },
      maxClients: 8,
      idleTimeoutMs: 10_000,
      policy: { workspaces: [], allowRoots: [] },
      fallback: fallbackFor,
      createSession: (connection, info) => {
        const s = createSimpleServer(connection, {
          logger,
          transport: 'tcp',
          sessionName: info.name,
          tcp: () => server.status(),
        }).register();
        return { dispose: () => s.dispose() };
      },
    });
  });
  after(() => server.stop());

  it('drops the ring sessions, listens again with epoll on the same port, and serves', async () => {
    const [bound] = await server.start();
    assert.equal(bound.kind, 'tcp');
    const port = bound.kind === 'tcp' ? bound.port : 0;
    const first = await connectClient(port);
    await first.initialize();
    assert.equal((await first.request<StatusResult>('simple/status')).tcp?.backend, 'uring');
    const ring = server.currentTransport;
    assert.ok(ring instanceof NativeTransport);
    nativeTesting(packageInfo().root)!.injectRingFault(ring.handle);
    void first.request('simple/status').catch(() => undefined); // makes the ring submit, and fail
    await first.exited; // its session went with the ring
    const second = await connectClient(port);
    await second.initialize();
    const status = await second.request<StatusResult>('simple/status');
    assert.equal(status.tcp?.backend, 'epoll');
    assert.equal(status.tcp?.sessions, 1);
    assert.match(
      status.tcp?.reason ?? '',
      /after uring failed: io_uring_submit: Bad file descriptor \(EBADF\)/,
    );
    assert.deepEqual(status.tcp?.failovers.length, 1);
    assert.match(log, /transport uring failed at run time: io_uring_submit: .*moving the listener to epoll/);
    assert.equal(await second.stop(), 0);
    await first.dispose();
  });
});
