// The real-code corpus trials' common start (bench/types-corpus.ts, bench/types-expected-corpus.ts): the
// corpus directory from SIMPLE_LSP_CORPUS, indexed in one process with the fs store and no workers, and
// the share format of their tables.
import * as fs from 'node:fs';
import { Logger } from '../../server/src/logger';
import { FsStore } from '../../server/src/store/fs-store';
import { Workspace } from '../../server/src/workspace/workspace';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

export interface Corpus {
  root: string;
  ws: Workspace;
  /** Milliseconds from creating the workspace to its index being ready. */
  indexedMs: number;
}

/** The indexed corpus, or undefined (with a line saying why `trial` is skipped) when none is set. */
export async function openCorpus(trial: string): Promise<Corpus | undefined> {
  const root = process.env.SIMPLE_LSP_CORPUS;
  if (!root || !fs.existsSync(root)) {
    console.log(
      `${trial}: skipped — set SIMPLE_LSP_CORPUS to a directory of real Simple sources (${root ? `${root} does not exist` : 'unset'}).`,
    );
    return undefined;
  }
  const t0 = Date.now();
  const ws = new Workspace({ roots: [root], store: new FsStore(), logger: quiet, workers: 0 });
  await ws.ready();
  return { root, ws, indexedMs: Date.now() - t0 };
}

/** `n` of `d` as a percentage with one decimal, '-' when `d` is 0. */
export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`;
}
