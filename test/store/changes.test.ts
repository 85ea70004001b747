// Files changing on disk under a staged store: deleted, replaced by rename, grown, truncated — and truncated
// by another process while this one reads in a tight loop (the SIGBUS guard: the process must survive).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangedError } from '../../server/src/store/file-store';
import { bytes, forEachStore } from './support';

forEachStore('FileStore and files changing on disk', (h) => {
  it('keeps serving a deleted file until refresh reports it gone', async () => {
    const data = bytes(40_000, 4);
    const file = h.write('gone.spl', data);
    const s = h.make();
    const [f] = await s.stage([file]);
    fs.unlinkSync(file);
    assert.equal(s.text(f.id, 100, 300), data.toString('utf8', 100, 300)); // the mapping or copy outlives the name
    const r = await s.refresh(f.id);
    assert.deepEqual([r.id, r.status, r.code, r.change], [f.id, 'error', 'ENOENT', 'changed']);
  });

  it('picks up a file replaced by rename (new inode)', async () => {
    const file = h.write('r.spl', bytes(30_000, 5));
    const s = h.make();
    const [f] = await s.stage([file]);
    const next = Buffer.from('replaced\n'.repeat(5000));
    fs.writeFileSync(`${file}.tmp`, next);
    fs.renameSync(`${file}.tmp`, file);
    assert.deepEqual([(await s.refresh(file)).change], ['changed']);
    const r = await s.refresh(f.id);
    assert.deepEqual([r.id, r.change, r.size], [f.id, 'unchanged', next.length]);
    assert.notEqual(r.ino, f.ino);
    assert.equal(s.text(f.id, 0, 17), 'replaced\nreplaced');
  });

  it('picks up a grown file and a file truncated and rewritten in place (same inode)', async () => {
    const file = h.write('g.spl', bytes(20_000, 6));
    const s = h.make();
    const [f] = await s.stage([file]);
    fs.appendFileSync(file, 'tail_word\n');
    const grown = await s.refresh(f.id);
    assert.deepEqual([grown.change, grown.size], ['changed', 20_010]);
    assert.equal(s.text(f.id, 20_000, 20_009), 'tail_word');
    fs.writeFileSync(file, 'short'); // O_TRUNC then write: the same inode
    const short = await s.refresh(file);
    assert.deepEqual([short.change, short.size, short.ino], ['changed', 5, f.ino]);
    assert.equal(s.text(f.id, 0, 5), 'short');
    assert.equal((await s.refresh(f.id)).change, 'unchanged');
  });

  it('survives a file truncated by another process during a tight read loop, and reports the change', async () => {
    const size = 4 * 1024 * 1024;
    const file = h.write('t.spl', bytes(size, 7));
    const s = h.make();
    const [f] = await s.stage([file]);
    assert.equal(f.status, h.kind === 'native' ? 'mapped' : 'copied');
    const child = spawn(process.execPath, ['-e', `require('fs').truncateSync(${JSON.stringify(file)}, 10)`], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Synchronous loop: the child runs concurrently; we notice the truncation through stat and read again.
    let caught: unknown;
    let seenTruncated = false;
    let reads = 0;
    const deadline = Date.now() + 20_000; // a safety net only: the loop ends on the change, not on time
    for (;;) {
      try {
        s.text(f.id, size - 4096, size); // the last page: past the new end once truncated
        reads++;
      } catch (e) {
        caught = e;
        break;
      }
      if (seenTruncated || Date.now() > deadline) break;
      if (reads % 64 === 0) seenTruncated = fs.statSync(file).size !== size;
    }
    assert.equal(await exited, 0);
    assert.ok(reads > 0);
    if (h.kind === 'native' && caught === undefined) {
      // stat can see the new size a moment before the kernel unmaps the pages past it; once the child has
      // exited the truncation is complete and the next read must fault.
      try {
        s.text(f.id, size - 4096, size);
      } catch (e) {
        caught = e;
      }
    }
    if (h.kind === 'native') {
      assert.ok(caught instanceof FileChangedError, `expected FileChangedError, got ${String(caught)}`);
      assert.equal(caught.fileId, f.id);
      assert.match(caught.message, /SIGBUS/);
      assert.ok(s.stats().faultsCaught >= 1);
      // The entry was re-stat'ed: the new size is served without a refresh.
      assert.equal(s.text(f.id, 0, 10), bytes(10, 7).toString());
      assert.throws(() => s.text(f.id, 0, 11), RangeError);
    } else {
      assert.equal(caught, undefined, 'the fs store reads its own copy');
      assert.ok(seenTruncated);
    }
    const r = await s.refresh(f.id);
    assert.equal(r.size, 10);
    // The fs store learns of the change here. The native store re-stat'ed on the fault, which can land
    // inside the truncate call: the size is already new there but the mtime is set last, hence either.
    assert.ok(h.kind === 'native' ? ['unchanged', 'changed'].includes(r.change) : r.change === 'changed');
    assert.equal(s.text(f.id, 0, 10), bytes(10, 7).toString());
  });

  it('re-stats an LRU-evicted file that changed before its next use', async () => {
    const dir = h.dir();
    const paths = [0, 1, 2].map((i) => path.join(dir, `e${i}.spl`));
    paths.forEach((p, i) => fs.writeFileSync(p, bytes(20_000, 10 + i)));
    const s = h.make({ mapCap: 1 });
    const staged = await s.stage(paths);
    fs.writeFileSync(paths[0], 'rewritten');
    if (h.kind === 'native') {
      assert.equal(s.stats().maps, 1);
      assert.throws(() => s.text(staged[0].id, 0, 9), FileChangedError);
      assert.equal(s.text(staged[0].id, 0, 9), 'rewritten');
    }
    assert.equal(s.text(staged[1].id, 0, 100), bytes(20_000, 11).toString('utf8', 0, 100));
  });
});
