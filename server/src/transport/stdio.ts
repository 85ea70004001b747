// stdio: one session over a pair of byte streams (stdin/stdout for --stdio, in-memory streams in tests),
// hosted like any TCP connection (session-host.ts) on a StreamTransport (stream-transport.ts). The exit
// policy is the caller's: the session's end reports an exit code (0 after shutdown and exit, 1 for exit
// without shutdown or a lost client) instead of calling process.exit here.
//
// Bad input, as the shared framer (frame-parser.ts) and vscode-jsonrpc handle it (test/protocol/wire.test.ts):
//  - a body that is not JSON, or a JSON body that is not a JSON-RPC message: logged, no reply (its id is
//    unknowable), serving continues;
//  - a header block without a usable Content-Length, or a Content-Length shorter than the body: logged, and
//    the stream resynchronises at the next `Content-Length:` header;
//  - a Content-Length over --max-message-bytes: logged, the client is told (window/showMessage), and the
//    session ends (exit code 1) — the server does not wait for a body it will not take.
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../logger';
import { SessionHost, type SessionFactory } from './session-host';
import { StreamTransport } from './stream-transport';
import { DEFAULT_LIMITS, type TransportLimits } from './transport';

export interface StreamServeOptions {
  logger: Logger;
  createSession: SessionFactory;
  /** The exit policy: called once, with 0 after shutdown+exit and 1 for anything else. */
  onExit: (code: number) => void;
  limits?: Partial<Pick<TransportLimits, 'maxMessageBytes' | 'maxOutputBytes'>>;
}

/** Serves one session on the streams; resolves once it reads them. */
export async function serveStream(
  input: Readable,
  output: Writable,
  options: StreamServeOptions,
): Promise<SessionHost> {
  const { logger } = options;
  const host = new SessionHost({
    logger,
    selection: {
      kind: 'stdio',
      reason: 'stdio',
      create: (limits, onEvents) => new StreamTransport(input, output, limits, onEvents),
    },
    addresses: [{ kind: 'stream', name: 'stdin/stdout' }],
    limits: {
      maxMessageBytes: options.limits?.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes,
      maxOutputBytes: options.limits?.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
      maxInputBytes: DEFAULT_LIMITS.maxInputBytes,
    },
    maxClients: 1,
    idleTimeoutMs: 0,
    createSession: options.createSession,
    onSessionEnd: (code, reason) => {
      logger.info(`exiting with code ${code}: ${reason}`);
      host.stop();
      options.onExit(code);
    },
  });
  await host.start();
  return host;
}
