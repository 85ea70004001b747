import * as assert from 'node:assert/strict';
import { type CliOptions, parseArgs, USAGE, UsageError } from '../../server/src/cli';

const DEFAULTS: CliOptions = {
  mode: undefined,
  logLevel: undefined,
  logFile: undefined,
  demoDir: undefined,
  checkPaths: [],
};

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
  { argv: ['--check', 'a.spl', 'src'], expect: { mode: 'check', checkPaths: ['a.spl', 'src'] } },
  { argv: ['--check=src', 'lib'], expect: { mode: 'check', checkPaths: ['src', 'lib'] } },
  { argv: ['--help'], expect: { mode: 'help' } },
  { argv: ['-h'], expect: { mode: 'help' } },
  { argv: ['--version'], expect: { mode: 'version' } },
  { argv: ['-v'], expect: { mode: 'version' } },
  { argv: ['--stdio', '--help'], expect: { mode: 'help' } },
  { argv: ['--version', '--help'], expect: { mode: 'help' } },
  { argv: ['--demo', 'x', '--version'], expect: { mode: 'version', demoDir: 'x' } },
];

const rejected: { argv: string[]; message: RegExp }[] = [
  { argv: ['--tcp'], message: /--tcp is not available yet/ },
  { argv: ['--stdio', '--tcp', '7000'], message: /--tcp is not available yet/ },
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
