// What the cache tests of test/hostile share: a small generated workspace, a server process started on
// it with its cache directory chosen by the test, and the name the cache file will have.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkspace } from '../../fixtures/generate';
import { Logger } from '../../server/src/logger';
import { IndexCache } from '../../server/src/workspace/index-cache';
import { spawnServer, type TestClient } from '../support/client';

export const FILES = 40;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeWorkspace(): string {
  const dir = tempDir('simple-hostile-ws-');
  generateWorkspace({ files: FILES }, dir);
  return dir;
}

/** The path the server will give the cache of `root` under `cacheDir`. */
export function cacheFileFor(cacheDir: string, root: string): string {
  const quiet = new Logger('error', { write: () => undefined, close: () => undefined });
  return new IndexCache(cacheDir, [path.resolve(root)], quiet).file;
}

/**
 * A server on `root` with SIMPLE_LSP_CACHE_DIR=cacheDir; `beforeInitialize` runs once its pid is known
 * and before it has read anything. Resolves once the index is ready.
 */
export async function startServer(
  root: string,
  cacheDir: string,
  beforeInitialize: (pid: number) => void = () => undefined,
): Promise<TestClient> {
  const saved = process.env.SIMPLE_LSP_CACHE_DIR;
  process.env.SIMPLE_LSP_CACHE_DIR = cacheDir;
  let client: TestClient;
  try {
    client = spawnServer();
  } finally {
    if (saved === undefined) delete process.env.SIMPLE_LSP_CACHE_DIR;
    else process.env.SIMPLE_LSP_CACHE_DIR = saved;
  }
  const pid = Number(/pid (\d+)/.exec(await client.logLine(/ on Node .*, pid \d+/))![1]);
  beforeInitialize(pid);
  await client.initialize({
    rootUri: pathToFileURL(root).href,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
  });
  await client.logLine(/index ready/);
  return client;
}

/** `index ready: N files (C from cache, P parsed, …)` as numbers. */
export function readyLine(client: TestClient): { files: number; fromCache: number; parsed: number } {
  const m = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText);
  if (!m) throw new Error(`no 'index ready' line in:\n${client.logText.slice(-2000)}`);
  return { files: Number(m[1]), fromCache: Number(m[2]), parsed: Number(m[3]) };
}
