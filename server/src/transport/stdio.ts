// A server Connection over a pair of byte streams (stdin/stdout for --stdio).
//
// Built from the root `createConnection(factory, watchDog)` rather than `vscode-languageserver/node`'s,
// which calls process.exit itself (on `exit`, on stream end, when initialize.processId is not visible).
// Here the watchdog reports the exit code to `onExit` and the caller decides what exiting means, so the
// same code can later serve one TCP socket without killing the process.
//
// What the reader (vscode-jsonrpc 9.0.3, under vscode-languageserver 10.1.2) does with bad input, found by
// experiment (test/protocol/wire.test.ts):
//  - a body that is not valid JSON: the reader reports an error (onError) and keeps reading; the message is
//    dropped without a reply (its id is unknowable) and the next well-formed message is served.
//  - a header block without Content-Length, or with a non-numeric one: onError, the header block is
//    discarded; the bytes that follow are then read as the start of the next header block, so the body of
//    the bad message is parsed as headers. If it contains no ':' the reader throws from its header parser,
//    reports it, and carries on with the rest of the buffer. The stream usually resynchronises at the next
//    message, but one or two following messages can be lost with it.
//  - a JSON body that is not a JSON-RPC message (e.g. `[]`, `{}`): "neither a response nor a notification",
//    logged, no reply.
// We log each of these with a clear line and keep serving; the client sees no reply for what was dropped.
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
    const reader = new StreamMessageReader(input);
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
