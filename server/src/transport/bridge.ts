// `--bridge ADDRESS`: relays stdin/stdout byte for byte to a shared server (TCP or Unix socket), so an editor
// that only starts stdio servers can join it. Resolves with 0 when the server closes the connection
// (after the session's exit), 1 when it cannot be reached or the connection fails.
import * as net from 'node:net';

export type BridgeTarget = { host: string; port: number } | { path: string };

export function runBridge(
  target: BridgeTarget,
  input: NodeJS.ReadableStream & { destroy?: () => void },
  output: NodeJS.WritableStream,
  err: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const socket = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host);
    const where = 'path' in target ? target.path : `${target.host}:${target.port}`;
    let failed = false;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      input.pipe(socket);
      socket.pipe(output, { end: false });
    });
    input.on('end', () => socket.end());
    socket.on('error', (e) => {
      failed = true;
      err(`simple-lsp --bridge: ${where}: ${e.message}`);
    });
    socket.on('close', () => {
      input.unpipe(socket);
      input.destroy?.();
      resolve(failed ? 1 : 0);
    });
  });
}
