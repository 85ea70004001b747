// The workspace over the real server: a generated workspace of a few thousand files opened over stdio,
// checked by properties rather than hard-coded answers (every definition lands on the name it was asked
// about, references agree with definition, rename edits exactly the references), then changes on disk
// while the server runs, and the index cache (warm restart, corrupt file ignored).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Location, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver';
import { generateWorkspace } from '../../fixtures/generate';
import { spawnServer, type TestClient } from '../support/client';

const FILES = 3000;

function textAt(loc: Location): string {
  const lines = fs.readFileSync(fileURLToPath(loc.uri), 'utf8').split(/\r?\n/);
  const line = lines[loc.range.start.line] ?? '';
  return line.slice(loc.range.start.character, loc.range.end.character);
}

/** `use a.b.{X, Y}` lines of the workspace: (uri, position of each item). */
function importItems(
  root: string,
  limit: number,
): { uri: string; line: number; character: number; name: string }[] {
  const out: { uri: string; line: number; character: number; name: string }[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= limit) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.spl') && e.name !== '__init__.spl') {
        const lines = fs.readFileSync(p, 'utf8').split('\n');
        lines.forEach((text, line) => {
          const m = /^use [\w.]+\.\{(\w+)/.exec(text);
          if (m && out.length < limit)
            out.push({ uri: pathToFileURL(p).href, line, character: text.indexOf('{') + 1, name: m[1] });
        });
      }
    }
  };
  visit(path.join(root, 'src'));
  return out;
}

describe('workspace over stdio: a generated workspace (spawned server)', function () {
  this.timeout(120_000);
  let dir: string;
  let cache: string;
  let client: TestClient;
  const savedCache = process.env.SIMPLE_LSP_CACHE_DIR;

  const start = async (): Promise<TestClient> => {
    const c = spawnServer();
    await c.initialize({
      rootUri: pathToFileURL(dir).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    await c.logLine(/index ready/);
    return c;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-ws-proto-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-ws-cache-'));
    process.env.SIMPLE_LSP_CACHE_DIR = cache;
    generateWorkspace({ files: FILES }, dir);
    client = await start();
  });
  after(async () => {
    await client?.dispose();
    if (savedCache === undefined) delete process.env.SIMPLE_LSP_CACHE_DIR;
    else process.env.SIMPLE_LSP_CACHE_DIR = savedCache;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('indexes every file and logs it', () => {
    const line = /index ready: (\d+) files/.exec(client.logText);
    assert.ok(line, client.logText.slice(-2000));
    assert.ok(Number(line[1]) >= FILES * 0.95, `indexed ${line[1]} of about ${FILES} files`);
  });

  it('reports the workspace in simple/status', async () => {
    const status = await client.request<{ workspace: { state: string; files: number; symbols: number } }>(
      'simple/status',
    );
    assert.equal(status.workspace.state, 'ready');
    assert.ok(status.workspace.files >= FILES * 0.95);
    assert.ok(status.workspace.symbols > status.workspace.files);
  });

  it('answers definition on imported items with locations spelling that name', async () => {
    const items = importItems(dir, 60);
    assert.ok(items.length >= 40, `only ${items.length} import items found`);
    let resolved = 0;
    for (const item of items) {
      await client.open(item.uri, fs.readFileSync(fileURLToPath(item.uri), 'utf8'));
      const locs = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: item.uri },
        position: { line: item.line, character: item.character },
      });
      for (const loc of locs) assert.equal(textAt(loc), item.name, `${item.uri}:${item.line}`);
      if (locs.length > 0) resolved++;
    }
    assert.ok(resolved >= items.length * 0.9, `${resolved} of ${items.length} imports resolved`);
  });

  it('finds declarations with workspace/symbol, exact matches first', async () => {
    const item = importItems(dir, 1)[0];
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: item.name });
    assert.ok(found.length > 0);
    assert.equal(found[0].name, item.name);
    for (const s of found) assert.equal(textAt(s.location).replace(/^"(.*)"$/, '$1'), s.name);
  });

  it('gives references that all resolve back to the declaration, and rename edits exactly them', async () => {
    const item = importItems(dir, 5)[4];
    const position = { line: item.line, character: item.character };
    await client.open(item.uri, fs.readFileSync(fileURLToPath(item.uri), 'utf8'));
    const [decl] = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: item.uri },
      position,
    });
    assert.ok(decl);
    await client.open(decl.uri, fs.readFileSync(fileURLToPath(decl.uri), 'utf8'));
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: decl.uri },
      position: decl.range.start,
      context: { includeDeclaration: true },
    });
    assert.ok(refs.length >= 2, 'the declaration and at least the import we started from');
    assert.ok(refs.some((r) => r.uri === item.uri && r.range.start.line === item.line));
    for (const r of refs) {
      assert.equal(textAt(r), item.name);
      await client.open(r.uri, fs.readFileSync(fileURLToPath(r.uri), 'utf8'));
      const back = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: r.uri },
        position: r.range.start,
      });
      assert.ok(
        back.some((b) => b.uri === decl.uri && b.range.start.line === decl.range.start.line),
        `${r.uri}:${r.range.start.line} resolves elsewhere`,
      );
    }
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: decl.uri },
      position: decl.range.start,
      newName: `${item.name}_renamed`,
    });
    const edits = Object.entries(edit.changes ?? {}).flatMap(([uri, es]) =>
      es.map((e) => `${uri}:${e.range.start.line}:${e.range.start.character}`),
    );
    assert.deepEqual(
      edits.sort(),
      refs.map((r) => `${r.uri}:${r.range.start.line}:${r.range.start.character}`).sort(),
    );
  });

  it('follows files created, changed, renamed and deleted on disk while it runs', async () => {
    const file = path.join(dir, 'src', 'fresh_module.spl');
    const symbols = (q: string) => client.request<SymbolInformation[]>('workspace/symbol', { query: q });
    const until = async (check: () => Promise<boolean>): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail('the index did not follow the change within 10 s');
    };
    fs.writeFileSync(file, 'fn brand_new_function():\n    pass\n');
    await until(async () =>
      (await symbols('brand_new_function')).some((s) => s.name === 'brand_new_function'),
    );
    fs.writeFileSync(file, 'fn renamed_inside():\n    pass\n');
    await until(async () => (await symbols('renamed_inside')).some((s) => s.name === 'renamed_inside'));
    assert.ok(!(await symbols('brand_new_function')).some((s) => s.name === 'brand_new_function'));
    const moved = path.join(dir, 'src', 'moved_module.spl');
    fs.renameSync(file, moved);
    await until(async () =>
      (await symbols('renamed_inside')).some(
        (s) => s.name === 'renamed_inside' && s.location.uri.endsWith('moved_module.spl'),
      ),
    );
    assert.equal((await symbols('renamed_inside')).filter((s) => s.name === 'renamed_inside').length, 1);
    fs.rmSync(moved);
    await until(async () => !(await symbols('renamed_inside')).some((s) => s.name === 'renamed_inside'));
  });

  it('restarts from its cache, and ignores a corrupt cache', async () => {
    await client.stop();
    const files = fs.readdirSync(cache).filter((f) => f.endsWith('.bin'));
    assert.equal(files.length, 1, 'one cache file for the root');
    client = await start();
    const warm = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText);
    assert.ok(warm, client.logText.slice(-2000));
    assert.ok(Number(warm[2]) >= Number(warm[1]) - 5, `only ${warm[2]} of ${warm[1]} from cache`);
    await client.stop();
    const cacheFile = path.join(cache, files[0]);
    const bytes = fs.readFileSync(cacheFile);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(cacheFile, bytes);
    client = await start();
    assert.match(client.logText, /index cache: ignoring .*checksum mismatch/);
    const cold = /index ready: (\d+) files \((\d+) from cache, (\d+) parsed/.exec(client.logText);
    assert.ok(cold);
    assert.equal(Number(cold[2]), 0);
    assert.ok(Number(cold[3]) >= FILES * 0.95);
  });
});
