// Command-line parsing: a pure function from argv to a plan, so every rule is unit-tested without spawning.
import { isLogLevel, LOG_LEVELS, type LogLevel } from './logger';

export type Mode = 'stdio' | 'tcp' | 'bridge' | 'demo' | 'check' | 'scip' | 'help' | 'version';

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
  /** --tcp / --socket / --bridge and the shared server's limits and admission (see TcpCliOptions). */
  tcp: TcpCliOptions;
  /** `scip [DIR] --out FILE --package-name N --package-version V`. */
  scip: { dir: string; out: string; packageName?: string; packageVersion?: string; workers?: number };
  /** --index-from: a SCIP index written by `simple-lsp scip` to start the workspace index from. */
  indexFrom: string | undefined;
}

export interface HostPort {
  host: string;
  port: number;
}

export interface TcpCliOptions {
  listen: HostPort | undefined;
  socket: string | undefined;
  /** --bridge's server: a TCP address or a Unix socket path. */
  bridge: HostPort | { path: string } | undefined;
  transport: 'uring' | 'epoll' | 'net' | 'auto';
  allowRemote: boolean;
  maxClients: number;
  maxMessageBytes: number;
  maxOutputBytes: number;
  maxInputBytes: number;
  idleTimeoutMs: number;
  workspaces: string[];
  allowRoots: string[];
  tokenFile: string | undefined;
}

export class UsageError extends Error {}

export const USAGE = `Usage: simple-lsp [mode] [options]

Language server for the Simple programming language (*.spl).

Modes:
  --stdio              Speak LSP over stdin/stdout (what editors use). This is the default when no
                       mode is given and stdin is not a terminal.
  --demo [DIR]         Start this server as a child process, drive it as an LSP client over every *.spl
                       file under DIR (default: fixtures/demo in the package) and print a transcript.
  scip [DIR]           Index DIR (default: .) with the server's analysis and write a SCIP index for
                       Sourcegraph and for --index-from (docs/scip.md). Options of scip:
    --out FILE           Where to write it (default index.scip).
    --package-name NAME  The package in its global symbol names (default '.', SCIP's empty value).
    --package-version V  The version in them (default '.').
    --workers N          Worker threads making documents (default 0: the main thread only).
  --check [PATH...]    Check every *.spl file under the given files and directories (default: .) and
                       print its syntax diagnostics as file:line:col; exit 1 if any error is found.
  --help, -h           Print this help and exit.
  --version, -v        Print the version and exit.
  --tcp [HOST:]PORT    Serve many clients at once over TCP (a shared daemon): one session per connection,
                       one process-wide store. HOST defaults to 127.0.0.1; PORT 0 picks a free port (logged).
  --socket PATH        Serve over a Unix domain socket (created mode 0600); may be given with --tcp.
  --bridge ADDRESS     Relay stdin/stdout to a shared server at [HOST:]PORT or a socket PATH, so an editor
                       that only speaks stdio can join it.

Options:
  --log-level LEVEL    One of ${LOG_LEVELS.join(', ')} (default: info; warn for --demo's server).
  --log-file PATH      Append the log to PATH instead of stderr. The log never goes to stdout.
  --index-from FILE    Start workspace indexes from a SCIP index written by 'simple-lsp scip' (files whose
                       content hash differs are indexed locally). Setting: simple.index.prebuilt.

Shared server (--tcp / --socket):
  --transport KIND     uring, epoll, net or auto (default): io_uring, else native epoll, else Node net.
  --allow-remote       Allow a HOST that is not loopback (logged as a warning: anyone who can reach it can
                       read the served roots, unless --token-file is used).
  --workspace DIR      A root this server serves (repeatable). A client naming another root is refused.
                       Default, when neither this nor --allow-root is given: the current directory.
  --allow-root PREFIX  Serve any root under PREFIX (repeatable).
  --token-file PATH    Require initializationOptions.token to equal this file's contents (trimmed).
  --max-clients N      Sessions at once (default 256); more are told so and disconnected.
  --max-message-bytes N  Largest message accepted (default 16777216); a larger one closes the session.
  --max-output-bytes N   Replies queued for a client that does not read (default 67108864) before it
                       is disconnected.
  --max-input-bytes N  Input all clients may hold unserved or half-received (default 268435456); past it,
                       a client over its share is not read until it falls (docs/transport.md).
  --idle-timeout-ms N  Close a connection that sends nothing, does not initialize, or holds a partial
                       message without completing one, for N ms (default 30000).

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
    scip: { dir: '.', out: 'index.scip' },
    indexFrom: undefined,
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
  };
  const tcp = options.tcp;
  const count = (flag: string, text: string): number => {
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
      throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
    return Number(text);
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
    if (i === 0 && arg === 'scip') {
      setMode('scip', arg);
      continue;
    }
    if (options.mode === 'scip' && !arg.startsWith('-')) {
      options.scip.dir = arg;
      continue;
    }
    switch (flag) {
      case '--out':
        if (options.mode !== 'scip') throw new UsageError('--out belongs to the scip command');
        options.scip.out = value();
        break;
      case '--package-name':
      case '--package-version': {
        if (options.mode !== 'scip') throw new UsageError(`${flag} belongs to the scip command`);
        const v = value();
        if (flag === '--package-name') options.scip.packageName = v;
        else options.scip.packageVersion = v;
        break;
      }
      case '--workers': {
        if (options.mode !== 'scip') throw new UsageError('--workers belongs to the scip command');
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 64)
          throw new UsageError(`--workers needs a number from 0 to 64, got '${v}'`);
        options.scip.workers = Number(v);
        break;
      }
      case '--index-from':
        options.indexFrom = value();
        break;
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
        setMode('tcp', flag);
        tcp.listen = parseHostPort(value(), flag);
        break;
      case '--socket':
        setMode('tcp', flag);
        tcp.socket = value();
        break;
      case '--bridge': {
        setMode('bridge', flag);
        const target = value();
        tcp.bridge = target.includes('/') ? { path: target } : parseHostPort(target, flag);
        break;
      }
      case '--transport': {
        const kind = value();
        if (kind !== 'uring' && kind !== 'epoll' && kind !== 'net' && kind !== 'auto')
          throw new UsageError('--transport must be one of uring, epoll, net, auto');
        tcp.transport = kind;
        break;
      }
      case '--allow-remote':
        tcp.allowRemote = true;
        break;
      case '--workspace':
        tcp.workspaces.push(value());
        break;
      case '--allow-root':
        tcp.allowRoots.push(value());
        break;
      case '--token-file':
        tcp.tokenFile = value();
        break;
      case '--max-clients':
        tcp.maxClients = count(flag, value());
        break;
      case '--max-message-bytes':
        tcp.maxMessageBytes = count(flag, value());
        break;
      case '--max-output-bytes':
        tcp.maxOutputBytes = count(flag, value());
        break;
      case '--max-input-bytes':
        tcp.maxInputBytes = count(flag, value());
        break;
      case '--idle-timeout-ms':
        tcp.idleTimeoutMs = count(flag, value());
        break;
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
    if (inline !== undefined && !TAKES_VALUE.includes(flag)) {
      throw new UsageError(`${flag} takes no value`);
    }
  }
  if (options.mode === 'tcp' && tcp.listen !== undefined && !tcp.allowRemote && !isLoopback(tcp.listen.host))
    throw new UsageError(
      `--tcp ${tcp.listen.host} is not a loopback address: add --allow-remote to serve other machines`,
    );
  return options;
}

const TAKES_VALUE = [
  '--out',
  '--package-name',
  '--package-version',
  '--workers',
  '--index-from',
  '--log-level',
  '--log-file',
  '--demo',
  '--check',
  '--tcp',
  '--socket',
  '--bridge',
  '--transport',
  '--workspace',
  '--allow-root',
  '--token-file',
  '--max-clients',
  '--max-message-bytes',
  '--max-output-bytes',
  '--max-input-bytes',
  '--idle-timeout-ms',
];

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT`; the host defaults to 127.0.0.1. */
export function parseHostPort(text: string, flag: string): HostPort {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`${flag} needs [HOST:]PORT (PORT 0-65535), got '${text}'`);
  return { host: m[1] === undefined ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, ''), port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
