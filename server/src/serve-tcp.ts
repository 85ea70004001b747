// `--tcp` / `--socket`: the shared server. One process-wide store and transport; one SimpleServer per
// connection, made by the session factory below (the place where process-wide state reaches sessions).
import * as fs from 'node:fs';
import type { CliOptions } from './cli';
import { isLoopback } from './cli';
import type { Logger } from './logger';
import { packageInfo } from './package-info';
import { openWorkspaces } from './startup';
import { createSimpleServer } from './server';
import { admitRoot, canonical, type AdmissionPolicy } from './transport/admission';
import { fallbackFor, selectTransport } from './transport/select-transport';
import { SessionHost } from './transport/session-host';
import type { ListenAddress } from './transport/transport';
import { parseOption } from './session/documents';

function policyFrom(options: CliOptions['tcp'], logger: Logger): AdmissionPolicy {
  let workspaces = options.workspaces.map(canonical);
  const allowRoots = options.allowRoots.map(canonical);
  if (workspaces.length === 0 && allowRoots.length === 0) workspaces = [canonical('.')];
  let token: string | undefined;
  if (options.tokenFile !== undefined) {
    token = fs.readFileSync(options.tokenFile, 'utf8').trim();
    if (token.length === 0) throw new Error(`--token-file ${options.tokenFile} is empty`);
  }
  logger.info(
    `serving roots ${workspaces.join(', ') || '(none)'}` +
      (allowRoots.length > 0 ? `; any root under ${allowRoots.join(', ')}` : '') +
      (token !== undefined ? '; clients must present the token' : ''),
  );
  return { workspaces, allowRoots, token };
}

/** Starts the shared server; resolves once it listens (it then runs until a signal). */
export async function serveTcp(options: CliOptions, logger: Logger): Promise<SessionHost> {
  const tcp = options.tcp;
  const { name, version, root } = packageInfo();
  logger.info(`${name} ${version} on Node ${process.version}, pid ${process.pid}, shared server`);
  // What can fail at start-up without holding anything open comes first.
  const policy = policyFrom(tcp, logger);
  const selection = selectTransport({ root, requested: tcp.transport });
  logger.info(`transport: ${selection.kind} (${selection.reason})`);
  // One workspace per set of roots, shared by every session that opens them.
  const { store, workspaces } = openWorkspaces(root, logger, options.indexFrom);
  const addresses: ListenAddress[] = [];
  if (tcp.listen !== undefined) {
    addresses.push({ kind: 'tcp', ...tcp.listen });
    if (!isLoopback(tcp.listen.host))
      logger.warn(
        `listening on ${tcp.listen.host}, which is not loopback (--allow-remote): other machines can connect` +
          (tcp.tokenFile === undefined ? ' and no --token-file is set' : ''),
      );
  }
  if (tcp.socket !== undefined) addresses.push({ kind: 'unix', path: tcp.socket });
  const server: SessionHost = new SessionHost({
    logger,
    selection,
    addresses,
    limits: {
      maxMessageBytes: tcp.maxMessageBytes,
      maxOutputBytes: tcp.maxOutputBytes,
      maxInputBytes: tcp.maxInputBytes,
    },
    maxClients: tcp.maxClients,
    idleTimeoutMs: tcp.idleTimeoutMs,
    policy,
    fallback: fallbackFor,
    createSession: (connection, info) => {
      const session = createSimpleServer(connection, {
        logger,
        transport: 'tcp',
        sessionName: info.name,
        store,
        workspaces,
        admitRoot: (root) => admitRoot(policy, root),
        ...parseOption(process.env),
        tcp: () => server.status(),
      }).register();
      return { dispose: () => session.dispose() };
    },
  });
  try {
    await server.start();
  } catch (error) {
    // Nothing may keep the process alive after a failed start (the transport's handles, the store).
    server.stop();
    workspaces.closeAll();
    store.store.close();
    throw error;
  }
  const stop = (signal: string): void => {
    logger.info(`${signal}: stopping (${server.sessionCount} sessions)`);
    server.stop();
    workspaces.closeAll();
    store.store.close();
    if (tcp.socket !== undefined) fs.rmSync(tcp.socket, { force: true });
    logger.close();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return server;
}
