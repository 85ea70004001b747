// Connects to a running shared server over TCP or a Unix socket (no `vscode`: tested with real sockets).
import * as net from 'node:net';

export function connectSocket(
  target: { kind: 'tcp'; host: string; port: number } | { kind: 'socket'; path: string },
  timeoutMs = 10_000,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const where = target.kind === 'tcp' ? `${target.host}:${target.port}` : target.path;
    const socket =
      target.kind === 'tcp'
        ? net.connect({ host: target.host, port: target.port })
        : net.connect(target.path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connecting to the simple-lsp server at ${where} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to the simple-lsp server at ${where}: ${e.code ?? e.message}`));
    });
  });
}
