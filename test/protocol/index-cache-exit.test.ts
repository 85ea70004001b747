// Issue 13: the index cache was written only when indexing finished, so an editor that quit while the
// index was being built (or soon after) left none, and the next start parsed everything again. Now the
// workspace writes what it has when it closes. Through a real server: exit while indexing is under way
// (the first progress report says so), then a restart finds the summaries in the cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkspace } from '../../fixtures/generate';
import { spawnServer, type TestClient } from '../support/client';

const FILES = 3000;

describe('the index cache when the editor quits during indexing (spawned server)', function () {
  this.timeout(180_000);
  let root: string;
  let cacheDir: string;
  let client: TestClient | undefined;
  const saved = process.env.SIMPLE_LSP_CACHE_DIR;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-exit-ws-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-exit-cache-'));
    generateWorkspace({ files: FILES }, root);
    process.env.SIMPLE_LSP_CACHE_DIR = cacheDir;
  });
  after(async () => {
    await client?.dispose();
    if (saved === undefined) delete process.env.SIMPLE_LSP_CACHE_DIR;
    else process.env.SIMPLE_LSP_CACHE_DIR = saved;
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('writes what it has at exit, and the restart reads it', async () => {
    client = spawnServer();
    const progressed = new Promise<void>((resolve) => {
      client!.rpc.onRequest('window/workDoneProgress/create', () => null);
      client!.rpc.onNotification('$/progress', (p: { value?: { kind?: string; message?: string } }) => {
        const done = /^(\d+)\//.exec(p.value?.message ?? '');
        if (p.value?.kind === 'report' && done && Number(done[1]) > 0) resolve();
      });
    });
    await client.initialize({
      rootUri: pathToFileURL(root).href,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: false } },
      },
    });
    await Promise.race([progressed, client.logLine(/index ready/)]);
    const quitWhileIndexing = !/index ready/.test(client.logText);
    assert.equal(await client.stop(), 0);
    assert.match(client.logText, /index cache: wrote/);
    client = spawnServer();
    await client.initialize({
      rootUri: pathToFileURL(root).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    await client.logLine(/index ready/);
    const m = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText)!;
    assert.ok(Number(m[2]) > 0, `nothing from the cache (quit while indexing: ${quitWhileIndexing})`);
    assert.equal(Number(m[2]) + Number(m[3]), Number(m[1]));
  });
});
