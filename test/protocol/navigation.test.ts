// Same-file navigation over the real server: definition, declaration and document highlights, in
// UTF-16 and UTF-8 positions (the line with non-ASCII text checks the column conversion).
import * as assert from 'node:assert/strict';
import {
  type DocumentHighlight,
  DocumentHighlightKind,
  type Hover,
  type Location,
} from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { fixture, lineOf, uriOf } from '../support/fixtures';

const URI = uriOf('counter.spl');
const TEXT =
  fixture('demo-mini/counter.spl') +
  '\nfn greet(näme: text) -> text:\n    "héllo {näme}"\n' +
  '\nfn wörds(s: text) -> i64:\n    val parts = s.split(",")\n    parts.len()\n' +
  '\nfn fresh() -> Counter?:\n    val made = Counter(value: 0)\n    made\n';

/** The position of the `nth` occurrence of `needle` on the line containing `lineText`. */
function at(lineText: string, needle: string, encoding: 'utf-16' | 'utf-8', nth = 0) {
  const line = lineOf(TEXT, lineText);
  const content = TEXT.split('\n')[line];
  let col = -1;
  for (let i = 0; i <= nth; i++) col = content.indexOf(needle, col + 1);
  assert.ok(col >= 0, `${needle} not on line ${line}`);
  const character = encoding === 'utf-8' ? Buffer.byteLength(content.slice(0, col)) : col;
  return { line, character };
}

for (const encoding of ['utf-16', 'utf-8'] as const) {
  describe(`same-file navigation, ${encoding} (spawned server)`, () => {
    let client: TestClient;
    before(async () => {
      client = spawnServer();
      const init = await client.initialize({ capabilities: { general: { positionEncodings: [encoding] } } });
      assert.equal(init.capabilities.definitionProvider, true);
      assert.equal(init.capabilities.documentHighlightProvider, true);
      assert.equal(init.capabilities.hoverProvider, true);
      await client.open(URI, TEXT, 1);
    });
    after(() => client.dispose());

    const definition = (position: { line: number; character: number }, method = 'textDocument/definition') =>
      client.request<Location[] | null>(method, { textDocument: { uri: URI }, position });

    it('goes from a use of a parameter to the parameter', async () => {
      const locs = await definition(at('    a + b', 'b', encoding));
      assert.deepEqual(locs, [
        {
          uri: URI,
          range: {
            start: at('fn add(', 'b', encoding),
            end: { ...at('fn add(', 'b', encoding), character: at('fn add(', 'b', encoding).character + 1 },
          },
        },
      ]);
    });

    it('goes from self.value to the field, and answers declaration the same way', async () => {
      const use = at('self.value = self.value + by', 'value', encoding, 1);
      const field = at('    value: i64', 'value', encoding);
      for (const method of ['textDocument/definition', 'textDocument/declaration']) {
        const locs = await definition(use, method);
        assert.equal(locs?.length, 1);
        assert.deepEqual(locs![0].range.start, field);
      }
    });

    it('resolves a name inside a string interpolation, past non-ASCII text', async () => {
      const locs = await definition(at('"héllo {näme}"', 'näme', encoding));
      assert.equal(locs?.length, 1);
      assert.deepEqual(locs![0].range.start, at('fn greet(', 'näme', encoding));
    });

    it('answers [] for a name it cannot resolve, and null for a document that is not open', async () => {
      assert.deepEqual(await definition(at('expect(add(1, 2))', 'to_equal', encoding)), []);
      const closed = await client.request('textDocument/definition', {
        textDocument: { uri: uriOf('nowhere.spl') },
        position: { line: 0, character: 0 },
      });
      assert.equal(closed, null);
    });

    it('highlights the declaration as a write and the uses as reads', async () => {
      const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', {
        textDocument: { uri: URI },
        position: at('    a + b', 'a', encoding),
      });
      assert.deepEqual(
        highlights.map((h) => [h.range.start.line, h.kind]),
        [
          [lineOf(TEXT, 'fn add('), DocumentHighlightKind.Write],
          [lineOf(TEXT, '    a + b'), DocumentHighlightKind.Read],
        ],
      );
    });

    it('hovers a call with the signature as a Simple code block, over the hovered name', async () => {
      const position = at('expect(add(1, 2))', 'add', encoding);
      const h = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position,
      });
      assert.ok(h);
      assert.deepEqual(h.contents, {
        kind: 'markdown',
        value: '```simple\nfn add(a: i64, b: i64) -> i64\n```',
      });
      assert.deepEqual(h.range, { start: position, end: { ...position, character: position.character + 3 } });
      const none = await client.request('textDocument/hover', {
        textDocument: { uri: URI },
        position: at('expect(add(1, 2))', 'to_equal', encoding),
      });
      assert.equal(none, null);
    });

    it('finds references and renames without workspace roots (a one-file workspace)', async () => {
      const use = at('    a + b', 'b', encoding);
      const param = at('fn add(', 'b', encoding);
      const span = (p: { line: number; character: number }) => ({
        start: p,
        end: { ...p, character: p.character + 1 },
      });
      const refs = await client.request<Location[] | null>('textDocument/references', {
        textDocument: { uri: URI },
        position: use,
        context: { includeDeclaration: true },
      });
      assert.deepEqual(
        refs?.map((l) => l.range),
        [span(param), span(use)],
      );
      const prepared = await client.request<{ range: unknown; placeholder: string } | null>(
        'textDocument/prepareRename',
        { textDocument: { uri: URI }, position: use },
      );
      assert.deepEqual(prepared, { range: span(use), placeholder: 'b' });
      const edit = await client.request<{ changes: Record<string, { range: unknown; newText: string }[]> }>(
        'textDocument/rename',
        { textDocument: { uri: URI }, position: use, newName: 'rhs' },
      );
      assert.deepEqual(Object.keys(edit.changes), [URI]);
      assert.deepEqual(
        edit.changes[URI].map((e) => [e.range, e.newText]),
        [
          [span(param), 'rhs'],
          [span(use), 'rhs'],
        ],
      );
    });

    it('navigates an untitled document the same way', async () => {
      const untitled = 'untitled:Untitled-1';
      await client.open(untitled, 'fn twice(n: i64) -> i64:\n    n + n\n', 1);
      const refs = await client.request<Location[] | null>('textDocument/references', {
        textDocument: { uri: untitled },
        position: { line: 1, character: 4 },
        context: { includeDeclaration: true },
      });
      assert.deepEqual(
        refs?.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
        [
          [untitled, 0, 9],
          [untitled, 1, 4],
          [untitled, 1, 8],
        ],
      );
      const defs = await client.request<Location[] | null>('textDocument/definition', {
        textDocument: { uri: untitled },
        position: { line: 1, character: 8 },
      });
      assert.deepEqual(defs, [
        {
          uri: untitled,
          range: { start: { line: 0, character: 9 }, end: { line: 0, character: 10 } },
        },
      ]);
    });

    it('hovers a local with its inferred type, and a core type method with its signature there', async () => {
      const local = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: at('    parts.len()', 'parts', encoding),
      });
      assert.ok(local && typeof local.contents === 'object' && 'value' in local.contents);
      assert.match(local.contents.value, /Type: `\[text\]`/);
      const position = at('val parts = s.split', 'split', encoding);
      const method = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position,
      });
      assert.ok(method);
      assert.deepEqual(method.contents, {
        kind: 'markdown',
        value: '```simple\nfn split(sep: text) -> [text]\n```\n\n*text*',
      });
      assert.deepEqual(method.range, {
        start: position,
        end: { ...position, character: position.character + 5 },
      });
    });

    it('goes to the type definition of an inferred local, and of a call returning an optional', async () => {
      const counter = at('class Counter:', 'Counter', encoding);
      const target = [
        { uri: URI, range: { start: counter, end: { ...counter, character: counter.character + 7 } } },
      ];
      assert.deepEqual(
        await definition(at('    made', 'made', encoding, 0), 'textDocument/typeDefinition'),
        target,
      );
      assert.deepEqual(
        await definition(at('val made = Counter', 'made', encoding), 'textDocument/typeDefinition'),
        target,
      );
      assert.deepEqual(
        await definition(at('    parts.len()', 'parts', encoding), 'textDocument/typeDefinition'),
        [],
      );
    });

    it('rejects a request without a position as invalid params', async () => {
      await assert.rejects(
        client.request('textDocument/definition', { textDocument: { uri: URI } }),
        /position/,
      );
    });
  });
}
