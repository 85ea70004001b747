// `--bridge`: a stdio process relaying to the shared server, so stdio-only editors can join it.
import * as assert from 'node:assert/strict';
import type { StatusResult } from '../../server/src/features/status';
import { spawnServer } from '../support/client';
import { fixture, uriOf } from '../support/fixtures';
import { forEachTransport, startServer, type ServerProcess } from './support';

forEachTransport('the stdio bridge', ({ kind }) => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer(kind);
  });
  after(() => server.stop());

  it('lets a stdio client work on the shared server, then exits 0 after shutdown+exit', async () => {
    const client = spawnServer(['--bridge', `127.0.0.1:${server.port}`]);
    try {
      await client.initialize();
      const uri = uriOf('counter.spl');
      await client.open(uri, fixture('demo-mini/counter.spl'));
      const status = await client.request<StatusResult>('simple/status');
      assert.equal(status.transport, 'tcp');
      assert.equal(status.tcp?.backend, kind);
      assert.deepEqual(
        status.openDocuments.map((d) => d.uri),
        [uri],
      );
      assert.equal(await client.stop(), 0);
    } finally {
      await client.dispose();
    }
  });
});

describe('the stdio bridge without a server', () => {
  it('exits 1 with the reason when nothing listens', async () => {
    const client = spawnServer(['--bridge', '127.0.0.1:1']);
    assert.equal(await client.exited, 1);
    assert.match(
      await client.logLine(/--bridge/),
      /simple-lsp --bridge: 127\.0\.0\.1:1: connect ECONNREFUSED/,
    );
    await client.dispose();
  });
});
