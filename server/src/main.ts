// The simple-lsp executable: parse the command line, then serve over stdio, run the demo, or print help.
// In --stdio mode stdout carries only protocol messages: the log goes to stderr or --log-file.
import * as path from 'node:path';
import { format } from 'node:util';
import { parseArgs, USAGE, UsageError, type CliOptions } from './cli';
import { fileSink, Logger, stderrSink } from './logger';
import { packageInfo } from './package-info';
import { openWorkspaces } from './startup';
import { createSimpleServer } from './server';
import { serveStream } from './transport/stdio';
import { parseOption } from './session/documents';

const EXIT_USAGE = 2;

// The modes other than stdio load their modules when chosen (a `require` with the module's type; a
// bundler follows it all the same): an editor starting the server over stdio does not pay for the SCIP
// indexer, the TCP transports, the demo or the checker (about a third of the server's load time).
/* eslint-disable @typescript-eslint/no-require-imports -- the lazy mode modules above */

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function serverLogger(options: CliOptions): Logger {
  const logger = new Logger(
    options.logLevel ?? 'info',
    options.logFile ? fileSink(options.logFile) : stderrSink(),
  );
  // A stray console.log from any dependency would corrupt the protocol stream: send console to the log.
  const toLog = (...args: unknown[]): void => logger.info(`console: ${format(...args)}`);
  Object.assign(globalThis.console, { log: toLog, info: toLog, debug: toLog, warn: toLog, error: toLog });
  process.on('uncaughtException', (error) => logger.error('uncaught exception (still serving)', error));
  process.on('unhandledRejection', (error) =>
    logger.error('unhandled promise rejection (still serving)', error),
  );
  return logger;
}

async function serveStdio(options: CliOptions): Promise<void> {
  const logger = serverLogger(options);
  const { name, version, root } = packageInfo();
  logger.info(`${name} ${version} on Node ${process.version}, pid ${process.pid}, transport stdio`);
  const { store, workspaces } = openWorkspaces(root, logger, options.indexFrom);
  const close = (): void => {
    workspaces.closeAll();
    store.store.close();
    logger.close();
  };
  // A signal ends the process at once (an editor that kills its server does not wait for a reply).
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      logger.info(`${signal}: exiting`);
      close();
      process.exit(1);
    });
  await serveStream(process.stdin, process.stdout, {
    logger,
    limits: { maxMessageBytes: options.tcp.maxMessageBytes, maxOutputBytes: options.tcp.maxOutputBytes },
    createSession: (connection, info) => {
      const session = createSimpleServer(connection, {
        logger,
        transport: 'stdio',
        sessionName: info.name,
        store,
        workspaces,
        ...parseOption(process.env),
      }).register();
      return { dispose: () => session.dispose() };
    },
    onExit: (code) => {
      close();
      process.exit(code);
    },
  });
}

export async function main(argv: readonly string[]): Promise<number | undefined> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`simple-lsp: ${error.message}\nTry 'simple-lsp --help'.\n`);
    return EXIT_USAGE;
  }
  switch (options.mode) {
    case 'help':
      print(USAGE);
      return 0;
    case 'version':
      print(packageInfo().version);
      return 0;
    case 'demo': {
      const dir = options.demoDir ?? path.join(packageInfo().root, 'fixtures', 'demo');
      const { runDemo } = require('./demo') as typeof import('./demo');
      return runDemo({
        dir,
        logLevel: options.logLevel ?? 'warn',
        out: print,
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
    case 'check': {
      const { runCheck } = require('./check') as typeof import('./check');
      return runCheck({
        paths: options.checkPaths.length > 0 ? options.checkPaths : ['.'],
        out: print,
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
    case 'scip': {
      const { runScip } = require('./scip/run') as typeof import('./scip/run');
      return runScip(options.scip, {
        out: print,
        err: (line) => process.stderr.write(`${line}\n`),
        ...(process.stderr.isTTY ? { tty: process.stderr } : {}),
        argv,
      });
    }
    case 'stdio':
      await serveStdio(options);
      return undefined;
    case 'tcp':
      try {
        const { serveTcp } = require('./serve-tcp') as typeof import('./serve-tcp');
        await serveTcp(options, serverLogger(options));
      } catch (error) {
        // A start-up failure (address in use, unreadable --token-file, forced transport unavailable).
        process.stderr.write(`simple-lsp: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }
      return undefined;
    case 'bridge': {
      const { runBridge } = require('./transport/bridge') as typeof import('./transport/bridge');
      return runBridge(options.tcp.bridge!, process.stdin, process.stdout, (line) =>
        process.stderr.write(`${line}\n`),
      );
    }
    case undefined:
      if (process.stdin.isTTY) {
        process.stderr.write(
          'simple-lsp speaks LSP over stdin/stdout and is normally started by an editor.\n' +
            "Try 'simple-lsp --demo' to see it work, or 'simple-lsp --help'.\n",
        );
        return EXIT_USAGE;
      }
      await serveStdio(options);
      return undefined;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // undefined: a server is running and exits through the protocol.
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `simple-lsp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
