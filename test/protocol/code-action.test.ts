// Code actions over the real server, in a workspace on disk: the quick fix for an unused import is sent with
// the published diagnostic, and applying its edit makes the diagnostic go away; importing a missing name
// from another file; `context.only` selects organize imports; a document that is not open answers null.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';

const GEO = 'class Point:\n    x: i64\n\nfn origin() -> Point:\n    Point(x: 0)\n';
const MAIN = 'use geo.{origin, Point}\n\nfn main():\n    val p = origin()\n    shout(p)\n';

/** Applies LSP edits (non-overlapping) to a text with '\n' line ends. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('code actions in a workspace (spawned server)', () => {
  let dir: string;
  let client: TestClient;
  let uri: string;
  let text = MAIN;
  let version = 1;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-actions-'));
    fs.mkdirSync(path.join(dir, 'src/app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/geo.spl'), GEO);
    fs.writeFileSync(path.join(dir, 'src/util.spl'), 'fn shout(x: any):\n    pass\n');
    const main = path.join(dir, 'src/app/main.spl');
    fs.writeFileSync(main, MAIN);
    uri = pathToFileURL(main).href;
    client = spawnServer();
    const init = await client.initialize({
      rootUri: pathToFileURL(dir).href,
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    });
    assert.deepEqual(init.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.organizeImports'],
    });
    await client.logLine(/index ready/);
    await client.open(uri, text, version);
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const actionsAt = (range: Diagnostic['range'], diagnostics: Diagnostic[] = [], only?: string[]) =>
    client.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: only ? { diagnostics, only } : { diagnostics },
    });

  /** Applies an action's edit as the editor would, and returns the diagnostics of the new version. */
  async function applyAction(action: CodeAction): Promise<Diagnostic[]> {
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits, `'${action.title}' edits the document`);
    text = apply(text, edits);
    version++;
    await client.change(uri, version, [{ text }]);
    return (await client.diagnostics(uri, version)).diagnostics;
  }

  it('removes an unused import: the action answers the published diagnostic, which then goes away', async () => {
    const published = await client.diagnostics(uri, 1);
    const unused = published.diagnostics.filter((d) => d.code === 'unused-import');
    assert.deepEqual(
      unused.map((d) => d.message),
      ["'Point' is imported but never used"],
    );
    const actions = (await actionsAt(unused[0].range, unused)) ?? [];
    const fix = actions.find((a) => a.title === "Remove unused import 'Point'");
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, unused);
    const after = await applyAction(fix);
    assert.equal(text, 'use geo.{origin}\n\nfn main():\n    val p = origin()\n    shout(p)\n');
    assert.deepEqual(
      after.filter((d) => d.code === 'unused-import'),
      [],
    );
  });

  it('imports a name another file declares, with a use line the server then resolves', async () => {
    const actions =
      (await actionsAt({ start: { line: 4, character: 5 }, end: { line: 4, character: 5 } })) ?? [];
    const fix = actions.find((a) => a.title === "Import 'shout' from util");
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
    const after = await applyAction(fix);
    assert.equal(
      text,
      'use geo.{origin}\nuse util.{shout}\n\nfn main():\n    val p = origin()\n    shout(p)\n',
    );
    assert.deepEqual(after, []);
    const again =
      (await actionsAt({ start: { line: 5, character: 5 }, end: { line: 5, character: 5 } })) ?? [];
    assert.deepEqual(
      again.filter((a) => a.kind === 'quickfix'),
      [],
    );
  });

  it('context.only selects organize imports', async () => {
    text = 'use geo.{origin, Point, origin}\n\nfn main(p: Point):\n    origin()\n';
    version++;
    await client.change(uri, version, [{ text }]);
    const range = { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } };
    const actions = (await actionsAt(range, [], ['source'])) ?? [];
    assert.deepEqual(
      actions.map((a) => [a.kind, a.title]),
      [['source.organizeImports', 'Organize imports']],
    );
    await applyAction(actions[0]);
    assert.equal(text, 'use geo.{Point, origin}\n\nfn main(p: Point):\n    origin()\n');
    assert.deepEqual(await actionsAt(range, [], ['quickfix']), []);
  });

  it('answers null for a document that is not open, InvalidParams without a range', async () => {
    const other = pathToFileURL(path.join(dir, 'src/geo.spl')).href;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.equal(
      await client.request('textDocument/codeAction', { textDocument: { uri: other }, range, context: {} }),
      null,
    );
    await assert.rejects(
      client.request('textDocument/codeAction', { textDocument: { uri }, context: {} }),
      /params\.range/,
    );
  });
});

describe('code actions for a client that applies documentChanges (spawned server, no workspace)', () => {
  let client: TestClient;
  const uri = 'file:///nowhere/main.spl';
  const text = 'use util.{alpha, beta}\n\nfn main():\n    beta()\n    val count = 1\n    coutn + 1\n';

  before(async () => {
    client = spawnServer();
    await client.initialize({
      capabilities: { workspace: { workspaceEdit: { documentChanges: true } } },
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    });
    await client.open(uri, text, 7);
  });
  after(() => client.dispose());

  it('ties the edit to the document version it was computed on', async () => {
    const range = { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } };
    const actions =
      (await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: [] },
      })) ?? [];
    const fix = actions.find((a) => a.title === "Remove unused import 'alpha'");
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(fix.edit, {
      documentChanges: [
        {
          textDocument: { uri, version: 7 },
          edits: [
            { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 17 } }, newText: '' },
          ],
        },
      ],
    });
  });

  it('fixes a misspelling from the file alone when there is no workspace', async () => {
    const range = { start: { line: 5, character: 6 }, end: { line: 5, character: 6 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.documentChanges]),
      [
        [
          "Change 'coutn' to 'count'",
          [
            {
              textDocument: { uri, version: 7 },
              edits: [
                {
                  range: { start: { line: 5, character: 4 }, end: { line: 5, character: 9 } },
                  newText: 'count',
                },
              ],
            },
          ],
        ],
      ],
    );
  });
});
