// Rows 6, 7 and 10 of issue 16: what a workspace's files can do to the index. A 60 MB file of NULs, FIFOs
// and a device where sources should be, and links leading out of the root (one to `/`): the index becomes
// ready with every ordinary file, nothing outside the root is served, memory stays bounded, another
// session is answered throughout, and SIGTERM still ends the server at once.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestClient } from '../support/client';
import type { ServerProcess } from '../transport/support';
import { hostileServer, peakRssMb, readySession, tempTree, uri, Victim } from './index-support';

const ORDINARY = 200;
const WORST_MS = 3000;
const PEAK_MB = 1024;

describe('hostile: files that are not sources', function () {
  this.timeout(180_000);
  let server: ServerProcess;
  let victim: Victim;
  let owner: TestClient;
  let dir: string;
  let outside: string;

  before(async () => {
    const files: Record<string, string | Buffer> = {};
    // Ordinary files sorted around the hostile ones, so they share its summary jobs.
    for (let k = 0; k < ORDINARY; k++)
      files[`src/m${String(k).padStart(3, '0')}.spl`] = `fn ordinary_${k}() -> i64:\n    ${k}\n`;
    files['src/m100_nul.spl'] = Buffer.alloc(60 * 1024 * 1024);
    files['src/m101_nul_small.spl'] = Buffer.concat([Buffer.from('fn f():\n    0\n'), Buffer.alloc(100_000)]);
    dir = tempTree('files', files);
    execFileSync('mkfifo', [path.join(dir, 'src/m102_fifo.spl')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'src/m103_zero.spl'));
    outside = tempTree('outside', { 'secret.spl': 'fn outside_secret() -> i64:\n    1\n' });
    fs.symlinkSync(outside, path.join(dir, 'src/to_outside'));
    fs.symlinkSync(path.join(outside, 'secret.spl'), path.join(dir, 'src/secret_link.spl'));
    fs.symlinkSync('/', path.join(dir, 'src/to_root'));
    server = await hostileServer();
    victim = await Victim.join(server);
  });
  after(async () => {
    await owner?.dispose();
    await victim?.dispose();
    if (server && server.child.exitCode === null) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  /** How many symbols of exactly this name the workspace declares (workspace/symbol is fuzzy). */
  const declared = async (name: string): Promise<number> =>
    (await owner.request<{ name: string }[]>('workspace/symbol', { query: name })).filter(
      (s) => s.name === name,
    ).length;

  it('indexes every ordinary file, none of the hostile ones, nothing outside the root', async () => {
    victim.start();
    owner = await readySession(server, [dir]);
    const { worstMs } = await victim.stop();
    const status = await owner.request<{ workspace: { files: number } }>('simple/status');
    assert.equal(status.workspace.files, ORDINARY, 'exactly the ordinary files are indexed');
    for (const k of [0, 99, 100, 101, 199]) {
      assert.equal(await declared(`ordinary_${k}`), 1, `ordinary_${k} is indexed`);
    }
    assert.deepEqual(await owner.request('workspace/symbol', { query: 'outside_secret' }), []);
    assert.match(server.logText, /links lead outside the workspace roots and were not followed/);
    assert.ok(
      worstMs < WORST_MS,
      `other session's worst hover ${Math.round(worstMs)} ms (limit ${WORST_MS})`,
    );
    assert.ok(peakRssMb(server) < PEAK_MB, `peak RSS ${Math.round(peakRssMb(server))} MB`);
  });

  it('a file replaced by a FIFO is dropped from the index, and the server still answers', async () => {
    const file = path.join(dir, 'src/m050.spl');
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    // The watcher reports the change; the store and the worker refuse the FIFO without blocking on it.
    for (;;) {
      if ((await declared('ordinary_50')) === 0) break;
      await new Promise((r) => setTimeout(r, 50)); // polling the index through the protocol
    }
    const text = 'fn f():\n    0\n';
    await owner.open(uri(path.join(dir, 'src/m000.spl')), text);
    assert.ok(
      await owner.request('textDocument/hover', {
        textDocument: { uri: uri(path.join(dir, 'src/m000.spl')) },
        position: { line: 0, character: 3 },
      }),
    );
  });

  it('SIGTERM ends the server within a second', async () => {
    const t0 = performance.now();
    server.child.kill('SIGTERM');
    await server.exited;
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `exited ${Math.round(ms)} ms after SIGTERM`);
  });
});
