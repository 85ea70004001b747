// What an index worker agrees to read: regular files only (a FIFO or a device never blocks it), no
// larger than the index limit, and no binary (NUL bytes); every refusal is that file's error, and the
// other files of the job are summarized.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSource, summarizeJob } from '../../server/src/workspace/index-worker';
import { MAX_INDEXED_BYTES, SNIFF_BYTES } from '../../server/src/workspace/summary-job';

describe('index worker reads', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-worker-'));
    fs.writeFileSync(path.join(dir, 'ok.spl'), 'fn ok():\n    0\n');
    fs.writeFileSync(path.join(dir, 'limit.spl'), Buffer.alloc(MAX_INDEXED_BYTES, 0x20));
    fs.writeFileSync(path.join(dir, 'big.spl'), Buffer.alloc(MAX_INDEXED_BYTES + 1, 0x20));
    fs.writeFileSync(path.join(dir, 'nul-start.spl'), Buffer.from('\0fn a():\n    0\n'));
    fs.writeFileSync(
      path.join(dir, 'nul-late.spl'),
      Buffer.concat([Buffer.alloc(SNIFF_BYTES * 3, 0x20), Buffer.from([0])]),
    );
    execFileSync('mkfifo', [path.join(dir, 'fifo.spl')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.spl'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, RegExp | undefined][] = [
    ['ok.spl', undefined],
    ['limit.spl', undefined],
    ['big.spl', /larger than the \d+-byte index limit/],
    ['nul-start.spl', /binary content/],
    ['nul-late.spl', /binary content/],
    ['fifo.spl', /not a regular file/],
    ['zero.spl', /not a regular file/],
    ['missing.spl', /ENOENT/],
  ];
  for (const [name, refusal] of cases)
    it(`${name}: ${refusal ? `refused (${refusal.source})` : 'read'}`, () => {
      const file = path.join(dir, name);
      if (refusal) assert.throws(() => readSource(file), refusal);
      else assert.equal(readSource(file).length, fs.statSync(file).size);
    });

  it('a job summarizes its other files when some are refused', () => {
    const files = cases.map(([name], i) => ({ id: i + 1, path: path.join(dir, name) }));
    const reply = summarizeJob({ seq: 1, files });
    assert.deepEqual(
      reply.results.map((r) => (r.summary ? 'summary' : 'error')),
      cases.map(([, refusal]) => (refusal ? 'error' : 'summary')),
    );
    assert.deepEqual(reply.results[0].summary?.names, ['ok']);
  });
});
