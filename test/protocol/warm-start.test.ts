// The warm start over the real server: the index is served from the cache before any file is read or
// stat'ed and before the directory walk ends, and what changed on disk while the server was down still
// reaches it after ready: a file edited in place (the check after ready stats every cached file; the walk
// indexes it again), a file added, one removed, one a new .gitignore excludes, and an open document whose
// import only an added file can answer. Requests sent meanwhile are answered, also ones that read a
// served file that is gone from the disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, SymbolInformation } from 'vscode-languageserver';
import { generateWorkspace } from '../../fixtures/generate';
import { spawnServer, type TestClient } from '../support/client';

const FILES = 400;

describe('warm start from the index cache (spawned server)', function () {
  this.timeout(120_000);
  let dir: string;
  let cache: string;
  let client: TestClient | undefined;

  const start = async (): Promise<TestClient> => {
    const c = spawnServer(['--stdio', '--log-level', 'debug'], undefined, { SIMPLE_LSP_CACHE_DIR: cache });
    await c.initialize({
      rootUri: pathToFileURL(dir).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    await c.logLine(/index ready/);
    return c;
  };
  const names = async (c: TestClient, query: string): Promise<string[]> =>
    (await c.request<SymbolInformation[]>('workspace/symbol', { query })).map((s) => s.name);
  const src = (...parts: string[]) => path.join(dir, 'src', ...parts);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-warm-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-warm-cache-'));
    generateWorkspace({ files: FILES }, dir);
    fs.mkdirSync(src('warm'), { recursive: true });
    fs.writeFileSync(src('warm', 'edited.spl'), 'fn warm_before_edit():\n    pass\n');
    fs.writeFileSync(src('warm', 'removed.spl'), 'fn warm_removed_fn():\n    pass\n');
    fs.writeFileSync(src('warm', 'ignored.spl'), 'fn warm_ignored_fn():\n    pass\n');
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('serves the cache, then applies what changed on disk while it was down', async () => {
    client = await start();
    assert.deepEqual(await names(client, 'warm_before_edit'), ['warm_before_edit']);
    await client.stop();
    client = undefined;

    // While down: an edit in place of the same length (only its mtime and bytes tell), a file added
    // in an existing directory, one removed, one a new .gitignore excludes (still on disk: only the
    // walk can drop it), and a new module the open document imports from.
    const edited = src('warm', 'edited.spl');
    fs.writeFileSync(edited, 'fn warm_after__edit():\n    pass\n');
    const later = new Date(fs.statSync(edited).mtimeMs + 5000);
    fs.utimesSync(edited, later, later);
    fs.writeFileSync(src('warm', 'added.spl'), 'fn warm_added_fn():\n    pass\n');
    fs.rmSync(src('warm', 'removed.spl'));
    fs.writeFileSync(src('warm', '.gitignore'), 'ignored.spl\n');
    fs.writeFileSync(src('warm', 'target.spl'), 'fn warm_other_fn():\n    pass\n');

    client = await start();
    const ready = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText);
    assert.ok(ready, client.logText.slice(-2000));
    assert.ok(Number(ready[2]) >= FILES * 0.95, `a warm start: ${ready[2]} of ${ready[1]} from the cache`);
    assert.equal(
      Number(ready[3]),
      0,
      'nothing is parsed before ready: changes wait for the check and the walk',
    );
    // Answered whether or not the check and the walk have ended (nothing here waits for them). Until
    // the check, a file changed or removed meanwhile may be served as the cache knew it; reading the
    // removed one from the store then is an error for that request only.
    assert.ok(Array.isArray(await names(client, 'warm_before_edit')));
    const removedUri = pathToFileURL(src('warm', 'removed.spl')).href;
    const during = await Promise.allSettled([
      client.request('textDocument/documentSymbol', { textDocument: { uri: removedUri } }),
      client.request('textDocument/references', {
        textDocument: { uri: removedUri },
        position: { line: 0, character: 4 },
        context: { includeDeclaration: true },
      }),
      names(client, 'warm_removed_fn'),
    ]);
    assert.equal(during.length, 3);

    const walk = await client.logLine(/walk after a warm start/);
    // The check found the edited and the removed file changed; the walk added the edited one back with
    // the two new ones, and dropped the one the .gitignore now excludes.
    assert.match(walk, / 2 changed, 3 added, 1 removed, 0 moved/);
    assert.deepEqual(await names(client, 'warm_added_fn'), ['warm_added_fn']);
    assert.deepEqual(await names(client, 'warm_removed_fn'), []);
    assert.deepEqual(await names(client, 'warm_ignored_fn'), []);
    assert.deepEqual(await names(client, 'warm_after__edit'), ['warm_after__edit']);

    // The added module answers an import: its missing name is reported.
    const user = pathToFileURL(src('warm', 'user.spl')).href;
    await client.open(user, 'use warm.target.{warm_wanted_fn}\n\nfn use_it():\n    pass\n');
    const report = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri: user },
    });
    assert.ok(
      report.items.some((d) => /has no 'warm_wanted_fn'/.test(JSON.stringify(d.message))),
      JSON.stringify(report.items),
    );
    await client.stop();
    client = undefined;

    // The next start holds the changes in its cache: nothing to parse, nothing to add.
    client = await start();
    const again = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText);
    assert.ok(again);
    assert.equal(Number(again[3]), 0);
    assert.match(await client.logLine(/walk after a warm start/), / 0 changed, 0 added, 0 removed, 0 moved/);
    assert.deepEqual(await names(client, 'warm_added_fn'), ['warm_added_fn']);
  });
});
