import * as assert from 'node:assert/strict';
import {
  type DocumentSymbol,
  type FoldingRange,
  type Range,
  type SelectionRange,
  SymbolKind,
} from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { fixture, lineOf, uriOf } from '../support/fixtures';

const URI = uriOf('counter.spl');
const TEXT = fixture('demo-mini/counter.spl');

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function byName(symbols: DocumentSymbol[] | undefined, name: string): DocumentSymbol {
  const s = (symbols ?? []).find((x) => x.name === name);
  assert.ok(s, `no symbol ${name} among ${JSON.stringify((symbols ?? []).map((x) => x.name))}`);
  return s;
}

/** Every child lies inside its parent, every selectionRange inside its range. */
function checkNesting(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    assert.ok(contains(s.range, s.selectionRange), `${s.name}: selectionRange outside range`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name} outside ${parent.name}`);
    checkNesting(s.children ?? [], s);
  }
}

describe('document features (spawned server)', () => {
  let client: TestClient;
  before(async () => {
    client = spawnServer();
    await client.initialize();
    await client.open(URI, TEXT, 1);
  });
  after(() => client.dispose());

  const symbols = () =>
    client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });

  it('lists a class with its field and methods, with signatures as detail', async () => {
    const counter = byName(await symbols(), 'Counter');
    assert.equal(counter.kind, SymbolKind.Class);
    assert.equal(counter.selectionRange.start.line, lineOf(TEXT, 'class Counter'));
    assert.deepEqual(
      (counter.children ?? []).map((c) => [c.name, c.kind]),
      [
        ['value', SymbolKind.Field],
        ['get', SymbolKind.Method],
        ['bump', SymbolKind.Method],
      ],
    );
    assert.equal(byName(counter.children, 'get').detail, 'fn get() -> i64');
    assert.equal(
      byName(counter.children, 'bump').range.end.line,
      lineOf(TEXT, 'self.value = self.value + by'),
    );
  });

  it('lists an enum with its variants and a function with its signature', async () => {
    const all = await symbols();
    const color = byName(all, 'Color');
    assert.equal(color.kind, SymbolKind.Enum);
    assert.deepEqual(
      (color.children ?? []).map((c) => [c.name, c.kind]),
      [
        ['Red', SymbolKind.EnumMember],
        ['Green', SymbolKind.EnumMember],
      ],
    );
    const add = byName(all, 'add');
    assert.equal(add.kind, SymbolKind.Function);
    assert.equal(add.detail, 'fn add(a: i64, b: i64) -> i64');
  });

  it('lists describe / it blocks as a suite holding a case', async () => {
    const suite = (await symbols()).find((s) => s.kind === SymbolKind.Namespace);
    assert.ok(suite, 'no test suite symbol');
    assert.match(suite.name, /Counter/);
    assert.equal(suite.range.start.line, lineOf(TEXT, 'describe "Counter"'));
    assert.equal(suite.children?.length, 1);
    assert.match(suite.children[0].name, /bumps/);
    assert.equal(suite.children[0].range.start.line, lineOf(TEXT, 'it "bumps"'));
  });

  it('keeps the symbol tree properly nested', async () => {
    checkNesting(await symbols());
  });

  it('folds the class, the enum, the function and the describe block by line', async () => {
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: URI },
    });
    for (const f of folds) assert.ok(f.endLine > f.startLine, JSON.stringify(f));
    const starts = new Set(folds.map((f) => f.startLine));
    assert.equal(starts.size, folds.length, 'one fold per start line');
    const fold = (needle: string) => folds.find((f) => f.startLine === lineOf(TEXT, needle));
    assert.equal(fold('class Counter')?.endLine, lineOf(TEXT, 'self.value = self.value + by'));
    assert.equal(fold('enum Color')?.endLine, lineOf(TEXT, 'Green'));
    assert.equal(fold('fn add')?.endLine, lineOf(TEXT, 'a + b'));
    assert.equal(fold('describe "Counter"')?.endLine, lineOf(TEXT, 'expect(add(1, 2))'));
  });

  it('grows selections from the cursor out to the declaration', async () => {
    const line = lineOf(TEXT, '    a + b');
    const position = { line, character: 8 }; // on `b`
    const [chain] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: URI },
      positions: [position],
    });
    const ranges: Range[] = [];
    for (let r: SelectionRange | undefined = chain; r; r = r.parent) ranges.push(r.range);
    assert.ok(ranges.length >= 3, JSON.stringify(ranges));
    assert.ok(contains(ranges[0], { start: position, end: position }));
    for (let i = 1; i < ranges.length; i++) {
      assert.ok(contains(ranges[i], ranges[i - 1]), `level ${i} does not contain level ${i - 1}`);
      assert.notDeepEqual(ranges[i], ranges[i - 1]);
    }
    const add = byName(await symbols(), 'add');
    assert.ok(
      ranges.some((r) => r.start.line === add.range.start.line && r.end.line === add.range.end.line),
      'some level covers the whole `fn add` declaration',
    );
  });

  it('answers one selection chain per position, clamping positions past the end', async () => {
    const result = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: URI },
      positions: [
        { line: 0, character: 0 },
        { line: 999, character: 999 },
        { line: 2, character: 500 },
      ],
    });
    assert.equal(result.length, 3);
    const lastLine = TEXT.split('\n').length - 1;
    for (const r of result) assert.ok(r.range.end.line <= lastLine);
  });

  it('answers null for a document that is not open', async () => {
    const textDocument = { uri: uriOf('never-opened.spl') };
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument }), null);
    assert.equal(await client.request('textDocument/foldingRange', { textDocument }), null);
    const positions = [{ line: 0, character: 0 }];
    assert.equal(await client.request('textDocument/selectionRange', { textDocument, positions }), null);
  });
});
