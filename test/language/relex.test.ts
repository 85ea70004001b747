// Incremental lexing (language/lexer.ts `relex`): after every edit of seeded random edit sequences, the
// relex of the new text from the previous lex — chained, each result the base of the next — equals a lex
// from the top: tokens, trivia, diagnostics and unclosed brackets. And it does the work of the edit, not
// of the file: most characters are reused, and the tokens it says it took over (`reused`, which the
// incremental parse compares no further) are the previous lex's.
import assert from 'node:assert/strict';
import { generateFileText } from '../../fixtures/generate';
import { lex, type Token } from '../../server/src/language';
import { commonEnds } from '../../server/src/language/incremental';
import { type LexResult, relex } from '../../server/src/language/lexer';
import { apply, type Edit, runEditSequences } from './random-edits';

const SEED = 0x7e1e;
const SEQUENCES_PER_FILE = 3;
const EDITS_PER_SEQUENCE = 12;

const tokenKey = (t: Token) => `${t.kind}:${t.start}-${t.end}:${t.value}:${t.flags}`;

function relexed(previous: LexResult, before: string, text: string): LexResult {
  const { same, tail } = commonEnds(before, text);
  return relex(previous, text, same, tail);
}

/** Where the tokens `inc` says it took over from `previous` (the lex of `before`) are not its, or undefined. */
function misclaimed(previous: LexResult, inc: LexResult, before: string, text: string): string | undefined {
  const { head, tail } = inc.reused;
  const delta = text.length - before.length;
  if (head + tail > inc.store.length || head > previous.store.length || tail > previous.store.length)
    return `reused ${head} + ${tail} of ${inc.store.length} tokens`;
  for (let i = 0; i < head; i++)
    if (!previous.store.same(i, inc.store, i, 0)) return `head token ${i} is not the previous one`;
  for (let k = 1; k <= tail; k++) {
    const i = inc.store.length - k;
    if (!previous.store.same(previous.store.length - k, inc.store, i, delta))
      return `tail token ${i} is not the previous one shifted`;
  }
  return undefined;
}

/** Where the relex differs from a lex from the top, or undefined. */
function difference(inc: LexResult, full: LexResult): string | undefined {
  if (inc.store.length !== full.store.length)
    return `token count ${inc.store.length} vs ${full.store.length}`;
  for (let i = 0; i < full.store.length; i++) {
    const a = tokenKey(inc.store.token(i));
    const b = tokenKey(full.store.token(i));
    if (a !== b) return `token ${i}: ${a} vs ${b}`;
  }
  if (inc.trivia.map(tokenKey).join() !== full.trivia.map(tokenKey).join()) return 'trivia';
  if (JSON.stringify(inc.diagnostics) !== JSON.stringify(full.diagnostics))
    return `diagnostics ${JSON.stringify(inc.diagnostics)} vs ${JSON.stringify(full.diagnostics)}`;
  if (inc.unclosed.join() !== full.unclosed.join()) return `unclosed ${inc.unclosed} vs ${full.unclosed}`;
  return undefined;
}

describe('language: incremental lexing', () => {
  it('equals a lex from the top after every edit of seeded random edit sequences', function () {
    this.timeout(120_000);
    let lexedChars = 0;
    let totalChars = 0;
    const { failures, edits } = runEditSequences(
      SEED,
      SEQUENCES_PER_FILE,
      EDITS_PER_SEQUENCE,
      (text) => lex(text),
      (previous, before, after) => {
        const inc = relexed(previous, before, after);
        lexedChars += inc.lexedChars;
        totalChars += after.length;
        return { next: inc, diff: difference(inc, lex(after)) ?? misclaimed(previous, inc, before, after) };
      },
    );
    assert.ok(edits > 300, `only ${edits} edits`);
    assert.equal(failures.length, 0, `${failures.length} failed:\n${failures.slice(0, 5).join('\n')}`);
    // The point of it: most of the text is not lexed again.
    assert.ok(lexedChars < totalChars / 4, `lexed ${lexedChars} of ${totalChars} characters`);
  });

  // Ends with an unclosed triple-quoted string (cut short before the next declaration): its search
  // for a closer read to the end of the text.
  const base = `${generateFileText(2000, 5)}\nval doc = """unclosed\nval after = 1\n`;
  const middle = base.indexOf('\n    ', base.length >> 1) + 1;
  const cases: { name: string; edit: Edit; local: boolean }[] = [
    {
      name: 'a line typed inside a body',
      edit: { at: middle, remove: 0, insert: '    val t = 1\n' },
      local: true,
    },
    { name: 'a body line dedented', edit: { at: middle, remove: 4, insert: '' }, local: true },
    { name: 'an unclosed bracket', edit: { at: middle, remove: 0, insert: '    f(1,\n' }, local: true },
    { name: 'an unclosed triple quote', edit: { at: middle, remove: 0, insert: '"""\n' }, local: false },
    { name: 'an unclosed block comment', edit: { at: middle, remove: 0, insert: '/* x\n' }, local: false },
    {
      name: 'text appended after an unclosed triple quote',
      edit: { at: base.length, remove: 0, insert: '"""' },
      local: false,
    },
    { name: 'the first character', edit: { at: 0, remove: 1, insert: '' }, local: false },
    { name: 'text at the end', edit: { at: base.length, remove: 0, insert: '\nval z = 2' }, local: true },
  ];
  for (const c of cases) {
    it(`equals a lex from the top, and back: ${c.name}`, () => {
      const text = apply(base, c.edit);
      const first = lex(base);
      const inc = relexed(first, base, text);
      assert.equal(difference(inc, lex(text)), undefined);
      assert.equal(misclaimed(first, inc, base, text), undefined);
      if (c.local) assert.ok(inc.reused.head + inc.reused.tail > inc.store.length / 2, 'most tokens reused');
      if (c.local) assert.ok(inc.lexedChars < 2000, `lexed ${inc.lexedChars} of ${text.length}`);
      // ... and the edit undone, from the relexed result.
      assert.equal(difference(relexed(inc, text, base), lex(base)), undefined);
    });
  }
});
