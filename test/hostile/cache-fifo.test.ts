// Issue 16, row 6 (the cache half): a FIFO in place of the index cache left the index at 0/0 forever,
// because the cache was read with a blocking open. The cache is now opened without blocking and only a
// regular file is read: the server says why it ignores it, indexes, and replaces it with a real cache.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cacheFileFor, cacheFixture, FILES, readyLine, startServer } from './cache-support';

describe('hostile: a FIFO as the index cache file (spawned server)', function () {
  this.timeout(60_000);
  const t = cacheFixture('simple-hostile-cache-');

  it('is refused without blocking; the index is built and a regular cache written over it', async () => {
    const file = cacheFileFor(t.scratch, t.root);
    execFileSync('mkfifo', [file]);
    const client = (t.client = await startServer(t.root, t.scratch));
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
