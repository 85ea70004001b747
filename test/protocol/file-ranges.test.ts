// Places in files the client has not opened, in both position encodings: below the edge every answer is
// a FileRange (UTF-16 offsets) and the edge converts it through that file's one LineIndex, built from the
// bytes on disk. The closed file has non-ASCII text before the names on a line, where UTF-8 and UTF-16
// columns differ.
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  Location,
  SymbolInformation,
} from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { Scratch } from './live-support';

const UNITS = [
  'fn pad(n: i64) -> i64:',
  '    n',
  '',
  'fn zähle(n: i64) -> i64:',
  '    val größe = pad(n)',
  '    größe',
  '',
].join('\n');
const PLAIN = ['fn one() -> i64:', '    1', '', 'struct Pair:', '    left: i64', '    right: i64', ''].join(
  '\n',
);
const MAIN = ['use util.units.{pad}', 'use util.plain.{one}', '', 'fn main():', '    pad(one())', ''].join(
  '\n',
);

type Encoding = 'utf-16' | 'utf-8';

/** The range of `word` on `line` of `text` (its first occurrence after `after`), in `encoding`. */
function range(text: string, line: number, word: string, encoding: Encoding, after = '') {
  const l = text.split('\n')[line];
  const col = l.indexOf(word, after ? l.indexOf(after) + after.length : 0);
  assert.ok(col >= 0, `${word} on line ${line}`);
  const units = (s: string) => (encoding === 'utf-8' ? Buffer.byteLength(s) : s.length);
  const start = units(l.slice(0, col));
  return { start: { line, character: start }, end: { line, character: start + units(word) } };
}

for (const encoding of ['utf-16', 'utf-8'] as const) {
  describe(`places in closed files, ${encoding} (spawned server)`, function () {
    this.timeout(30_000);
    let ws: Scratch;
    let client: TestClient;
    let main: string;
    let units: string;

    before(async () => {
      ws = new Scratch('simple-file-ranges-', {
        'src/util/units.spl': UNITS,
        'src/util/plain.spl': PLAIN,
        'src/app/main.spl': MAIN,
      });
      main = ws.uri('src/app/main.spl');
      units = ws.uri('src/util/units.spl');
      client = spawnServer();
      const init = await client.initialize({
        rootUri: pathToFileURL(ws.dir).href,
        capabilities: { general: { positionEncodings: [encoding] } },
      });
      assert.equal(init.capabilities.positionEncoding ?? 'utf-16', encoding);
      await client.logLine(/index ready/);
      await client.open(main, MAIN);
    });
    after(async () => {
      await client.dispose();
      ws.dispose();
    });

    const use = () => range(MAIN, 4, 'pad', encoding).start;

    it('definition lands on the declaration in the closed file', async () => {
      const locs = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: main },
        position: use(),
      });
      assert.deepEqual(locs, [{ uri: units, range: range(UNITS, 0, 'pad', encoding) }]);
    });

    it('references past non-ASCII text on a line of the closed file', async () => {
      const locs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: main },
        position: use(),
        context: { includeDeclaration: true },
      });
      const inUnits = locs.filter((l) => l.uri === units).map((l) => l.range);
      assert.deepEqual(inUnits, [range(UNITS, 0, 'pad', encoding), range(UNITS, 4, 'pad', encoding)]);
    });

    it('incoming calls name the caller and the call site in the closed file', async () => {
      const items = await client.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', {
        textDocument: { uri: main },
        position: use(),
      });
      assert.equal(items.length, 1);
      assert.deepEqual(items[0].selectionRange, range(UNITS, 0, 'pad', encoding));
      const calls = await client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', {
        item: items[0],
      });
      const fromUnits = calls.find((c) => c.from.uri === units);
      assert.ok(fromUnits, JSON.stringify(calls));
      assert.equal(fromUnits.from.name, 'zähle');
      assert.deepEqual(fromUnits.from.selectionRange, range(UNITS, 3, 'zähle', encoding));
      assert.deepEqual(fromUnits.fromRanges, [range(UNITS, 4, 'pad', encoding)]);
    });

    it('workspace symbols point into the closed file', async () => {
      const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'zähle' });
      const hit = found.find((s) => s.name === 'zähle');
      assert.ok(hit, JSON.stringify(found));
      assert.deepEqual(hit.location, { uri: units, range: range(UNITS, 3, 'zähle', encoding) });
    });

    // An ASCII file: its declarations' places come from the summary without reading the file.
    it('definition and workspace symbols in a closed ASCII file', async () => {
      const plain = ws.uri('src/util/plain.spl');
      const locs = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: main },
        position: range(MAIN, 4, 'one', encoding).start,
      });
      assert.deepEqual(locs, [{ uri: plain, range: range(PLAIN, 0, 'one', encoding) }]);
      for (const [query, line] of [
        ['right', 5],
        ['left', 4],
        ['Pair', 3],
      ] as const) {
        const found = await client.request<SymbolInformation[]>('workspace/symbol', { query });
        const hit = found.find((s) => s.name === query);
        assert.ok(hit, `${query}: ${JSON.stringify(found)}`);
        assert.deepEqual(hit.location, { uri: plain, range: range(PLAIN, line, query, encoding) });
      }
    });
  });
}
