// Property / fuzz test of the parser: realistic Simple source (the demo project and a generated small
// workspace) mutated at random with a seeded PRNG. Every mutant must parse without throwing, with spans
// inside the text, children inside parents, linear work (see STEPS_PER_CHAR), and the outline, folding
// and selection functions must not throw. Deterministic: the same seeds give the same mutants.
import * as assert from 'assert';
import { generateFiles } from '../../fixtures/generate';
import { Rng, mixSeed } from '../../fixtures/gen/prng';
import { fixtureFiles, FixtureFile } from '../support/fixture-files';
import { checkParse, errorsOf } from './invariants';

const FUZZ_SEED = 0xf22;
/** Mutants per source file; sources above MAX_SOURCE characters get LONG_MUTANTS only. */
const MUTANTS_PER_FILE = 40;
const LONG_MUTANTS = 3;
const MAX_SOURCE = 40_000;

/** Fragments inserted at random: brackets, quotes, layout, keywords, odd characters. */
const PALETTE = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  '"',
  '"""',
  "'",
  "'''",
  '\\',
  '#',
  '#[',
  '@',
  ',',
  '.',
  '->',
  '=>',
  '|',
  'fn ',
  'class ',
  'struct ',
  'enum ',
  'match x:\n',
  'case ',
  '| _ -> ',
  'if ',
  'else:',
  'use a.{',
  'export ',
  '\\x: ',
  'r"',
  'm{',
  '<',
  '>>',
  '...',
  '?',
  '\t',
  '\n',
  '    ',
  '\r\n',
  '\r',
  ' ',
  'é',
  'Größe',
  '数据',
  '🚀',
  '\uD83D',
  '\u2028',
  '\uFEFF',
  '\u0000',
  '0x',
  '1_',
  '1e',
  "'label",
];

type Mutation = (rng: Rng, text: string) => string;

const pos = (rng: Rng, text: string) => rng.int(0, text.length);

const MUTATIONS: Mutation[] = [
  // delete a random range
  (rng, t) => {
    const a = pos(rng, t);
    return t.slice(0, a) + t.slice(Math.min(t.length, a + rng.int(1, 200)));
  },
  // duplicate a range
  (rng, t) => {
    const a = pos(rng, t);
    const b = Math.min(t.length, a + rng.int(1, 300));
    return t.slice(0, b) + t.slice(a, b) + t.slice(b);
  },
  // insert one or more palette fragments
  (rng, t) => {
    const a = pos(rng, t);
    let frag = '';
    for (let i = rng.int(1, 4); i > 0; i--) frag += rng.pick(PALETTE);
    return t.slice(0, a) + frag + t.slice(a);
  },
  // truncate
  (rng, t) => t.slice(0, pos(rng, t)),
  // swap two lines
  (rng, t) => {
    const lines = t.split('\n');
    const i = rng.int(0, lines.length - 1);
    const j = rng.int(0, lines.length - 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  },
  // re-indent a line by a random amount
  (rng, t) => {
    const lines = t.split('\n');
    const i = rng.int(0, lines.length - 1);
    lines[i] = ' '.repeat(rng.int(0, 13)) + lines[i].trimStart();
    return lines.join('\n');
  },
  // replace one character with a palette fragment
  (rng, t) => {
    const a = pos(rng, t);
    return t.slice(0, a) + rng.pick(PALETTE) + t.slice(a + 1);
  },
];

function mutant(source: string, seed: number): string {
  const rng = new Rng(seed);
  let text = source;
  for (
    let i = rng.weighted([
      [1, 5],
      [2, 3],
      [4, 1],
      [12, 1],
    ]);
    i > 0;
    i--
  ) {
    text = rng.pick(MUTATIONS)(rng, text);
  }
  return text;
}

function sources(): FixtureFile[] {
  return [
    ...fixtureFiles('demo').map((f) => ({ path: `demo/${f.path}`, text: f.text })),
    ...generateFiles('small'),
  ];
}

describe('parser fuzz (seeded mutations of the demo and the small generated workspace)', () => {
  const all = sources();

  it('every mutant parses within the invariants', function () {
    this.timeout(60_000);
    let count = 0;
    const failures: string[] = [];
    all.forEach((src, fileIndex) => {
      const n = src.text.length > MAX_SOURCE ? LONG_MUTANTS : MUTANTS_PER_FILE;
      for (let k = 0; k < n; k++) {
        const seed = mixSeed(FUZZ_SEED, fileIndex, k);
        const text = mutant(src.text, seed);
        const rng = new Rng(seed ^ 0x5e1ec7);
        const offsets = [pos(rng, text), pos(rng, text), pos(rng, text)];
        count++;
        try {
          checkParse(text, `${src.path} mutant ${k} (seed ${seed})`, offsets);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
    });
    // All failures at once (the first few in full): one bug often shows up in many mutants.
    assert.ok(count > 2000, `only ${count} mutants`);
    assert.strictEqual(
      failures.length,
      0,
      `${failures.length} of ${count} mutants failed:\n${failures.slice(0, 8).join('\n')}`,
    );
  });

  it('unmutated sources satisfy the invariants too', () => {
    for (const src of all) checkParse(src.text, src.path, [src.text.length >> 1]);
  });
});

describe('demo project diagnostics', () => {
  const demo = fixtureFiles('demo');

  it('has the files the brief promises, including broken.spl', () => {
    assert.ok(demo.length >= 8, `${demo.length} files`);
    assert.ok(demo.some((f) => f.path.endsWith('/broken.spl')));
    assert.ok(demo.some((f) => f.path.endsWith('__init__.spl')));
    assert.ok(demo.some((f) => f.path.endsWith('_spec.spl')));
  });

  for (const f of demo.filter((x) => !x.path.endsWith('broken.spl'))) {
    it(`${f.path} parses without errors`, () => {
      assert.deepStrictEqual(errorsOf(checkParse(f.text, f.path)), []);
    });
  }

  it('broken.spl reports its deliberate errors', () => {
    const broken = demo.find((x) => x.path.endsWith('broken.spl')) as FixtureFile;
    assert.ok(errorsOf(checkParse(broken.text, broken.path)).length >= 1);
  });
});

describe('deep nesting and pathological input: no stack overflow, linear work', () => {
  const cases: [string, () => string][] = [
    ['5,000 nested (', () => 'val x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n'],
    ['5,000 unclosed (', () => 'val x = ' + '('.repeat(5000) + '\n'],
    ['5,000 nested [', () => 'val x = ' + '['.repeat(5000) + ']'.repeat(5000) + '\n'],
    ['5,000 nested {', () => 'val x = ' + '{'.repeat(5000) + '\n'],
    [
      '2,000 nested indented blocks',
      () => {
        let s = '';
        for (let i = 0; i < 2000; i++) s += ' '.repeat(i) + 'if x:\n';
        return s + ' '.repeat(2000) + 'pass\n';
      },
    ],
    [
      '2,000 nested fn bodies, 4-space indent',
      () => {
        let s = '';
        for (let i = 0; i < 2000; i++) s += '    '.repeat(i) + `fn f${i}():\n`;
        return s + '    '.repeat(2000) + '0\n';
      },
    ],
    ['5,000 prefix operators', () => 'val x = ' + 'not -'.repeat(5000) + 'y\n'],
    ['5,000 right-associative **', () => 'val x = ' + '2 ** '.repeat(5000) + '2\n'],
    ['3,000 nested lambdas', () => 'val f = ' + '\\x: '.repeat(3000) + 'x\n'],
    [
      '3,000 nested if-expressions',
      () => 'val v = ' + 'if a: '.repeat(3000) + '1' + ' else: 2'.repeat(3000) + '\n',
    ],
    ['2,000 nested interpolations', () => 'val s = ' + '"{'.repeat(2000) + 'x' + '}"'.repeat(2000) + '\n'],
    ['5,000 chained calls', () => 'val y = x' + '.f(1)'.repeat(5000) + '\n'],
    // Unspaced `<` starts generic speculation; unclosed, every level must fail cheaply, not re-parse the rest.
    ['2,000 unclosed generic openers', () => 'val x = f' + '<a'.repeat(2000) + '\n'],
    ['2,000 unclosed generic calls', () => 'f<a, b<c, '.repeat(2000) + '\n'],
    ['5,000 nested generics', () => 'val m: ' + 'Map<'.repeat(5000) + 'i64' + '>'.repeat(5000) + ' = nil\n'],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const text = make();
      checkParse(text, name, [text.length >> 1, text.length >> 2]);
    });
  }
});
