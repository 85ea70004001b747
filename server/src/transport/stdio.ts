// A server Connection over a pair of byte streams (stdin/stdout for --stdio).
//
// Built from the root `createConnection(factory, watchDog)` rather than `vscode-languageserver/node`'s,
// which calls process.exit itself (on `exit`, on stream end, when initialize.processId is not visible).
// Here the watchdog reports the exit code to `onExit` and the caller decides what exiting means, so the
// same code can later serve one TCP socket without killing the process.
//
// Bad input from the client, as vscode-jsonrpc 9.0.3 (under vscode-languageserver 10.1.2) handles it, found
// by experiment (test/protocol/wire.test.ts):
//  - a body that is not JSON: the reader reports it through onError, drops the message (no reply: its id is
//    unknowable) and serves the next one. We log it.
//  - a JSON body that is not a JSON-RPC message (`[1,2]`, `{}`): logged by the library as "neither a
//    response nor a notification"; no reply; serving continues.
//  - a header block without a usable Content-Length, or a Content-Length shorter than the body: the reader
//    never resynchronises and every later message is lost. FrameGuard (framing.ts) sits in front of the
//    reader, reports the bad frame and skips to the next Content-Length header, so serving continues.
import {
  createConnection,
  type Connection,
  type InitializeParams,
  type WatchDog,
} from 'vscode-languageserver';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Logger as RpcLogger,
} from 'vscode-languageserver/node';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../logger';
import { FrameGuard } from './framing';

export interface StreamConnectionOptions {
  logger: Logger;
  /** Called once, with 0 after shutdown+exit and 1 for exit without shutdown or a lost client. */
  onExit: (code: number) => void;
}

export function createStreamConnection(
  input: Readable,
  output: Writable,
  options: StreamConnectionOptions,
): Connection {
  const { logger } = options;
  let shutdownReceived = false;
  let exited = false;
  const exit = (code: number, why: string): void => {
    if (exited) return;
    exited = true;
    logger.info(`exiting with code ${code}: ${why}`);
    options.onExit(code);
  };

  const watchDog: WatchDog = {
    get shutdownReceived() {
      return shutdownReceived;
    },
    set shutdownReceived(value: boolean) {
      shutdownReceived = value;
    },
    initialize: (params: InitializeParams) => {
      if (typeof params.processId === 'number') logger.debug(`client process id ${params.processId}`);
    },
    exit: (code: number) => exit(code, shutdownReceived ? 'exit after shutdown' : 'exit without shutdown'),
  };

  // Messages the library itself wants to log (unhandled notifications, invalid messages) go to our log,
  // not to the client's console.
  const rpcLogger: RpcLogger = {
    error: (m) => logger.error(`jsonrpc: ${m}`),
    warn: (m) => logger.warn(`jsonrpc: ${m}`),
    info: (m) => logger.info(`jsonrpc: ${m}`),
    log: (m) => logger.debug(`jsonrpc: ${m}`),
  };

  return createConnection((_remoteConsole) => {
    input.on('error', (error) => logger.error('reading from the client failed', error));
    const guarded = input.pipe(
      new FrameGuard((problem) => logger.error(`bad frame from the client: ${problem}`)),
    );
    const reader = new StreamMessageReader(guarded);
    const writer = new StreamMessageWriter(output);
    const protocol = createProtocolConnection(reader, writer, rpcLogger);
    protocol.onError(([error, message]) => {
      const what =
        message === undefined ? 'unreadable input from the client, skipped' : 'write to the client failed';
      logger.error(`${what}: ${error.message.split('\n')[0]}`);
    });
    protocol.onClose(() => exit(shutdownReceived ? 0 : 1, 'client connection closed'));
    return protocol;
  }, watchDog);
}
