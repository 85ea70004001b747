// Completion over the real server, as an editor asks while the user types: the document is broken at each
// step (a dangling `.`, an unfinished name), in a workspace on disk (members of types from other files,
// auto-import with its `use` edit, documentation on resolve) and in a session without a workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  InsertTextFormat,
  type TextEdit,
} from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { uriOf } from '../support/fixtures';

const GEO = `class Point:
    """A point on the plane."""
    x: i64
    y: i64

    fn length() -> i64:
        """Manhattan length."""
        self.x + self.y

@deprecated
fn old_distance(a: Point, b: Point) -> i64:
    0
`;
const HEAD = 'use util.{shout}\n\nfn main(count: i64):\n    ';
const WITH_POINT = 'use geo.{Point}\n\nfn main(count: i64):\n    ';
const TAIL = '\n\nfn later():\n    pass\n';

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

describe('completion in a workspace (spawned server)', () => {
  let dir: string;
  let client: TestClient;
  let uri: string;
  let version = 1;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-complete-'));
    fs.mkdirSync(path.join(dir, 'src/app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/geo.spl'), GEO);
    fs.writeFileSync(path.join(dir, 'src/util.spl'), 'fn shout(x: text) -> text:\n    x\n');
    const main = path.join(dir, 'src/app/main.spl');
    fs.writeFileSync(main, HEAD + 'pass' + TAIL);
    uri = pathToFileURL(main).href;
    client = spawnServer();
    const init = await client.initialize({
      rootUri: pathToFileURL(dir).href,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
    });
    assert.deepEqual(init.capabilities.completionProvider, {
      triggerCharacters: ['.'],
      resolveProvider: true,
    });
    await client.logLine(/index ready/);
    await client.open(uri, HEAD + 'pass' + TAIL, version);
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Replaces the line being typed with `typed` and asks for completion at its end. */
  async function type(typed: string, head = HEAD): Promise<{ list: CompletionList; text: string }> {
    const text = head + typed + TAIL;
    await client.change(uri, ++version, [{ text }]);
    const before = (head + typed).split('\n');
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    return { list, text };
  }

  const find = (list: CompletionList, label: string): CompletionItem | undefined =>
    list.items.find((i) => i.label === label);

  it('offers members of a type declared in another file after a dangling dot', async () => {
    const { list } = await type('val p = Point(x: 1, y: 2)\n    p.', WITH_POINT);
    const x = find(list, 'x');
    assert.equal(x?.kind, CompletionItemKind.Field);
    assert.equal(x?.detail, 'x: i64');
    assert.equal(find(list, 'length')?.kind, CompletionItemKind.Method);
    assert.equal(find(list, 'count'), undefined, 'no plain names after a dot');
  });

  it('resolves an item to its docstring and module', async () => {
    const { list } = await type('val p = Point(x: 1, y: 2)\n    p.le', WITH_POINT);
    const item = find(list, 'length');
    assert.ok(item?.data, 'the item carries data for resolve');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', item);
    assert.equal(resolved.detail, 'fn length() -> i64');
    assert.deepEqual(resolved.documentation, {
      kind: 'markdown',
      value: 'Manhattan length.\n\n*Point in geo*',
    });
  });

  it('auto-imports a type not yet imported by extending the file with a use line', async () => {
    const { list, text } = await type('val p = Poi');
    assert.equal(list.isIncomplete, true);
    const item = find(list, 'Point');
    assert.ok(item, 'Point is offered');
    assert.equal(item.kind, CompletionItemKind.Class);
    assert.deepEqual(item.labelDetails, { description: 'geo' });
    const edited = apply(text, [item.textEdit as TextEdit, ...(item.additionalTextEdits ?? [])]);
    assert.equal(
      edited,
      'use util.{shout}\nuse geo.{Point}\n\nfn main(count: i64):\n    val p = Point' + TAIL,
    );
  });

  it('marks deprecated declarations, ranks parameters first, and offers snippets', async () => {
    const { list } = await type('o');
    assert.deepEqual(find(list, 'old_distance')?.tags, [CompletionItemTag.Deprecated]);
    const { list: names } = await type('c');
    const count = find(names, 'count');
    assert.equal(count?.kind, CompletionItemKind.Variable);
    for (const other of names.items.filter((i) => i.label !== 'count'))
      assert.ok(other.sortText! > count!.sortText!, `${other.label} sorts after the parameter`);
    const fn = names.items.find((i) => i.label === 'for' && i.kind === CompletionItemKind.Snippet);
    assert.equal(fn?.insertTextFormat, InsertTextFormat.Snippet);
  });

  it('ranks what fits the expected type first, sinks what does not, and leaves other lists as they were', async () => {
    const body = 'val p = Point(x: 1, y: 2)\n    val word = "a"\n    val mystery = unknown_call()\n    ';
    const { list } = await type(body + 'val q: Point = ', WITH_POINT);
    const sort = (label: string) => find(list, label)?.sortText ?? '';
    assert.equal(find(list, 'p')?.detail, 'p: Point', 'the type in the detail');
    assert.match(sort('p'), /^0/, 'a local of the expected type fits');
    assert.match(sort('Point'), /^0/, 'the expected type constructs one');
    assert.match(sort('mystery'), /^1/, 'unknown stays neutral');
    assert.match(sort('word'), /^2/, 'another type sinks');
    assert.match(sort('count'), /^2/);
    const ordered = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.ok(ordered.indexOf('p') < ordered.indexOf('mystery'));
    assert.ok(ordered.indexOf('mystery') < ordered.indexOf('word'), 'sunk, not hidden');
    const { list: plain } = await type(body + 'val q = ', WITH_POINT);
    assert.equal(find(plain, 'count')?.sortText, '0count', 'no expected type: the usual rank and label');
    assert.equal(find(plain, 'true')?.sortText, '4true');
  });

  it('lists module path segments on a use line being typed', async () => {
    await client.change(uri, ++version, [{ text: 'use ge\n' + TAIL }]);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 6 },
    });
    const geo = find(list, 'geo');
    assert.equal(geo?.kind, CompletionItemKind.Module);
    assert.deepEqual(geo?.textEdit, {
      range: { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } },
      newText: 'geo',
    });
  });
});

describe('completion without a workspace (spawned server)', () => {
  let client: TestClient;
  const uri = uriOf('single.spl');
  before(async () => {
    client = spawnServer();
    await client.initialize();
  });
  after(() => client.dispose());

  it('offers the file’s own names and members, and no snippets to a client without snippet support', async () => {
    const text = 'enum Color:\n    Red\n    Green\n\nfn f(cölor: Color):\n    Color.\n';
    await client.open(uri, text, 1);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 5, character: 10 },
    });
    assert.deepEqual(list.items.map((i) => i.label).sort(), ['Green', 'Red']);
    await client.change(uri, 2, [{ text: 'enum Color:\n    Red\n\nfn f(cölor: Color):\n    cö\n' }]);
    const names = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 6 },
    });
    const param = names.items.find((i) => i.label === 'cölor');
    assert.ok(param, 'the parameter with a non-ASCII name is offered');
    assert.deepEqual(param.textEdit, {
      range: { start: { line: 4, character: 4 }, end: { line: 4, character: 6 } },
      newText: 'cölor',
    });
    assert.equal(
      names.items.some((i) => i.kind === CompletionItemKind.Snippet),
      false,
    );
    const resolved = await client.request<CompletionItem>('completionItem/resolve', param);
    assert.equal(resolved.detail, 'cölor: Color');
  });

  it('answers null for a document that is not open, and an empty list inside a string', async () => {
    assert.equal(
      await client.request('textDocument/completion', {
        textDocument: { uri: uriOf('nowhere.spl') },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    await client.change(uri, 3, [{ text: 'val s = "abc"\n' }]);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 11 },
    });
    assert.deepEqual(list, { isIncomplete: false, items: [] });
  });
});

describe('diagnostics beyond syntax (spawned server)', () => {
  let client: TestClient;
  const uri = uriOf('lint.spl');
  before(async () => {
    client = spawnServer();
    await client.initialize({ initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } } });
  });
  after(() => client.dispose());

  it('publishes unused imports as unnecessary hints, duplicates as errors, deprecated uses tagged', async () => {
    const text =
      'use lib.{used, unused}\n\n@deprecated\nfn old(): pass\n\nfn f(a: i64, a: i64):\n    used(old())\n';
    await client.open(uri, text, 1);
    const published = await client.diagnostics(uri, 1);
    const shown = published.diagnostics.map((d) => ({
      line: d.range.start.line,
      character: d.range.start.character,
      code: d.code,
      severity: d.severity,
      tags: d.tags,
    }));
    assert.deepEqual(shown, [
      { line: 0, character: 15, code: 'unused-import', severity: 4, tags: [1] },
      { line: 5, character: 13, code: 'duplicate-declaration', severity: 1, tags: undefined },
      { line: 6, character: 9, code: 'deprecated', severity: 4, tags: [2] },
    ]);
  });
});
