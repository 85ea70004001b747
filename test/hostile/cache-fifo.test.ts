// Issue 16, row 6 (the cache half): a FIFO in place of the index cache left the index at 0/0 forever,
// because the cache was read with a blocking open. The cache is now opened without blocking and only a
// regular file is read: the server says why it ignores it, indexes, and replaces it with a real cache.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { TestClient } from '../support/client';
import { cacheFileFor, FILES, makeWorkspace, readyLine, startServer, tempDir } from './cache-support';

describe('hostile: a FIFO as the index cache file (spawned server)', function () {
  this.timeout(60_000);
  let root: string;
  let cacheDir: string;
  let client: TestClient | undefined;

  before(() => {
    root = makeWorkspace();
    cacheDir = tempDir('simple-hostile-cache-');
  });
  after(async () => {
    await client?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('is refused without blocking; the index is built and a regular cache written over it', async () => {
    const file = cacheFileFor(cacheDir, root);
    execFileSync('mkfifo', [file]);
    client = await startServer(root, cacheDir);
    assert.match(client.logText, /index cache: cannot read .*not a regular file/);
    const ready = readyLine(client);
    assert.ok(ready.files >= FILES * 0.9, `indexed ${ready.files} of ~${FILES}`);
    assert.equal(ready.fromCache, 0);
    await client.logLine(/index cache: wrote/);
    assert.ok(fs.lstatSync(file).isFile(), 'the FIFO was replaced by a regular cache file');
    // And the server still answers.
    const status = await client.request<{ workspace: { state: string } }>('simple/status');
    assert.equal(status.workspace.state, 'ready');
  });
});
