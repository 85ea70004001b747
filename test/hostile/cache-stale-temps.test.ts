// Issue 16, row 16: a cache write interrupted (the server killed between creating its temporary file and
// renaming it) left the temporary file forever, one per kill. Temporary files whose process is gone are
// now removed; one whose process is alive (another server writing right now) is left alone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestClient } from '../support/client';
import { cacheFileFor, makeWorkspace, startServer, tempDir } from './cache-support';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('hostile: temporary files of interrupted cache writes (spawned server)', function () {
  this.timeout(60_000);
  let root: string;
  let cacheDir: string;
  let client: TestClient | undefined;

  before(() => {
    root = makeWorkspace();
    cacheDir = tempDir('simple-hostile-stale-');
  });
  after(async () => {
    await client?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('removes those of dead writers, keeps a live writer’s, and leaves none of its own', async () => {
    const file = cacheFileFor(cacheDir, root);
    const dead = deadPid();
    const stale = [`${file}.${dead}.tmp`, `${file}.${dead}.0123456789abcdef.tmp`];
    const live = `${file}.${process.pid}.fedcba9876543210.tmp`;
    const other = path.join(cacheDir, 'index-0000000000000000.bin.1.tmp'); // another workspace's
    for (const f of [...stale, live, other]) fs.writeFileSync(f, 'partial cache bytes');
    client = await startServer(root, cacheDir);
    await client.logLine(/index cache: wrote/);
    for (const f of stale) assert.equal(fs.existsSync(f), false, `${path.basename(f)} still there`);
    assert.equal(fs.existsSync(live), true, 'a live writer’s temporary file was removed');
    assert.equal(fs.existsSync(other), true, 'another cache’s file was touched');
    assert.match(client.logText, /removed .*left by an interrupted write/);
    const left = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(left.sort(), [path.basename(live), path.basename(other)].sort());
  });
});
