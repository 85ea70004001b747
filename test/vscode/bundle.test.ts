// The server as a .vsix ships it: each package `npm run vsix` wrote is unzipped and its bundled server run
// over stdio on a copy of the demo workspace. The whole index must be built on worker threads (a bundle
// missing the worker entry fell back or failed), cross-file definition must work, and the store must be
// the one the package promises: fs for the universal package, native for the platform package.
// A package that was not built is skipped with the reason — a failure under SIMPLE_LSP_REQUIRE_NATIVE=1
// (CI builds both before the tests: `npm run verify`).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Location } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';

const ROOT = path.resolve(__dirname, '../../..');
const CLIENT = path.join(ROOT, 'client-vscode');
const DEMO = path.join(ROOT, 'fixtures', 'demo');
const REQUIRED = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1';

const PACKAGES = [
  { name: 'universal', file: 'simple-lsp-vscode.vsix', store: 'fs', on: true },
  {
    name: 'linux-x64',
    file: 'simple-lsp-vscode-linux-x64.vsix',
    store: 'native',
    on: process.platform === 'linux' && process.arch === 'x64',
  },
];

function splFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.spl'))
    .map((f) => path.join(dir, f));
}

interface Status {
  store: { kind: string; reason: string } | 'none';
  workspace: { state: string; files: number; workers: number; workerProblem?: string } | 'none';
}

for (const pkg of PACKAGES.filter((p) => p.on)) {
  describe(`vscode: the server bundled in the ${pkg.name} .vsix`, function () {
    this.timeout(60_000);
    let tmp: string;
    let client: TestClient | undefined;
    let workspace: string;

    before(function () {
      const vsix = path.join(CLIENT, pkg.file);
      if (!fs.existsSync(vsix)) {
        if (REQUIRED) throw new Error(`${vsix} is missing: \`npm run vsix\` builds it`);
        this.skip(); // not packaged here: `npm run vsix` builds it
      }
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-vsix-'));
      execFileSync('unzip', ['-q', vsix, '-d', path.join(tmp, 'vsix')]);
      workspace = path.join(tmp, 'demo');
      fs.cpSync(DEMO, workspace, { recursive: true });
    });
    after(async () => {
      await client?.dispose();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('indexes every file of the workspace on worker threads and serves cross-file definition', async () => {
      const script = path.join(tmp, 'vsix', 'extension', 'server', 'simple-lsp.js');
      // The package must stand alone: no SIMPLE_LSP_STORE or cache folder of the test run leaks in.
      client = spawnServer(['--stdio', '--log-level', 'debug'], script, {
        SIMPLE_LSP_STORE: undefined,
        SIMPLE_LSP_REQUIRE_NATIVE: undefined,
        SIMPLE_LSP_CACHE_DIR: path.join(tmp, 'cache'),
      });
      await client.initialize({ rootUri: pathToFileURL(workspace).href });
      await client.logLine(/index ready/);
      const status = await client.request<Status>('simple/status');
      assert.notEqual(status.workspace, 'none');
      assert.notEqual(status.store, 'none');
      if (status.workspace === 'none' || status.store === 'none') return;
      assert.equal(status.workspace.state, 'ready');
      assert.equal(status.workspace.files, splFiles(workspace).length, client.logText.slice(-3000));
      assert.ok(status.workspace.workers > 0, 'the index has worker threads');
      assert.equal(status.workspace.workerProblem, undefined, client.logText.slice(-3000));
      assert.doesNotMatch(client.logText, /summary job failed|worker failed|Cannot find module/);
      assert.equal(status.store.kind, pkg.store, status.store.reason);

      const main = path.join(workspace, 'src', 'main.spl');
      const text = fs.readFileSync(main, 'utf8');
      await client.open(pathToFileURL(main).href, text);
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.startsWith('use inventory.{'));
      const locs = await client.request<Location[] | Location | null>('textDocument/definition', {
        textDocument: { uri: pathToFileURL(main).href },
        position: { line, character: lines[line].indexOf('Item') + 1 },
      });
      const loc = Array.isArray(locs) ? locs[0] : locs;
      assert.ok(loc, 'a definition of Item');
      assert.equal(fileURLToPath(loc.uri), path.join(workspace, 'src', 'inventory', 'item.spl'));
      const declared = fs.readFileSync(fileURLToPath(loc.uri), 'utf8').split('\n')[loc.range.start.line];
      assert.equal(declared.slice(loc.range.start.character, loc.range.end.character), 'Item');
    });
  });
}
