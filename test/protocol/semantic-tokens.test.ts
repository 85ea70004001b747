// Semantic tokens over the real server: full, delta across an edit, range, in UTF-16 and UTF-8 positions, and
// a legend that editors understand without a theme mapping of ours.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type SemanticTokens,
  type SemanticTokensDelta,
  type SemanticTokensLegend,
  SemanticTokenModifiers,
  SemanticTokenTypes,
} from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { REPO_ROOT } from '../support/fixture-files';
import { fixture, lineOf, uriOf } from '../support/fixtures';

const URI = uriOf('tokens.spl');
const TEXT =
  fixture('demo-mini/counter.spl') +
  '\nfn greet(näme: text) -> text:\n    """Greets.\n    Twice."""\n    "héllo {näme}"\n';

interface Decoded {
  line: number;
  char: number;
  length: number;
  type: string;
  modifiers: string[];
}

function decode(data: number[], legend: SemanticTokensLegend): Decoded[] {
  const out: Decoded[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => (data[i + 4] & (1 << bit)) !== 0);
    out.push({ line, char, length: data[i + 2], type: legend.tokenTypes[data[i + 3]], modifiers });
  }
  return out;
}

/** The LSP rule for applying delta edits: splice the integer array, edits in order. */
function applyEdits(data: number[], delta: SemanticTokensDelta): number[] {
  const out = data.slice();
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start))
    out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

for (const encoding of ['utf-16', 'utf-8'] as const) {
  describe(`semantic tokens, ${encoding} (spawned server)`, () => {
    let client: TestClient;
    let legend: SemanticTokensLegend;
    before(async () => {
      client = spawnServer();
      const init = await client.initialize({ capabilities: { general: { positionEncodings: [encoding] } } });
      const provider = init.capabilities.semanticTokensProvider;
      assert.ok(provider, 'semanticTokensProvider advertised');
      assert.deepEqual(provider.full, { delta: true });
      assert.equal(provider.range, true);
      legend = provider.legend;
      await client.open(URI, TEXT, 1);
    });
    after(() => client.dispose());

    const full = () =>
      client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    const find = (tokens: Decoded[], lineText: string, needle: string, text = TEXT) => {
      const line = lineOf(text, lineText);
      const content = text.split('\n')[line];
      const col = content.indexOf(needle);
      const char = encoding === 'utf-8' ? Buffer.byteLength(content.slice(0, col)) : col;
      const t = tokens.find((x) => x.line === line && x.char === char);
      assert.ok(t, `no token at ${needle} on line ${line}`);
      return t;
    };

    it('uses only standard LSP token types and modifiers, or ones the VS Code extension declares', () => {
      // VS Code themes colour standard types and modifiers themselves; anything else needs a
      // contributes.semanticTokenTypes/Modifiers entry (and a semanticTokenScopes mapping) in client-vscode.
      const manifest = JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, 'client-vscode', 'package.json'), 'utf8'),
      );
      const declared = (key: string): string[] =>
        ((manifest.contributes?.[key] ?? []) as { id: string }[]).map((x) => x.id);
      const types = new Set<string>([
        ...Object.values(SemanticTokenTypes),
        ...declared('semanticTokenTypes'),
      ]);
      const modifiers = new Set<string>([
        ...Object.values(SemanticTokenModifiers),
        ...declared('semanticTokenModifiers'),
      ]);
      for (const t of legend.tokenTypes) assert.ok(types.has(t), `custom token type ${t}`);
      for (const m of legend.tokenModifiers) assert.ok(modifiers.has(m), `custom modifier ${m}`);
      assert.equal(new Set(legend.tokenTypes).size, legend.tokenTypes.length);
    });

    it('classifies declarations and uses by what they are', async () => {
      const tokens = decode((await full()).data, legend);
      const counter = find(tokens, 'class Counter', 'Counter');
      assert.deepEqual([counter.type, counter.modifiers], ['class', ['declaration']]);
      const field = find(tokens, 'self.value = self.value + by', 'value');
      assert.deepEqual([field.type, field.length], ['property', 5]);
      assert.equal(find(tokens, 'self.value = self.value + by', 'by').type, 'parameter');
      assert.equal(find(tokens, 'expect(add(1, 2))', 'add').type, 'function');
      assert.equal(find(tokens, '    Red', 'Red').type, 'enumMember');
      const std = find(tokens, 'use std.spec', 'std');
      assert.deepEqual([std.type, std.modifiers], ['namespace', ['defaultLibrary']]);
    });

    it('counts columns and lengths in the negotiated encoding, past non-ASCII text', async () => {
      const tokens = decode((await full()).data, legend);
      const use = find(tokens, '"héllo {näme}"', 'näme');
      assert.equal(use.type, 'parameter');
      assert.equal(use.length, encoding === 'utf-8' ? 5 : 4);
      const literal = find(tokens, '"héllo {näme}"', '"héllo');
      assert.equal(literal.type, 'string');
      assert.equal(literal.length, encoding === 'utf-8' ? 8 : 7); // `"héllo ` up to the `{`
    });

    it('splits a multi-line docstring into one token per line, marked as documentation', async () => {
      const tokens = decode((await full()).data, legend);
      const first = find(tokens, '"""Greets.', '"""');
      const second = find(tokens, 'Twice."""', '    Twice');
      for (const t of [first, second]) assert.deepEqual([t.type, t.modifiers], ['string', ['documentation']]);
      assert.equal(second.char, 0);
      assert.equal(second.length, '    Twice."""'.length);
    });

    it('answers a delta against the previous result that turns it into the new full result', async () => {
      const before = await full();
      assert.ok(before.resultId);
      const line = lineOf(TEXT, 'fn add(a: i64');
      await client.change(URI, 2, [
        { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'val LIMIT = 10\n' },
      ]);
      const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', {
        textDocument: { uri: URI },
        previousResultId: before.resultId,
      });
      assert.ok(Array.isArray(delta.edits), 'a delta, not a full result');
      assert.notEqual(delta.resultId, before.resultId);
      const patched = applyEdits(before.data, delta);
      const after = await full();
      assert.deepEqual(patched, after.data);
      // The edit is local: far smaller than the whole token array.
      const changed = delta.edits.reduce((n, e) => n + e.deleteCount + (e.data?.length ?? 0), 0);
      assert.ok(changed < before.data.length / 4, `delta touches ${changed} of ${before.data.length}`);
      const limit = decode(after.data, legend).find((t) => t.line === line && t.char === 4);
      assert.deepEqual([limit?.type, limit?.modifiers], ['variable', ['declaration', 'readonly']]);
    });

    it('answers a full result to a delta request with an unknown previousResultId', async () => {
      const r = await client.request<SemanticTokens>('textDocument/semanticTokens/full/delta', {
        textDocument: { uri: URI },
        previousResultId: 'no-such-id',
      });
      assert.ok(Array.isArray(r.data));
      assert.deepEqual(r.data, (await full()).data);
    });

    it('answers a range with exactly the full result tokens on those lines', async () => {
      const all = decode((await full()).data, legend);
      const start = lineOf(TEXT, 'class Counter');
      const end = lineOf(TEXT, 'enum Color');
      const ranged = await client.request<SemanticTokens>('textDocument/semanticTokens/range', {
        textDocument: { uri: URI },
        range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } },
      });
      const expected = all.filter((t) => t.line >= start && t.line < end);
      assert.ok(expected.length > 5);
      assert.deepEqual(decode(ranged.data, legend), expected);
    });

    it('answers null for a document that is not open and InvalidParams for a missing range', async () => {
      const closed = await client.request('textDocument/semanticTokens/full', {
        textDocument: { uri: uriOf('nowhere.spl') },
      });
      assert.equal(closed, null);
      await assert.rejects(
        client.request('textDocument/semanticTokens/range', { textDocument: { uri: URI } }),
        /params.range must be a Range/,
      );
    });
  });
}
