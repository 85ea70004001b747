import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../server/src/package-info';
import { MAIN_JS, spawnServer } from '../support/client';
import { FIXTURES } from '../support/fixtures';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server's command line to completion with stdin closed. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('command line (spawned)', () => {
  it('--help prints usage to stdout and exits 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: simple-lsp/);
    assert.equal(r.stderr, '');
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${packageInfo().version}\n`);
  });

  const usageErrors: { args: string[]; message: RegExp }[] = [
    { args: ['--bogus'], message: /unknown option: --bogus/ },
    { args: ['--tcp'], message: /--tcp needs a value/ },
    { args: ['--tcp', '10.1.2.3:80'], message: /not a loopback address/ },
    { args: ['--stdio', '--log-level', 'loud'], message: /--log-level must be one of/ },
  ];
  for (const u of usageErrors) {
    it(`exits 2 with a message for ${u.args.join(' ')}`, async () => {
      const r = await run(u.args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, u.message);
      assert.match(r.stderr, /simple-lsp --help/);
      assert.equal(r.stdout, '');
    });
  }

  it('serves stdio when no mode is given and stdin is a pipe', async () => {
    const client = spawnServer(['--log-level', 'info']);
    try {
      const result = await client.initialize();
      assert.equal(result.serverInfo?.name, 'simple-lsp');
      assert.equal(await client.stop(), 0);
    } finally {
      await client.dispose();
    }
  });

  it('--log-file sends the log to the file and nothing to stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-lsp-'));
    const logFile = path.join(dir, 'server.log');
    const client = spawnServer(['--stdio', '--log-file', logFile, '--log-level', 'debug']);
    try {
      await client.initialize({ clientInfo: { name: 'log-test' } });
      assert.equal(await client.stop(), 0);
      const log = fs.readFileSync(logFile, 'utf8');
      assert.match(log, /initialize from log-test/);
      assert.match(log, /exiting with code 0/);
      assert.equal(client.logText, '');
    } finally {
      await client.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--demo DIR drives a child server over every .spl file and prints a transcript', async () => {
    const r = await run(['--demo', path.join(FIXTURES, 'demo-mini')]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /2 file\(s\) under .*demo-mini/);
    assert.match(out, /initialized: simple-lsp /);
    const broken = out.slice(out.indexOf('== broken.spl'), out.indexOf('== counter.spl'));
    assert.match(broken, /Function broken \(5:1\)/);
    assert.match(broken, /^ {2}5:\d+ error: .+\[[\w-]+\]$/m);
    const counter = out.slice(out.indexOf('== counter.spl'));
    assert.match(counter, /^ {2}Class Counter \(3:1\)/m);
    assert.match(counter, /^ {4}Method get \(6:5\) {2}— fn get\(\) -> i64$/m);
    assert.match(counter, /^ {4}EnumMember Red /m);
    assert.match(counter, /diagnostics: none/);
    assert.match(counter, /folding ranges: [1-9]\d*/);
    assert.match(out, /status: simple-lsp .*2 open document\(s\), position encoding utf-16, transport stdio/);
    assert.match(out, /server exited with code 0/);
    // The TCP half: one shared server, two clients, each with its own text and diagnostics.
    const tcp = out.slice(out.indexOf('== the same directory over TCP'));
    assert.match(
      tcp,
      /broken\.spl: client 1 sees \d+ symbol\(s\), [1-9]\d* diagnostic\(s\); client 2 .* 0 diagnostic/,
    );
    const backend = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1' ? 'uring' : '(uring|epoll|net)';
    assert.match(
      tcp,
      new RegExp(`status: transport tcp, backend ${backend} .*2 session\\(s\\) in one process`),
    );
    assert.match(tcp, /both clients exited/);
    assert.match(out, /Connect an editor/);
  });

  it('--check prints file:line:col diagnostics and exits 1 when a file has errors', async () => {
    const dir = path.join(FIXTURES, 'demo-mini');
    const r = await run(['--check', dir]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /broken\.spl:5:\d+: error [\w-]+: ./);
    assert.ok(!r.stdout.includes('counter.spl'), 'a clean file prints nothing');
    assert.match(
      lines[lines.length - 1],
      /^checked 2 files: [1-9]\d* errors?, 0 warnings, 1 file with errors$/,
    );
  });

  it('--check exits 0 for clean files and 2 for a path that does not exist', async () => {
    const clean = await run(['--check', path.join(FIXTURES, 'demo-mini', 'counter.spl')]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, 'checked 1 file: 0 errors, 0 warnings, 0 files with errors\n');
    const missing = await run(['--check', path.join(FIXTURES, 'no-such-dir')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*no-such-dir: ENOENT/);
  });

  it('--demo with a missing directory fails with a message', async () => {
    const r = await run(['--demo', path.join(FIXTURES, 'no-such-dir')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a directory/);
  });
});
