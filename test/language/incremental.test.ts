// Property test and random-edit fuzz of incremental reparsing: after every edit of a sequence (indentation
// changes, brackets and triple quotes opened and closed, declarations joined and split, random
// deletions), the tree, tokens, trivia and diagnostics of parse(text, previous) equal those of a full
// parse(text), chaining each incremental result into the next edit. Seeded: the same edits every run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generateFileText } from '../../fixtures/generate';
import { parse, parseWork, SyntaxKind, type SyntaxNode, type Token } from '../../server/src/language';
import type { ParseResult } from '../../server/src/language/types';
import { REPO_ROOT } from '../support/fixture-files';
import { apply, type Edit, runEditSequences } from './random-edits';

const SEED = 0x1c4e;
const SEQUENCES_PER_FILE = 3;
const EDITS_PER_SEQUENCE = 10;

const tokenKey = (t: Token) => `${t.kind}:${t.start}-${t.end}:${t.value}:${t.flags}`;

/** Where the incremental result differs from the full parse, or undefined when it does not. */
function difference(inc: ParseResult, full: ParseResult): string | undefined {
  if (inc.text !== full.text) return 'text';
  if (inc.tokens.length !== full.tokens.length)
    return `token count ${inc.tokens.length} vs ${full.tokens.length}`;
  for (let i = 0; i < full.tokens.length; i++)
    if (tokenKey(inc.tokens[i]) !== tokenKey(full.tokens[i]))
      return `token ${i}: ${tokenKey(inc.tokens[i])} vs ${tokenKey(full.tokens[i])}`;
  if (inc.trivia.map(tokenKey).join() !== full.trivia.map(tokenKey).join()) return 'trivia';
  try {
    assert.deepStrictEqual(inc.diagnostics, full.diagnostics);
  } catch {
    return `diagnostics ${JSON.stringify(inc.diagnostics)} vs ${JSON.stringify(full.diagnostics)}`;
  }
  const stack: [SyntaxNode, SyntaxNode][] = [[inc.root, full.root]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const name = `${SyntaxKind[b.kind]} ${b.start}-${b.end}`;
    if (a.kind !== b.kind || a.start !== b.start || a.end !== b.end || a.flags !== b.flags)
      return `node ${SyntaxKind[a.kind]} ${a.start}-${a.end} flags ${a.flags} vs ${name} flags ${b.flags}`;
    if (a.children.length !== b.children.length)
      return `${name}: ${a.children.length} vs ${b.children.length} children`;
    for (let i = 0; i < a.children.length; i++) {
      if (a.children[i].parent !== a) return `${name}: child ${i} has another parent`;
      stack.push([a.children[i], b.children[i]]);
    }
  }
  return undefined;
}

/** Runs seeded edit sequences over every source; returns failures and how much was reused. */
function fuzz(): { failures: string[]; edits: number; parsed: number; units: number } {
  let parsed = 0;
  let units = 0;
  const { failures, edits } = runEditSequences(
    SEED,
    SEQUENCES_PER_FILE,
    EDITS_PER_SEQUENCE,
    (text) => parse(text),
    (previous, _before, after) => {
      const inc = parse(after, previous);
      const diff = difference(inc, parse(after));
      const work = parseWork(inc);
      if (work) {
        parsed += work.parsed;
        units += work.units;
      }
      return { next: inc, diff };
    },
  );
  return { failures, edits, parsed, units };
}

describe('incremental reparsing', () => {
  it('equals a full parse after every edit of seeded random edit sequences', function () {
    this.timeout(300_000);
    const { failures, edits, parsed, units } = fuzz();
    assert.ok(edits > 300, `only ${edits} edits`);
    assert.strictEqual(failures.length, 0, `${failures.length} failed:\n${failures.slice(0, 5).join('\n')}`);
    // The point of it: most statements are reused, not parsed again.
    assert.ok(parsed < units / 3, `parsed ${parsed} of ${units} statements`);
  });

  const base = generateFileText(300, 5);
  const middle = base.indexOf('\n    ', base.length >> 1) + 1;

  const cases: { name: string; edit: Edit }[] = [
    {
      name: 'a statement typed inside a body',
      edit: { at: middle, remove: 0, insert: '    val typed = 1\n' },
    },
    { name: 'a body line dedented to column 0', edit: { at: middle, remove: 4, insert: '' } },
    { name: 'an unclosed bracket', edit: { at: middle, remove: 0, insert: '    call(1, \n' } },
    { name: 'an unclosed triple-quoted string', edit: { at: middle, remove: 0, insert: '    """doc\n' } },
    { name: 'a declaration split in two', edit: { at: middle, remove: 0, insert: 'fn cut():\n' } },
    { name: 'everything deleted', edit: { at: 0, remove: base.length, insert: '' } },
    { name: 'text appended at the end', edit: { at: base.length, remove: 0, insert: '\nval tail = 2\n' } },
    { name: 'text inserted at the start', edit: { at: 0, remove: 0, insert: '    ' } },
  ];
  for (const c of cases) {
    it(`equals a full parse: ${c.name}`, () => {
      const text = apply(base, c.edit);
      const inc = parse(text, parse(base));
      assert.strictEqual(difference(inc, parse(text)), undefined);
      // ... and again when the edit is undone, from the incremental result.
      assert.strictEqual(difference(parse(base, inc), parse(base)), undefined);
    });
  }

  it('parses only the statement an edit inside a body touches', () => {
    const text = apply(base, { at: middle, remove: 0, insert: '    val typed = 1\n' });
    const work = parseWork(parse(text, parse(base)));
    assert.ok(work !== undefined && work.units > 20, JSON.stringify(work));
    assert.ok(work.parsed <= 2, `parsed ${work.parsed} of ${work.units}`);
  });

  // Pairs (before, after) the stress runs found, kept as data in test/language/incremental/.
  const pairs = path.join(REPO_ROOT, 'test', 'language', 'incremental');
  for (const name of fs.readdirSync(pairs).filter((f) => f.endsWith('.before.txt'))) {
    it(`equals a full parse: ${name.replace('.before.txt', '')}`, () => {
      const before = fs.readFileSync(path.join(pairs, name), 'utf8');
      const after = fs.readFileSync(path.join(pairs, name.replace('.before.', '.after.')), 'utf8');
      assert.strictEqual(difference(parse(after, parse(before)), parse(after)), undefined);
    });
  }

  it('returns the previous result for unchanged text', () => {
    const before = parse(base);
    assert.strictEqual(parse(base, before), before);
  });
});
