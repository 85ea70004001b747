// simple/status: what this server process and this session hold, for humans and tests (docs/protocol.md).
import type { PositionEncoding } from '../lsp/line-index';
import type { DocumentStore } from '../session/documents';
import type { StoreKind, StoreStats } from '../store/file-store';
import type { TcpStatus } from '../transport/tcp-server';

export const STATUS_METHOD = 'simple/status';

export interface StatusDocument {
  uri: string;
  version: number;
  lines: number;
  /** Wall time of the parse of this version; absent until a feature has needed the parse. */
  parseMs?: number;
}

export interface StatusResult {
  name: string;
  version: string;
  uptimeMs: number;
  positionEncoding: PositionEncoding;
  openDocuments: StatusDocument[];
  /** The file store backing workspace reads (which one, why, and its counters); 'none' without one. */
  store: StoreStatus | 'none';
  /** The session's workspace index; 'none' without roots (single-file mode). */
  workspace: WorkspaceStatus | 'none';
  transport: 'stdio' | 'tcp';
  /** The shared server (--tcp/--socket): which backend runs and why, and how many sessions it holds. */
  tcp?: TcpStatus;
  /** This process's memory in bytes (Node's process.memoryUsage(): resident set, V8 heap, outside it). */
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

export interface WorkspaceStatus {
  roots: string[];
  state: 'idle' | 'indexing' | 'ready';
  /** Files indexed so far, and the discovery total while indexing. */
  files: number;
  done: number;
  total: number;
  symbols: number;
  names: number;
  workers: number;
  /** Why the index runs on the main thread in slices although `workers` were asked for. */
  workerProblem?: string;
  /** Worker threads running now (they end when the index has been idle a while). */
  liveWorkers: number;
  /** The last full index: its wall time and how many summaries came from the cache. */
  indexMs?: number;
  fromCache?: number;
}

export interface StoreStatus {
  kind: StoreKind;
  reason: string;
  stats: StoreStats;
}

export interface StatusContext {
  documents: DocumentStore;
  name: string;
  version: string;
  startedAt: number;
  transport: 'stdio' | 'tcp';
  store?: () => StoreStatus | undefined;
  workspace?: () => WorkspaceStatus | undefined;
  tcp?: () => TcpStatus;
}

export function status(ctx: StatusContext): StatusResult {
  const openDocuments = ctx.documents
    .all()
    .map((d): StatusDocument => {
      const entry: StatusDocument = { uri: d.uri, version: d.version, lines: d.lines.lineCount };
      if (d.parseMs !== undefined) entry.parseMs = Math.round(d.parseMs * 1000) / 1000;
      return entry;
    })
    .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return {
    name: ctx.name,
    version: ctx.version,
    uptimeMs: Math.round(performance.now() - ctx.startedAt),
    positionEncoding: ctx.documents.encoding,
    openDocuments,
    store: ctx.store?.() ?? 'none',
    workspace: ctx.workspace?.() ?? 'none',
    transport: ctx.transport,
    ...(ctx.tcp ? { tcp: ctx.tcp() } : {}),
    memory: memory(),
  };
}

function memory(): StatusResult['memory'] {
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}
