// Issue 16, row 11: the cache's temporary file had a predictable name (`index-<hash>.bin.<pid>.tmp`)
// and was written through whatever was at that name, so a planted link overwrote its target. Now the
// name carries random bytes and is created with O_EXCL, in a directory that belongs to the user and is
// private (created 0700; a looser one of ours is tightened; someone else's is refused).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestClient } from '../support/client';
import { cacheFileFor, makeWorkspace, readyLine, startServer, tempDir } from './cache-support';

describe('hostile: links planted where the cache is written (spawned server)', function () {
  this.timeout(60_000);
  let root: string;
  let scratch: string;
  let client: TestClient | undefined;

  before(() => {
    root = makeWorkspace();
    scratch = tempDir('simple-hostile-links-');
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('never writes through a link at the old predictable temporary name', async () => {
    const cacheDir = path.join(scratch, 'planted');
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    const victim = path.join(scratch, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const file = cacheFileFor(cacheDir, root);
    let link = '';
    client = await startServer(root, cacheDir, (pid) => {
      link = `${file}.${pid}.tmp`;
      fs.symlinkSync(victim, link);
    });
    await client.logLine(/index cache: wrote/);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(fs.lstatSync(file).isFile(), 'the cache is a regular file');
    // Nothing of the server's is left; the planted link (its pid is alive) is not the server's to remove.
    const temps = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(temps, [path.basename(link)]);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
  });

  it('creates the cache directory private (0700), and tightens a loose one it owns', async () => {
    const fresh = path.join(scratch, 'fresh', 'nested');
    client = await startServer(root, fresh);
    await client.logLine(/index cache: wrote/);
    assert.equal(fs.statSync(fresh).mode & 0o777, 0o700);
    await client.dispose();
    const loose = path.join(scratch, 'loose');
    fs.mkdirSync(loose);
    fs.chmodSync(loose, 0o777);
    client = await startServer(root, loose);
    await client.logLine(/index cache: wrote/);
    assert.equal(fs.statSync(loose).mode & 0o777, 0o700);
  });

  it('refuses to write into a directory that belongs to someone else, and still indexes', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can make a directory owned by another user
    const foreign = path.join(scratch, 'foreign');
    fs.mkdirSync(foreign, { mode: 0o777 });
    fs.chmodSync(foreign, 0o777);
    fs.chownSync(foreign, 65534, 65534);
    client = await startServer(root, foreign);
    await client.logLine(/index cache: cannot write .*belongs to uid 65534/);
    assert.ok(readyLine(client).files > 0);
    assert.deepEqual(fs.readdirSync(foreign), []);
  });
});
