// A worker thread of `simple-lsp scip` (parallel.ts starts them). It rebuilds the workspace the main
// thread indexed from that index's summaries (the index cache's codec, as a seed: nothing is parsed again
// unless a file changed meanwhile), builds pass 1 (names and relationships) exactly as the main thread
// would, then turns ranges of files into SCIP documents on request, already framed as `Index.documents`
// fields, so the main thread only writes bytes, in order.
import { type MessagePort, workerData } from 'node:worker_threads';
import { toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { DocumentSchema } from '@c4312/scip';
import { Logger } from '../logger';
import { packageInfo } from '../package-info';
import { selectStore } from '../store/select-store';
import { decodeCache } from '../workspace/cache-codec';
import { Workspace } from '../workspace/workspace';
import { Analysis } from './analysis';
import { countDocument, type IndexStats, ScipIndexer } from './indexer';
import type { PackageId } from './symbols';

export interface WorkerSetup {
  root: string;
  pkg: PackageId;
  /** encodeCache() of the main thread's index (identity: this version, roots [root]). */
  seed: Uint8Array;
  /** How many files the main thread indexes: the worker checks it sees as many. */
  files: number;
}

/**
 * What the worker is started with: the setup, and its own channel. Not parentPort: modules this worker
 * imports (the summary pool's index-worker.ts) listen on parentPort when they find themselves in a worker.
 */
export interface WorkerData extends WorkerSetup {
  port: MessagePort;
}

export type ToWorker = { from: number; to: number };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'documents'; from: number; bytes: Uint8Array; stats: IndexStats }
  | { kind: 'error'; message: string };

/** The field number of `Index.documents`. */
export const INDEX_DOCUMENTS = 2;

/** Documents [from, to) of the indexer as framed `Index.documents` fields. */
export function framedDocuments(
  indexer: ScipIndexer,
  from: number,
  to: number,
  stats: IndexStats,
): Uint8Array {
  const w = new BinaryWriter();
  for (let k = from; k < to; k++) {
    const doc = indexer.document(k);
    if (!doc) continue;
    countDocument(stats, doc);
    w.tag(INDEX_DOCUMENTS, WireType.LengthDelimited).bytes(toBinary(DocumentSchema, doc));
  }
  return w.finish();
}

async function serve(port: MessagePort, setup: WorkerSetup): Promise<void> {
  const logger = new Logger('error', { write: () => undefined, close: () => undefined });
  const store = selectStore({ root: packageInfo().root }).store;
  const { files } = await decodeCache(Buffer.from(setup.seed), {
    version: packageInfo().version,
    roots: [setup.root],
  });
  const ws = new Workspace({ roots: [setup.root], store, logger, workers: 0, seed: files });
  await ws.ready();
  const indexer = new ScipIndexer(new Analysis(ws), {
    pkg: setup.pkg,
    relativePath: (f) => f.rel,
  });
  if (indexer.files.length !== setup.files)
    throw new Error(
      `the workspace changed while it was indexed (${indexer.files.length} files, not ${setup.files})`,
    );
  port.on('message', (m: ToWorker) => {
    try {
      const stats: IndexStats = { files: 0, occurrences: 0, symbols: 0 };
      const bytes = framedDocuments(indexer, m.from, m.to, stats);
      const transfer = [bytes.buffer as ArrayBuffer];
      port.postMessage({ kind: 'documents', from: m.from, bytes, stats } satisfies FromWorker, transfer);
    } catch (e) {
      port.postMessage({ kind: 'error', message: (e as Error).message } satisfies FromWorker);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

const data = workerData as WorkerData | undefined;
if (data?.port) {
  const port = data.port;
  serve(port, data).catch((e: unknown) =>
    port.postMessage({ kind: 'error', message: (e as Error).message } satisfies FromWorker),
  );
}
