// Command-line parsing: a pure function from argv to a plan, so every rule is unit-tested without spawning.
import { isLogLevel, LOG_LEVELS, type LogLevel } from './logger';

export type Mode = 'stdio' | 'demo' | 'check' | 'help' | 'version';

export interface CliOptions {
  /** undefined: no mode was given; main picks stdio when stdin is not a terminal. */
  mode: Mode | undefined;
  /** undefined: not given (info for the server, warn for the demo's child). */
  logLevel: LogLevel | undefined;
  logFile: string | undefined;
  /** --demo's directory, when given. */
  demoDir: string | undefined;
  /** --check's files and directories (default: the current directory). */
  checkPaths: string[];
}

export class UsageError extends Error {}

export const USAGE = `Usage: simple-lsp [mode] [options]

Language server for the Simple programming language (*.spl).

Modes:
  --stdio              Speak LSP over stdin/stdout (what editors use). This is the default when no
                       mode is given and stdin is not a terminal.
  --demo [DIR]         Start this server as a child process, drive it as an LSP client over every *.spl
                       file under DIR (default: fixtures/demo in the package) and print a transcript.
  --check [PATH...]    Check every *.spl file under the given files and directories (default: .) and
                       print its syntax diagnostics as file:line:col; exit 1 if any error is found.
  --help, -h           Print this help and exit.
  --version, -v        Print the version and exit.
  --tcp                Not available yet (planned: LSP over TCP for many clients in one process).

Options:
  --log-level LEVEL    One of ${LOG_LEVELS.join(', ')} (default: info; warn for --demo's server).
  --log-file PATH      Append the log to PATH instead of stderr. The log never goes to stdout.

Exit codes: 0 after shutdown+exit, 1 on exit without shutdown (or the client vanished), 2 usage error.
--check: 0 when no errors were found, 1 when some were, 2 when a path cannot be read.
`;

/** Parses argv (without node and the script). Throws UsageError with a message fit for the user. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    mode: undefined,
    logLevel: undefined,
    logFile: undefined,
    demoDir: undefined,
    checkPaths: [],
  };
  const setMode = (mode: Mode, flag: string): void => {
    // --help, then --version, win over anything else on the line.
    const rank = (m: Mode | undefined): number => (m === 'help' ? 2 : m === 'version' ? 1 : 0);
    if (rank(mode) > 0 || rank(options.mode) > 0) {
      if (rank(mode) > rank(options.mode)) options.mode = mode;
      return;
    }
    if (options.mode !== undefined && options.mode !== mode) {
      throw new UsageError(`${flag} cannot be combined with --${options.mode}`);
    }
    options.mode = mode;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--stdio':
        setMode('stdio', flag);
        break;
      case '--demo':
        setMode('demo', flag);
        if (inline !== undefined) options.demoDir = inline;
        else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) options.demoDir = argv[++i];
        break;
      case '--check':
        setMode('check', flag);
        if (inline !== undefined) options.checkPaths.push(inline);
        while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) options.checkPaths.push(argv[++i]);
        break;
      case '--help':
      case '-h':
        setMode('help', flag);
        break;
      case '--version':
      case '-v':
        setMode('version', flag);
        break;
      case '--tcp':
        throw new UsageError('--tcp is not available yet; use --stdio (the default)');
      case '--log-level': {
        const level = value();
        if (!isLogLevel(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
        options.logLevel = level;
        break;
      }
      case '--log-file':
        options.logFile = value();
        break;
      default:
        throw new UsageError(`unknown option: ${arg}`);
    }
    if (inline !== undefined && !['--log-level', '--log-file', '--demo', '--check'].includes(flag)) {
      throw new UsageError(`${flag} takes no value`);
    }
  }
  return options;
}
