// Start-up failures of the shared server: a clear one-line message, exit code 1, and no process left
// hanging on an open transport or store.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAIN_JS } from '../support/client';
import { forEachTransport } from './support';

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN_JS, ...args], { timeout: 15_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (error.killed ? null : (error.code as number)) : 0, stderr }),
    );
  });
}

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-startup-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

forEachTransport('start-up failures', ({ kind }) => {
  it('exits 1 when the port is taken', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const r = await run(['--tcp', String(port), '--transport', kind]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /simple-lsp: .*(EADDRINUSE|address already in use)/i);
    } finally {
      holder.close();
    }
  });

  it('exits 1 when --socket names a file that is not a socket', async () => {
    const file = path.join(dir, `${kind}-not-a-socket`);
    fs.writeFileSync(file, 'data');
    const r = await run(['--socket', file, '--transport', kind]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /simple-lsp: .*not a socket/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'data'); // left alone
  });
});

describe('start-up failures of admission', () => {
  const cases: { name: string; token: () => string; message: RegExp }[] = [
    {
      name: 'an empty --token-file',
      token: () => {
        const f = path.join(dir, 'empty');
        fs.writeFileSync(f, '  \n');
        return f;
      },
      message: /--token-file .* is empty/,
    },
    { name: 'a missing --token-file', token: () => path.join(dir, 'missing'), message: /ENOENT/ },
  ];
  for (const c of cases) {
    it(`exits 1 on ${c.name}`, async () => {
      const r = await run(['--tcp', '0', '--token-file', c.token()]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, c.message);
    });
  }
});
