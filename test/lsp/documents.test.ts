import * as assert from 'node:assert/strict';
import { ContentChange, DocumentStore } from '../../server/src/session/documents';
import { parse as realParse, parseWork } from '../../server/src/language';
import { LineIndex, type PositionEncoding } from '../../server/src/lsp/line-index';
import { SyntaxKind } from '../../server/src/language/syntax';
import type { ParseResult } from '../../server/src/language/types';

const URI = 'file:///w/a.spl';

/** A stand-in parse that records the texts it was asked for; the store's caching is what is under test. */
function countingParse(): { parse: (text: string) => ParseResult; calls: string[] } {
  const calls: string[] = [];
  const parse = (text: string): ParseResult => {
    calls.push(text);
    const root = {
      kind: SyntaxKind.Module,
      start: 0,
      end: text.length,
      children: [],
      parent: undefined,
      flags: 0,
    };
    return { text, root, tokens: [], trivia: [], diagnostics: [], steps: 0 };
  };
  return { parse, calls };
}

function range(sl: number, sc: number, el: number, ec: number) {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

interface EditCase {
  name: string;
  encoding: PositionEncoding;
  before: string;
  changes: ContentChange[];
  after: string;
}

const cases: EditCase[] = [
  { name: 'full replacement', encoding: 'utf-16', before: 'a\nb', changes: [{ text: 'xyz' }], after: 'xyz' },
  {
    name: 'insert at start',
    encoding: 'utf-16',
    before: 'fn f():\n    1\n',
    changes: [{ range: range(0, 0, 0, 0), text: '# hi\n' }],
    after: '# hi\nfn f():\n    1\n',
  },
  {
    name: 'delete across lines',
    encoding: 'utf-16',
    before: 'one\ntwo\nthree\n',
    changes: [{ range: range(0, 2, 2, 1), text: '' }],
    after: 'onhree\n',
  },
  {
    name: 'changes apply in order, each against the previous text',
    encoding: 'utf-16',
    before: 'abc',
    changes: [
      { range: range(0, 3, 0, 3), text: '\ndef' },
      { range: range(1, 0, 1, 1), text: 'D' },
      { text: 'reset' },
      { range: range(0, 5, 0, 5), text: '!' },
    ],
    after: 'reset!',
  },
  {
    // Neovim 0.7 replaces the final newline and re-adds it, ending at (lastLine + 1, 0).
    name: 'neovim append range ending at (lastLine+1, 0)',
    encoding: 'utf-16',
    before: 'x = 1\nfn g():\n',
    changes: [{ range: range(1, 7, 2, 0), rangeLength: 1, text: '\n  # TODO tidy\n' }],
    after: 'x = 1\nfn g():\n  # TODO tidy\n',
  },
  {
    name: 'range past the end of a document without final newline',
    encoding: 'utf-16',
    before: 'a\nb',
    changes: [{ range: range(1, 1, 2, 0), text: '\nc\n' }],
    after: 'a\nb\nc\n',
  },
  {
    name: 'utf-8 positions after non-ASCII text',
    encoding: 'utf-8',
    before: 'val s = "é€😀"\nnext',
    // `val s = "` is 9 bytes; é ends at byte 11, € at 14, the emoji at 18.
    changes: [{ range: range(0, 14, 0, 18), text: 'Z' }],
    after: 'val s = "é€Z"\nnext',
  },
  {
    name: 'utf-16 positions after non-ASCII text',
    encoding: 'utf-16',
    before: 'val s = "é€😀"\nnext',
    changes: [{ range: range(0, 11, 0, 13), text: 'Z' }],
    after: 'val s = "é€Z"\nnext',
  },
  {
    name: 'CRLF document, edit on the second line',
    encoding: 'utf-8',
    before: 'a\r\nbcd\r\n',
    changes: [{ range: range(1, 1, 1, 2), text: 'X' }],
    after: 'a\r\nbXd\r\n',
  },
  {
    name: 'character past line end clamps before the line break',
    encoding: 'utf-16',
    before: 'ab\r\ncd',
    changes: [{ range: range(0, 50, 0, 50), text: '!' }],
    after: 'ab!\r\ncd',
  },
  {
    name: 'a multi-cursor edit, last cursor first, applies as one',
    encoding: 'utf-16',
    before: 'a1\nb2\nc3\n',
    changes: [
      { range: range(2, 1, 2, 2), text: 'Z' },
      { range: range(1, 1, 1, 2), text: 'Y' },
      { range: range(0, 1, 0, 2), text: 'X' },
    ],
    after: 'aX\nbY\ncZ\n',
  },
  {
    name: 'two inserts at one place: the later one goes first',
    encoding: 'utf-16',
    before: 'ab',
    changes: [
      { range: range(0, 1, 0, 1), text: 'X' },
      { range: range(0, 1, 0, 1), text: 'Y' },
    ],
    after: 'aYXb',
  },
  {
    // After the first edit the \r and the inserted \n are one line break: (1, 0) is after both.
    name: 'an inserted \\n joining a \\r before it moves the next line start',
    encoding: 'utf-16',
    before: 'a\rb',
    changes: [
      { range: range(1, 0, 1, 0), text: '\nc' },
      { range: range(1, 0, 1, 0), text: '!' },
    ],
    after: 'a\r\n!cb',
  },
  {
    name: 'an edit after the previous one is resolved against the text it left',
    encoding: 'utf-8',
    before: 'é\nx\n',
    changes: [
      { range: range(0, 0, 0, 2), text: 'ab\ncd' },
      { range: range(1, 2, 2, 1), text: '-' },
    ],
    after: 'ab\ncd-\n',
  },
  {
    name: 'reversed range is normalised',
    encoding: 'utf-16',
    before: 'abcdef',
    changes: [{ range: range(0, 4, 0, 1), text: '-' }],
    after: 'a-ef',
  },
];

function check(c: EditCase): void {
  const store = new DocumentStore(countingParse().parse, c.encoding);
  store.open(URI, 'simple', 1, c.before);
  const doc = store.change(URI, 2, c.changes);
  assert.ok(doc);
  assert.equal(doc.text, c.after);
  assert.equal(doc.version, 2);
  assert.equal(store.get(URI), doc);
}

/** The LSP rule spelled out naively: each change against the text the previous one left. */
function sequential(text: string, changes: readonly ContentChange[], encoding: PositionEncoding): string {
  for (const change of changes) {
    if (!('range' in change)) {
      text = change.text;
      continue;
    }
    const lines = new LineIndex(text);
    const a = lines.offsetAt(change.range.start, encoding);
    const b = lines.offsetAt(change.range.end, encoding);
    text = text.slice(0, Math.min(a, b)) + change.text + text.slice(Math.max(a, b));
  }
  return text;
}

/** Seeded edits of every shape: multi-cursor (descending), ascending, overlapping, clamped, CR/LF joins. */
function randomEdits(seed: number): { before: string; changes: ContentChange[]; encoding: PositionEncoding } {
  let state = seed;
  const rand = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', 'é', '€', '😀', 'fn x():', '\t'];
  const word = (n: number): string => Array.from({ length: n }, () => pieces[rand(pieces.length)]).join('');
  const before = word(rand(40));
  const encoding: PositionEncoding = rand(2) === 0 ? 'utf-8' : 'utf-16';
  const lineCount = before.split(/\r\n|\r|\n/).length;
  const pos = () => ({ line: rand(lineCount + 2), character: rand(12) });
  const changes: ContentChange[] = [];
  const descending = rand(2) === 0;
  let line = lineCount + 1;
  for (let k = rand(12); k > 0; k--) {
    if (rand(15) === 0) changes.push({ text: word(rand(10)) });
    else if (descending) {
      line = Math.max(0, line - rand(3));
      const start = { line, character: rand(6) };
      changes.push({
        range: { start, end: { line, character: start.character + rand(4) } },
        text: word(rand(3)),
      });
    } else changes.push({ range: { start: pos(), end: pos() }, text: word(rand(4)) });
  }
  return { before, changes, encoding };
}

describe('DocumentStore', () => {
  for (const c of cases) it(`applies edits: ${c.name}`, () => check(c));

  it('applies 3,000 seeded edit lists exactly as one-by-one application does', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { before, changes, encoding } = randomEdits(seed);
      const store = new DocumentStore(countingParse().parse, encoding);
      store.open(URI, 'simple', 1, before);
      const doc = store.change(URI, 2, changes);
      assert.equal(
        doc?.text,
        sequential(before, changes, encoding),
        `seed ${seed}: ${JSON.stringify({ before, changes, encoding })}`,
      );
    }
  });

  it('parses each version once and shares the result', () => {
    const { parse, calls } = countingParse();
    const store = new DocumentStore(parse);
    const v1 = store.open(URI, 'simple', 1, 'a');
    assert.equal(v1.isParsed, false);
    assert.equal(v1.parse(), v1.parse());
    assert.deepEqual(calls, ['a']);
    assert.equal(typeof v1.parseMs, 'number');
    const v2 = store.change(URI, 2, [{ text: 'b' }]);
    assert.ok(v2);
    v2.parse();
    v2.parse();
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('tells stale snapshots from the current one', () => {
    const store = new DocumentStore(countingParse().parse);
    const v1 = store.open(URI, 'simple', 1, 'a');
    assert.equal(store.isCurrent(v1), true);
    const v2 = store.change(URI, 2, [{ text: 'b' }]);
    assert.ok(v2);
    assert.equal(store.isCurrent(v1), false);
    assert.equal(store.isCurrent(v2), true);
    store.close(URI);
    assert.equal(store.isCurrent(v2), false);
  });

  it('ignores changes to documents that are not open', () => {
    const store = new DocumentStore(countingParse().parse);
    assert.equal(store.change('file:///nope.spl', 3, [{ text: 'x' }]), undefined);
    assert.equal(store.get('file:///nope.spl'), undefined);
    assert.equal(store.close('file:///nope.spl'), false);
  });

  it('parses a changed version from the latest parse of an earlier one', () => {
    const previous: (ParseResult | undefined)[] = [];
    const store = new DocumentStore((text, before) => {
      previous.push(before);
      return realParse(text, before);
    });
    const body = Array.from({ length: 40 }, (_, i) => `fn f${i}(a: i64) -> i64:\n    return a + ${i}\n`).join(
      '',
    );
    const v1 = store.open(URI, 'simple', 1, body);
    const p1 = v1.parse();
    // v2 is never parsed (a keystroke inside the debounce): v3 still starts from v1's parse.
    store.change(URI, 2, [{ range: range(1, 4, 1, 4), text: 'val x = 1\n    ' }]);
    const v3 = store.change(URI, 3, [{ range: range(1, 4, 1, 4), text: 'val y = 2\n    ' }]);
    assert.ok(v3);
    const p3 = v3.parse();
    assert.deepEqual(previous, [undefined, p1]);
    assert.equal(p3.text, v3.text);
    assert.deepEqual(p3.diagnostics, []);
    assert.deepEqual(parseWork(p3), { parsed: 1, units: 40 });
  });

  it('follows an encoding switch made after construction', () => {
    const store = new DocumentStore(countingParse().parse);
    store.encoding = 'utf-8';
    store.open(URI, 'simple', 1, 'é|');
    assert.equal(store.change(URI, 2, [{ range: range(0, 2, 0, 3), text: '!' }])?.text, 'é!');
  });
});
