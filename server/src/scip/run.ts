// `simple-lsp scip [DIR] [--out index.scip]`: index a directory with the server's own workspace and
// analysis, and write a SCIP index (plus the server's data, prebuilt.ts) for Sourcegraph and for
// `--index-from`. Prints a progress bar when stderr is a terminal, and one summary line.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { MetadataSchema, ProtocolVersion, TextEncoding, ToolInfoSchema } from '@c4312/scip';
import { Logger, stderrSink } from '../logger';
import { packageInfo } from '../package-info';
import type { FileStore } from '../store/file-store';
import { selectStore } from '../store/select-store';
import { Workspace } from '../workspace/workspace';
import { Analysis } from './analysis';
import { countDocument, externalSymbols, type IndexStats, ScipIndexer } from './indexer';
import { documentsInWorkers, workersUnavailable } from './parallel';
import { contentHash, encodeServerData, SERVER_DATA_FIELD } from './prebuilt';
import type { PackageId } from './symbols';
import { IndexWriter } from './writer';

export interface ScipCommand {
  dir: string;
  out: string;
  packageName?: string;
  packageVersion?: string;
  /**
   * Worker threads making documents (default 0: this thread). Not per core by default: on a 2-core
   * machine shared with other work, 2 workers were slower than one thread (docs/scip.md, Figures).
   */
  workers?: number;
}

export interface ScipIo {
  out(line: string): void;
  err(line: string): void;
  /** A terminal to draw the progress bar on (none: no bar). */
  tty?: { write(text: string): unknown; columns?: number };
  /** Arguments recorded in the index's tool info. */
  argv?: readonly string[];
}

export interface ScipResult extends IndexStats {
  seconds: number;
  bytes: number;
  /** Worker threads that made the documents (0: this thread), and why none when some were asked for. */
  workers: number;
  inProcess?: string;
  /** The process's peak resident memory so far, MB (worker threads included). */
  peakRssMb: number;
}

/** Indexes `dir` into `out` with an existing store (tests and benchmarks pass theirs). */
export async function writeScip(
  cmd: ScipCommand,
  store: FileStore,
  logger: Logger,
  io: Pick<ScipIo, 'tty' | 'argv'> = {},
): Promise<ScipResult> {
  const t0 = performance.now();
  const root = path.resolve(cmd.dir);
  const ws = new Workspace({ roots: [root], store, logger });
  const bar = progressBar(io.tty);
  try {
    await ws.ready((p) => bar('indexing', p.done, p.total));
    const analysis = new Analysis(ws);
    const files = analysis.files();
    const writer = new IndexWriter(path.resolve(cmd.out));
    try {
      // The server's data first, so `--index-from` reads only the head of the file.
      writer.field(
        SERVER_DATA_FIELD,
        encodeServerData(
          files.map((f) => ({
            rel: f.rel,
            size: f.size,
            hash: contentHash(store.text(f.id, 0, f.size)),
            summary: f.summary,
          })),
        ),
      );
      const info = packageInfo();
      writer.metadata(
        create(MetadataSchema, {
          version: ProtocolVersion.UnspecifiedProtocolVersion,
          toolInfo: create(ToolInfoSchema, {
            name: info.name,
            version: info.version,
            arguments: [...(io.argv ?? [])],
          }),
          projectRoot: pathToFileURL(root).href,
          textDocumentEncoding: TextEncoding.UTF8,
        }),
      );
      const pkg: PackageId = {
        manager: '.',
        name: cmd.packageName ?? '.',
        version: cmd.packageVersion ?? '.',
      };
      const asked = cmd.workers ?? 0;
      const inProcess = asked === 0 ? undefined : workersUnavailable();
      const workers = inProcess === undefined ? Math.min(asked, Math.ceil(files.length / 64)) : 0;
      let stats: IndexStats;
      if (workers > 0) {
        stats = await documentsInWorkers({
          root,
          pkg,
          files,
          workers,
          write: (bytes) => writer.raw(bytes),
          onProgress: (done, total) => bar('scip', done, total),
        });
      } else {
        stats = { files: 0, occurrences: 0, symbols: 0 };
        const indexer = new ScipIndexer(analysis, { pkg, relativePath: (f) => f.rel });
        for (let k = 0; k < files.length; k++) {
          const doc = indexer.document(k);
          if (doc) {
            countDocument(stats, doc);
            writer.document(doc);
          }
          bar('scip', k + 1, files.length);
        }
      }
      // What occurrences of core-type members refer to (after the documents: any order is valid).
      for (const s of externalSymbols(analysis)) writer.externalSymbol(s);
      writer.commit();
      bar('', 0, 0);
      return {
        ...stats,
        seconds: (performance.now() - t0) / 1000,
        bytes: writer.bytes,
        workers,
        ...(inProcess !== undefined ? { inProcess } : {}),
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      };
    } catch (e) {
      writer.abort();
      throw e;
    }
  } finally {
    ws.close();
  }
}

/** The command: its own store and logger (warnings to stderr), a summary line on stdout. */
export async function runScip(cmd: ScipCommand, io: ScipIo): Promise<number> {
  const logger = new Logger('warn', stderrSink());
  const selection = selectStore({ root: packageInfo().root });
  try {
    const r = await writeScip(cmd, selection.store, logger, io);
    io.out(
      `scip: ${r.files} files, ${r.occurrences} occurrences, ${r.symbols} symbols in ` +
        `${r.seconds.toFixed(2)} s → ${cmd.out} (${(r.bytes / 1e6).toFixed(1)} MB; ` +
        (r.inProcess !== undefined
          ? `documents on this thread: ${r.inProcess})`
          : `documents on ${r.workers > 0 ? `${r.workers} worker threads` : 'this thread'})`) +
        `; peak RSS ${Math.round(r.peakRssMb)} MB`,
    );
    return 0;
  } catch (e) {
    io.err(`simple-lsp scip: ${(e as Error).message}`);
    return 1;
  } finally {
    selection.store.close();
    logger.close();
  }
}

/** A one-line bar redrawn at most every 100 ms; ('', 0, 0) clears it. */
function progressBar(tty: ScipIo['tty']): (phase: string, done: number, total: number) => void {
  let last = 0;
  return (phase, done, total) => {
    if (!tty) return;
    if (phase === '') {
      tty.write('\r\x1b[K');
      return;
    }
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = Math.max(10, Math.min(40, (tty.columns ?? 80) - 40));
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    tty.write(
      `\r\x1b[K${phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`,
    );
  };
}
