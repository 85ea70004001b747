// `--index-from` over the real server: the prebuilt index is served the way a warm start serves the
// cache — ready before any file is read or the tree walked, nothing parsed — and what changed since the
// index was built reaches the server after ready: a file edited in place to the same length (only its
// content hash tells), a file added, one removed. Requests sent meanwhile are answered from the index.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SymbolInformation } from 'vscode-languageserver';
import { generateWorkspace } from '../../fixtures/generate';
import { Logger } from '../../server/src/logger';
import { writeScip } from '../../server/src/scip/run';
import { FsStore } from '../../server/src/store/fs-store';
import { spawnServer, type TestClient } from '../support/client';

const FILES = 300;

describe('--index-from (spawned server)', function () {
  this.timeout(120_000);
  let dir: string;
  let root: string;
  let index: string;
  let client: TestClient | undefined;
  const src = (...parts: string[]) => path.join(root, 'src', ...parts);
  const names = async (c: TestClient, query: string): Promise<string[]> =>
    (await c.request<SymbolInformation[]>('workspace/symbol', { query })).map((s) => s.name);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-index-from-'));
    root = path.join(dir, 'ws');
    generateWorkspace({ files: FILES }, root);
    fs.mkdirSync(src('pre'), { recursive: true });
    fs.writeFileSync(src('pre', 'kept.spl'), 'fn pre_kept_fn():\n    pass\n');
    fs.writeFileSync(src('pre', 'edited.spl'), 'fn pre_before_edit():\n    pass\n');
    fs.writeFileSync(src('pre', 'removed.spl'), 'fn pre_removed_fn():\n    pass\n');
    index = path.join(dir, 'index.scip');
    const store = new FsStore();
    try {
      const logger = new Logger('error', { write: () => undefined, close: () => undefined });
      await writeScip({ dir: root, out: index }, store, logger);
    } finally {
      store.close();
    }
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the index at once, then applies what changed since it was built', async () => {
    // Since the index was built: an edit of the same length, a file added, one removed.
    fs.writeFileSync(src('pre', 'edited.spl'), 'fn pre_after__edit():\n    pass\n');
    fs.writeFileSync(src('pre', 'added.spl'), 'fn pre_added_fn():\n    pass\n');
    fs.rmSync(src('pre', 'removed.spl'));

    const cache = fs.mkdtempSync(path.join(dir, 'cache-'));
    client = spawnServer(['--stdio', '--log-level', 'debug', '--index-from', index], undefined, {
      SIMPLE_LSP_CACHE_DIR: cache,
    });
    await client.initialize({
      rootUri: pathToFileURL(root).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    const ready = /index ready: (\d+) files \(\d+ from cache, (\d+) parsed/.exec(
      await client.logLine(/index ready/),
    );
    assert.ok(ready, client.logText.slice(-2000));
    assert.equal(Number(ready[1]), FILES + 3, 'every file the index lists, served');
    assert.equal(Number(ready[2]), 0, 'nothing parsed before ready');

    // Answered while the check and the walk may still run: an unchanged file's names come from the index.
    // Both answers are the same before and after the check (neither file changed).
    const during = await Promise.all([names(client, 'pre_kept_fn'), names(client, 'pre_kept')]);
    assert.deepEqual(during, [['pre_kept_fn'], ['pre_kept_fn']]);

    // The check read every file: the edited and the removed one differ; the walk indexed the edited one
    // again and the added one.
    assert.match(
      await client.logLine(/prebuilt index: \d+ files checked/),
      new RegExp(`prebuilt index: ${FILES + 3} files checked, 2 differ`),
    );
    assert.match(await client.logLine(/walk after a warm start/), / 2 changed, 2 added, 0 removed, 0 moved/);
    assert.deepEqual(await names(client, 'pre_after__edit'), ['pre_after__edit']);
    assert.deepEqual(await names(client, 'pre_before_edit'), []);
    assert.deepEqual(await names(client, 'pre_added_fn'), ['pre_added_fn']);
    assert.deepEqual(await names(client, 'pre_removed_fn'), []);
    assert.deepEqual(await names(client, 'pre_kept_fn'), ['pre_kept_fn']);
  });
});
