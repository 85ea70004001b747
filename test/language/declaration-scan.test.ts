// The declaration scanner (language/declaration-scan.ts) must give exactly the summary of the parse path
// (summarizeByParse): every symbol with all of its fields, names, imports, exports, error count, ASCII
// flag and word filter — on every source the tests have, on generated workspaces, on seeded mutants of
// them, and on the real corpus when SIMPLE_LSP_CORPUS names it. Where it is not certain it answers
// undefined and summarizeText parses: those fallback cases are listed below.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateFiles } from '../../fixtures/generate';
import { Rng } from '../../fixtures/gen/prng';
import { mutate } from './random-edits';
import { scanOutline } from '../../server/src/language/declaration-scan';
import {
  Field,
  field,
  type FileSummary,
  summarizeByParse,
  summarizeText,
} from '../../server/src/language/summary';
import { corpus } from '../support/corpus';

/** The whole summary as plain data: one row per symbol with every packed field. */
function plain(s: FileSummary): unknown {
  const rows: string[] = [];
  for (let i = 0; i < s.names.length; i++) {
    const fields: number[] = [];
    for (let f = 0; f <= Field.DeclEndLine; f++) fields.push(field(s, i, f as Field));
    rows.push(`${s.names[i]} ${fields.join(',')}`);
  }
  return {
    rows,
    imports: s.imports,
    exports: s.exports,
    errors: s.errors,
    ascii: s.ascii,
    words: [...s.words],
  };
}

/** True when the scanner answered for `text`; then its summary must equal the parse path's. */
function check(text: string, label: string): boolean {
  if (scanOutline(text) === undefined) return false;
  assert.deepEqual(plain(summarizeText(text)), plain(summarizeByParse(text)), label);
  return true;
}

function mutant(text: string, rng: Rng): string {
  const fragments = [
    '(',
    ')',
    '"""',
    '"',
    '[',
    ']',
    '{',
    '}',
    ':',
    '<',
    '>',
    ',',
    '.',
    '..',
    '=',
    '@',
    '\n',
    '    ',
    '#',
    '\\',
    'fn x():\n',
    'pub ',
    'static ',
    'val ',
    'record ',
    ' as y',
    'x: i64\n',
    '\t',
  ];
  return mutate(text, rng, fragments, 2, 9);
}

describe('declaration scan (index fast path)', () => {
  it('equals the parse path on every test source and a generated workspace', () => {
    let used = 0;
    let total = 0;
    for (const f of corpus(40)) {
      total++;
      if (check(f.text, f.name)) used++;
    }
    for (const f of generateFiles({ files: 600, seed: 3 })) {
      total++;
      if (check(f.text, f.path)) used++;
    }
    // Most generated files are in its grammar; if this drops, the fast path quietly stopped applying.
    assert.ok(used > total / 2, `the scan answered for only ${used} of ${total} sources`);
  });

  it('equals the parse path on seeded mutants (broken code) it answers for', () => {
    const rng = new Rng(0xdec1);
    const sources = [...generateFiles({ files: 60, seed: 5 })];
    let used = 0;
    for (const f of sources)
      for (let m = 0; m < 30; m++) if (check(mutant(f.text, rng), `${f.path} mutant ${m}`)) used++;
    assert.ok(used > 100, `the scan answered for only ${used} mutants`);
  });

  it('equals the parse path on the real corpus (SIMPLE_LSP_CORPUS)', function () {
    const root = process.env.SIMPLE_LSP_CORPUS;
    if (!root || !fs.existsSync(root)) {
      this.skip(); // set SIMPLE_LSP_CORPUS to a directory of real Simple sources
    }
    for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (!rel.endsWith('.spl')) continue;
      check(fs.readFileSync(path.join(root, rel), 'utf8'), rel);
    }
  });

  it('reads the common shapes', () => {
    const text = [
      '"""Module."""',
      '',
      'use a.b.{C, d as e}',
      'use .rel.x (y)',
      'export use z.w.*',
      'export p, q.r.*',
      '',
      '@derive("Debug", "Clone")',
      'pub class Box<T>:',
      '    """A box."""',
      '    item: T',
      '    pub count: i64 = 0  # how many',
      '',
      '    """Makes one."""',
      '    static fn empty() -> Box<T>: Box(item: nil, count: 0)',
      '',
      '    me put(x: T, n: i64 = 1):',
      '        self.item = x',
      '        self.count += n',
      '',
      'enum Shape:',
      '    Circle(r: f64)',
      '    Dot',
      '    fn area() -> f64:',
      '        0.0',
      '',
      'trait Show:',
      '    fn show() -> text',
      '',
      'impl Show for Shape:',
      '    fn show() -> text: "shape"',
      '',
      'const LIMIT = 0xFF',
      'pub val NAME: text = "box"',
      'async fn run(a: [i64],',
      '             b: {text: i64}) -> bool:',
      '    a.len() > 0',
      '',
    ].join('\n');
    assert.ok(check(text, 'shapes'), 'the scan gave up on the common shapes');
    const names = summarizeText(text).names;
    assert.deepEqual(names, [
      'Box',
      'item',
      'count',
      'empty',
      'put',
      'Shape',
      'Circle',
      'Dot',
      'area',
      'Show',
      'show',
      'Show for Shape',
      'show',
      'LIMIT',
      'NAME',
      'run',
    ]);
  });

  // Each of these is outside the scanner's grammar: it must give up, and summarizeText must still give
  // the parse path's summary.
  const fallbacks: [string, string][] = [
    ['a test block', 'describe "x":\n    it "y":\n        pass\n'],
    ['a decorated variable', '@inline\nval x = 1\n'],
    ['a generic function', 'fn f<T>(x: T) -> T: x\n'],
    ['an interpolated string', 'val s = "a{b}c"\n'],
    ['a prefixed string', 'val s = r"a\\d"\n'],
    ['a lambda', 'val f = \\x: x + 1\n'],
    ['a statement at module level', 'print "hi"\n'],
    ['a body that imports', 'fn f():\n    use a.b\n    b()\n'],
    ['a field named by a declaration word', 'class A:\n    record: i64\n'],
    ['an unclosed bracket', 'val x = (1,\nfn g(): pass\n'],
    ['a deeper line after a field', 'class A:\n    x: i64\n        y\n'],
    ['a syntax error in a parameter list', 'fn f(a: i64 b: i64):\n    a\n'],
    ['a unit suffix', 'const T = 10_ms\n'],
    ['a short body that is not a word', 'fn f():\n    a+b\n'],
    ['an unknown operator', 'val x = a ?? b\n'],
  ];
  for (const [what, text] of fallbacks)
    it(`gives up on ${what}`, () => {
      assert.equal(scanOutline(text), undefined);
      assert.deepEqual(plain(summarizeText(text)), plain(summarizeByParse(text)));
    });
});
