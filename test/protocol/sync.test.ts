import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, type DocumentSymbol } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { fixture, lineOf, uriOf } from '../support/fixtures';

const URI = uriOf('doc.spl');
const FAST = { initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } } };

function symbolNames(symbols: DocumentSymbol[] | null): string[] {
  return (symbols ?? []).map((s) => s.name);
}

describe('document sync and diagnostics (spawned server)', () => {
  let client: TestClient;
  beforeEach(() => {
    client = spawnServer();
  });
  afterEach(() => client.dispose());

  it('publishes an error on the broken line of a document opened with a syntax error', async () => {
    await client.initialize(FAST);
    const text = fixture('demo-mini/broken.spl');
    await client.open(URI, text, 1);
    const published = await client.diagnostics(URI, 1);
    const errors = published.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.ok(errors.length >= 1, JSON.stringify(published));
    const line = lineOf(text, 'fn broken(:');
    for (const d of errors) {
      assert.equal(d.range.start.line, line, JSON.stringify(d));
      assert.equal(d.source, 'simple');
      assert.equal(typeof d.code, 'string');
    }
  });

  it('publishes [] for a clean document', async () => {
    await client.initialize(FAST);
    await client.open(URI, fixture('demo-mini/counter.spl'), 1);
    assert.deepEqual((await client.diagnostics(URI, 1)).diagnostics, []);
  });

  it('applies incremental edits: fixing the error, then a Neovim-style append at (lastLine+1, 0)', async () => {
    await client.initialize(FAST);
    const text = fixture('demo-mini/broken.spl');
    await client.open(URI, text, 1);
    assert.ok((await client.diagnostics(URI, 1)).diagnostics.length >= 1);

    const line = lineOf(text, 'fn broken(:');
    // `fn broken(:` → `fn broken():` by inserting ')' after '('.
    const col = 'fn broken('.length;
    await client.change(URI, 2, [
      { range: { start: { line, character: col }, end: { line, character: col } }, text: ')' },
    ]);
    assert.deepEqual((await client.diagnostics(URI, 2)).diagnostics, []);

    // Neovim 0.7 replaces the final newline and re-adds it, ending at the empty last line (lastLine + 1, 0).
    const lines = text.split('\n');
    const last = lines.length - 2; // the last line with text; the file ends with '\n'
    const append = {
      range: { start: { line: last, character: lines[last].length }, end: { line: last + 1, character: 0 } },
      rangeLength: 1,
      text: '\n\nfn appended() -> i64:\n    3\n',
    };
    await client.change(URI, 3, [append]);
    assert.deepEqual((await client.diagnostics(URI, 3)).diagnostics, []);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    assert.deepEqual(symbolNames(symbols), ['fine', 'broken', 'also_fine', 'appended']);
    const appended = symbols.find((s) => s.name === 'appended');
    assert.equal(appended?.selectionRange.start.line, last + 2);
  });

  it('counts UTF-8 bytes in edits and diagnostics when utf-8 was negotiated', async () => {
    await client.initialize({
      ...FAST,
      capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } },
    });
    // `val s = "` is 9 bytes, 'é' 2 and '😀' 4: the closing quote ends at byte 16 (13 UTF-16 units).
    await client.open(URI, 'val s = "é😀"\nfn f():\n    1\n', 1);
    assert.deepEqual((await client.diagnostics(URI, 1)).diagnostics, []);
    const at = (character: number) => ({ line: 0, character });
    await client.change(URI, 2, [{ range: { start: at(16), end: at(16) }, text: ' + (' }]);
    const unclosed = (await client.diagnostics(URI, 2)).diagnostics.find(
      (d) => d.code === 'unclosed-bracket',
    );
    assert.deepEqual(unclosed?.range, { start: at(19), end: at(20) }, 'the ( is at byte 19');
    // Delete the emoji (bytes 11..15): the '(' moves to byte 15.
    await client.change(URI, 3, [{ range: { start: at(11), end: at(15) }, text: '' }]);
    const moved = (await client.diagnostics(URI, 3)).diagnostics.find((d) => d.code === 'unclosed-bracket');
    assert.deepEqual(moved?.range, { start: at(15), end: at(16) });
  });

  it('counts UTF-16 units in the same edits when utf-16 was negotiated', async () => {
    await client.initialize(FAST);
    await client.open(URI, 'val s = "é😀"\nfn f():\n    1\n', 1);
    const at = (character: number) => ({ line: 0, character });
    await client.change(URI, 2, [{ range: { start: at(13), end: at(13) }, text: ' + (' }]);
    const unclosed = (await client.diagnostics(URI, 2)).diagnostics.find(
      (d) => d.code === 'unclosed-bracket',
    );
    assert.deepEqual(unclosed?.range, { start: at(16), end: at(17) });
  });

  it('clears diagnostics when the document closes', async () => {
    await client.initialize(FAST);
    await client.open(URI, 'fn broken(:\n', 1);
    assert.ok((await client.diagnostics(URI, 1)).diagnostics.length >= 1);
    const cleared = client.nextDiagnostics(URI);
    await client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    const p = await cleared;
    assert.deepEqual(p.diagnostics, []);
    assert.equal(p.version, undefined);
  });

  it('debounces: a burst of edits publishes only the last version (debounce set by didChangeConfiguration)', async () => {
    await client.initialize(FAST);
    await client.open(URI, 'fn f():\n    1\n', 1);
    await client.diagnostics(URI, 1);
    await client.notify('workspace/didChangeConfiguration', {
      settings: { simple: { diagnostics: { debounceMs: 400 } } },
    });
    await client.batch(() => {
      for (let v = 2; v <= 5; v++)
        void client.change(URI, v, [{ text: v === 5 ? 'fn broken(:\n' : `fn f${v}():\n    1\n` }]);
    });
    const published = await client.diagnostics(URI, 5);
    assert.ok(published.diagnostics.length >= 1);
    assert.deepEqual(
      client.publishedFor(URI).map((p) => p.version),
      [1, 5],
    );
  });
});
