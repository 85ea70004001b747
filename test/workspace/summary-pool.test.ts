// The summary pool's worker lifecycle: workers start when jobs come, end after the pool has been idle,
// and start again for the next job, which gets the same summaries as the main thread.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizeText } from '../../server/src/language/summary';
import { SummaryPool } from '../../server/src/workspace/summary-pool';
import type { SummaryJob } from '../../server/src/workspace/summary-job';

describe('summary pool', () => {
  let dir: string;
  let job: SummaryJob;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-pool-'));
    const files = ['fn a():\n    1\n', 'class B:\n    x: i64\n', 'use a.{a}\nfn c():\n    a()\n'];
    files.forEach((t, i) => fs.writeFileSync(path.join(dir, `f${i}.spl`), t));
    job = { seq: 1, files: files.map((_, i) => ({ id: i, path: path.join(dir, `f${i}.spl`) })) };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts no worker before a job, ends them when idle, starts them again for the next job', async () => {
    let released!: () => void;
    let idle = new Promise<void>((resolve) => (released = resolve));
    const pool = new SummaryPool({ workers: 2, idleMs: 20, onRelease: () => released() });
    try {
      assert.equal(pool.live, 0);
      const first = await pool.run(job);
      assert.ok(pool.live >= 1);
      await idle;
      assert.equal(pool.live, 0);
      idle = new Promise<void>((resolve) => (released = resolve));
      const second = await pool.run(job);
      assert.deepEqual(second.results, first.results);
      for (const r of first.results) {
        const text = fs.readFileSync(job.files[r.id].path, 'utf8');
        assert.deepEqual(r.summary, summarizeText(text, true));
      }
      await idle;
      assert.equal(pool.live, 0);
    } finally {
      pool.close();
    }
  });
});
