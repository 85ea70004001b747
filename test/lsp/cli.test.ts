import * as assert from 'node:assert/strict';
import { type CliOptions, parseArgs, USAGE, UsageError } from '../../server/src/cli';

const DEFAULTS: CliOptions = {
  mode: undefined,
  logLevel: undefined,
  logFile: undefined,
  demoDir: undefined,
  checkPaths: [],
  tcp: {
    listen: undefined,
    socket: undefined,
    bridge: undefined,
    transport: 'auto',
    allowRemote: false,
    maxClients: 256,
    maxMessageBytes: 16 * 1024 * 1024,
    maxOutputBytes: 64 * 1024 * 1024,
    maxInputBytes: 256 * 1024 * 1024,
    idleTimeoutMs: 30_000,
    workspaces: [],
    allowRoots: [],
    tokenFile: undefined,
  },
  scip: { dir: '.', out: 'index.scip' },
  indexFrom: undefined,
};

const TCP = DEFAULTS.tcp;

const accepted: { argv: string[]; expect: Partial<CliOptions> }[] = [
  { argv: [], expect: {} },
  { argv: ['--stdio'], expect: { mode: 'stdio' } },
  { argv: ['--stdio', '--log-level', 'debug'], expect: { mode: 'stdio', logLevel: 'debug' } },
  { argv: ['--log-level=warn', '--stdio'], expect: { mode: 'stdio', logLevel: 'warn' } },
  { argv: ['--log-file', '/tmp/x.log'], expect: { logFile: '/tmp/x.log' } },
  { argv: ['--log-file=/tmp/y.log', '--stdio'], expect: { mode: 'stdio', logFile: '/tmp/y.log' } },
  { argv: ['--demo'], expect: { mode: 'demo' } },
  { argv: ['--demo', 'some/dir'], expect: { mode: 'demo', demoDir: 'some/dir' } },
  { argv: ['--demo=d', '--log-level', 'info'], expect: { mode: 'demo', demoDir: 'd', logLevel: 'info' } },
  { argv: ['--demo', '--log-level', 'error'], expect: { mode: 'demo', logLevel: 'error' } },
  { argv: ['--check'], expect: { mode: 'check' } },
  { argv: ['scip'], expect: { mode: 'scip' } },
  {
    argv: ['scip', 'ws', '--out', 'x.scip', '--package-name', 'app', '--package-version=1.2'],
    expect: { mode: 'scip', scip: { dir: 'ws', out: 'x.scip', packageName: 'app', packageVersion: '1.2' } },
  },
  {
    argv: ['scip', '--workers', '0'],
    expect: { mode: 'scip', scip: { dir: '.', out: 'index.scip', workers: 0 } },
  },
  { argv: ['--stdio', '--index-from', 'i.scip'], expect: { mode: 'stdio', indexFrom: 'i.scip' } },
  { argv: ['--check', 'a.spl', 'src'], expect: { mode: 'check', checkPaths: ['a.spl', 'src'] } },
  { argv: ['--check=src', 'lib'], expect: { mode: 'check', checkPaths: ['src', 'lib'] } },
  { argv: ['--help'], expect: { mode: 'help' } },
  { argv: ['-h'], expect: { mode: 'help' } },
  { argv: ['--version'], expect: { mode: 'version' } },
  { argv: ['-v'], expect: { mode: 'version' } },
  { argv: ['--stdio', '--help'], expect: { mode: 'help' } },
  { argv: ['--version', '--help'], expect: { mode: 'help' } },
  { argv: ['--demo', 'x', '--version'], expect: { mode: 'version', demoDir: 'x' } },
  {
    argv: ['--tcp', '4389'],
    expect: { mode: 'tcp', tcp: { ...TCP, listen: { host: '127.0.0.1', port: 4389 } } },
  },
  {
    argv: ['--tcp=localhost:0'],
    expect: { mode: 'tcp', tcp: { ...TCP, listen: { host: 'localhost', port: 0 } } },
  },
  { argv: ['--tcp', '[::1]:7'], expect: { mode: 'tcp', tcp: { ...TCP, listen: { host: '::1', port: 7 } } } },
  {
    argv: ['--tcp', '0.0.0.0:9', '--allow-remote'],
    expect: { mode: 'tcp', tcp: { ...TCP, listen: { host: '0.0.0.0', port: 9 }, allowRemote: true } },
  },
  { argv: ['--socket', '/tmp/s'], expect: { mode: 'tcp', tcp: { ...TCP, socket: '/tmp/s' } } },
  {
    argv: [
      '--tcp',
      '1',
      '--transport',
      'epoll',
      '--max-clients',
      '3',
      '--workspace',
      'a',
      '--workspace',
      'b',
    ],
    expect: {
      mode: 'tcp',
      tcp: {
        ...TCP,
        listen: { host: '127.0.0.1', port: 1 },
        transport: 'epoll',
        maxClients: 3,
        workspaces: ['a', 'b'],
      },
    },
  },
  {
    argv: ['--tcp', '1', '--allow-root', '/p', '--token-file', 't', '--max-message-bytes', '10'],
    expect: {
      mode: 'tcp',
      tcp: {
        ...TCP,
        listen: { host: '127.0.0.1', port: 1 },
        allowRoots: ['/p'],
        tokenFile: 't',
        maxMessageBytes: 10,
      },
    },
  },
  {
    argv: ['--tcp', '1', '--max-output-bytes', '5', '--idle-timeout-ms', '50'],
    expect: {
      mode: 'tcp',
      tcp: { ...TCP, listen: { host: '127.0.0.1', port: 1 }, maxOutputBytes: 5, idleTimeoutMs: 50 },
    },
  },
  {
    argv: ['--bridge', '4389'],
    expect: { mode: 'bridge', tcp: { ...TCP, bridge: { host: '127.0.0.1', port: 4389 } } },
  },
  {
    argv: ['--bridge', '/run/s.sock'],
    expect: { mode: 'bridge', tcp: { ...TCP, bridge: { path: '/run/s.sock' } } },
  },
];

const rejected: { argv: string[]; message: RegExp }[] = [
  { argv: ['--stdio', '--out', 'x.scip'], message: /--out belongs to the scip command/ },
  { argv: ['scip', '--out'], message: /--out needs a value/ },
  { argv: ['scip', '--workers', 'many'], message: /--workers needs a number from 0 to 64, got 'many'/ },
  { argv: ['--stdio', '--workers', '2'], message: /--workers belongs to the scip command/ },
  { argv: ['scip', '--stdio'], message: /--stdio cannot be combined with --scip/ },
  { argv: ['--tcp'], message: /--tcp needs a value/ },
  { argv: ['--stdio', '--tcp', '7000'], message: /--tcp cannot be combined with --stdio/ },
  { argv: ['--tcp', 'x:y'], message: /--tcp needs \[HOST:\]PORT/ },
  { argv: ['--tcp', '70000'], message: /PORT 0-65535/ },
  { argv: ['--tcp', '10.0.0.1:7'], message: /not a loopback address: add --allow-remote/ },
  { argv: ['--tcp', '7', '--transport', 'fast'], message: /--transport must be one of/ },
  { argv: ['--tcp', '7', '--max-clients', '0'], message: /--max-clients must be a positive integer/ },
  { argv: ['--tcp', '7', '--max-clients', 'many'], message: /--max-clients must be a positive integer/ },
  {
    argv: ['--tcp', '7', '--idle-timeout-ms', '1.5'],
    message: /--idle-timeout-ms must be a positive integer/,
  },
  { argv: ['--bogus'], message: /unknown option: --bogus/ },
  { argv: ['stray'], message: /unknown option: stray/ },
  { argv: ['--log-level'], message: /--log-level needs a value/ },
  { argv: ['--log-level', 'loud'], message: /--log-level must be one of error, warn, info, debug/ },
  { argv: ['--log-file', '--stdio'], message: /--log-file needs a value/ },
  { argv: ['--stdio', '--demo'], message: /--demo cannot be combined with --stdio/ },
  { argv: ['--stdio=yes'], message: /--stdio takes no value/ },
  { argv: ['--check', 'x', '--demo'], message: /--demo cannot be combined with --check/ },
];

function check(argv: string[], expect: Partial<CliOptions> | RegExp): void {
  if (expect instanceof RegExp) {
    assert.throws(
      () => parseArgs(argv),
      (e: unknown) => e instanceof UsageError && expect.test(e.message),
    );
  } else {
    assert.deepEqual(parseArgs(argv), { ...DEFAULTS, ...expect });
  }
}

describe('command line', () => {
  for (const c of accepted) it(`accepts ${JSON.stringify(c.argv)}`, () => check(c.argv, c.expect));
  for (const c of rejected) it(`rejects ${JSON.stringify(c.argv)}`, () => check(c.argv, c.message));

  it('documents in --help every option the cases above use', () => {
    const flags = new Set(
      [...accepted, ...rejected]
        .flatMap((c) => c.argv)
        .filter((a) => a.startsWith('-') && a !== '--bogus')
        .map((a) => a.split('=')[0]),
    );
    assert.ok(flags.size >= 9);
    for (const flag of flags)
      assert.match(USAGE, new RegExp(`^\\s+(-\\w, )?${flag}\\b|, ${flag}\\b`, 'm'), flag);
  });
});
