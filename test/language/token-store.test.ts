// The typed-array token store (language/tokens.ts) against a plain array of token objects as the model:
// seeded random pushes, inserted gaps, removals, truncations, appends with a shift and slices, across
// growth of the buffers (small stores start as on-heap arrays, larger ones share one ArrayBuffer),
// must read back exactly what the model holds. The lexer's stream is the other check: its objects
// equal its store. Values are ids into a table shared along a lineage of relexed stores: stores of
// other tables append and compare by text, and a relex whose table has outgrown its tokens starts anew.
import assert from 'node:assert/strict';
import { Rng } from '../../fixtures/gen/prng';
import { lex } from '../../server/src/language';
import { commonEnds } from '../../server/src/language/incremental';
import { relex } from '../../server/src/language/lexer';
import { type Token, TokenKind, TokenStore, TokenValues } from '../../server/src/language/tokens';

function contents(s: TokenStore): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.token(i));
  return out;
}

function randomToken(rng: Rng, at: number): Token {
  const kind = rng.int(0, TokenKind.Error);
  const value = kind === TokenKind.Name ? rng.pick(['a', 'bb', 'fn', '']) : kind === TokenKind.Op ? '>>' : '';
  return { kind, start: at, end: at + rng.int(0, 5), value, flags: rng.int(0, 255) };
}

describe('language: token store', () => {
  it('reads back what a model array holds after random pushes, gaps, removals, appends and slices', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = new Rng(seed);
      const store = new TokenStore(rng.int(0, 20));
      const model: Token[] = [];
      for (let step = 0; step < 300; step++) {
        const what = rng.int(0, 9);
        if (what <= 5 || model.length === 0) {
          const t = randomToken(rng, step);
          assert.equal(store.push(t.kind, t.start, t.end, t.value, t.flags), model.length);
          model.push(t);
        } else if (what === 6) {
          const i = rng.int(0, model.length - 1);
          const t = randomToken(rng, step);
          store.insertGap(i + 1);
          store.set(i + 1, t.kind, t.start, t.end, t.value, t.flags);
          model.splice(i + 1, 0, t);
        } else if (what === 7) {
          const i = rng.int(0, model.length - 1);
          store.remove(i);
          model.splice(i, 1);
        } else if (what === 8 && model.length < 1000) {
          const from = rng.int(0, model.length);
          const other = store.slice(from);
          assert.deepEqual(contents(other), model.slice(from));
          const delta = rng.int(-3, 3);
          store.append(other, 0, other.length, delta);
          for (const t of model.slice(from)) model.push({ ...t, start: t.start + delta, end: t.end + delta });
        } else if (what === 9 && rng.int(0, 3) === 0) {
          const n = rng.int(0, model.length);
          store.truncate(n);
          model.length = n;
        } else {
          const i = rng.int(0, model.length - 1);
          const j = rng.int(0, model.length - 1);
          const a = model[i];
          const b = model[j];
          const equal = a.kind === b.kind && a.value === b.value && a.flags === b.flags;
          assert.equal(
            store.same(i, store, j, b.start - a.start),
            equal && b.end - a.end === b.start - a.start,
          );
        }
        assert.equal(store.length, model.length);
      }
      assert.deepEqual(contents(store), model, `seed ${seed}`);
      assert.deepEqual(store.toArray(), model, `seed ${seed}`);
    }
  });

  it('shift moves every offset; same compares with a shift', () => {
    const a = new TokenStore();
    a.push(TokenKind.Name, 3, 5, 'ab', 1);
    a.push(TokenKind.Op, 6, 7, '+', 2);
    const b = a.slice();
    b.shift(10);
    assert.deepEqual(
      contents(b).map((t) => [t.start, t.end]),
      [
        [13, 15],
        [16, 17],
      ],
    );
    assert.ok(a.same(1, b, 1, 10));
    assert.ok(!a.same(1, b, 1, 0));
  });

  it("the lexer's token objects are its store's tokens", () => {
    const text = 'fn f(x: Map<K, List<V>>) -> i64:\n    val s = "a{x + 1}b"\n    x >> 2\n';
    const r = lex(text);
    assert.equal(r.tokens.length, r.store.length);
    assert.deepEqual(r.tokens, contents(r.store));
  });

  it('appends and compares across tables by text, within one table by id', () => {
    const a = new TokenStore();
    a.push(TokenKind.Name, 0, 2, 'ab', 0);
    a.push(TokenKind.Op, 3, 4, '+', 0);
    a.push(TokenKind.Int, 5, 6, '', 0);
    // Another table with the same texts under other ids.
    const b = new TokenStore(16, new TokenValues());
    b.push(TokenKind.Op, 9, 10, '-', 0);
    b.push(TokenKind.Op, 9, 10, '+', 0);
    b.push(TokenKind.Name, 9, 11, 'ab', 0);
    assert.notEqual(a.valueId(0), b.valueId(2));
    assert.ok(a.same(0, b, 2, 9));
    assert.ok(a.same(1, b, 1, 6));
    assert.ok(!a.same(0, b, 0, 9));
    b.append(a, 0, a.length, 20);
    assert.deepEqual(contents(b).slice(3), [
      { kind: TokenKind.Name, start: 20, end: 22, value: 'ab', flags: 0 },
      { kind: TokenKind.Op, start: 23, end: 24, value: '+', flags: 0 },
      { kind: TokenKind.Int, start: 25, end: 26, value: '', flags: 0 },
    ]);
    assert.equal(b.valueId(3), b.valueId(2));
    assert.ok(b.same(3, a, 0, -20));
    // A slice shares its table: ids copy as they are.
    const c = b.slice(2);
    assert.equal(c.values, b.values);
    assert.equal(c.valueId(0), b.valueId(2));
  });

  it("a relex extends its previous version's table, and starts a fresh one once that has outgrown it", () => {
    const before = 'fn f(a):\n    a + 1\n\nfn g():\n    f(2)\n';
    const first = lex(before);
    const text = before.replace('f(2)', 'f(twenty)');
    const ends = commonEnds(before, text);
    const second = relex(first, text, ends.same, ends.tail);
    assert.equal(second.store.values, first.store.values);
    assert.ok(second.lexedChars < text.length);
    assert.deepEqual(second.store.toArray(), lex(text).store.toArray());
    // Typed word by word, a long session adds texts no version uses any more.
    for (let k = 0; k < 5000; k++) first.store.values.id(`word_${k}`);
    const third = relex(second, before, commonEnds(text, before).same, commonEnds(text, before).tail);
    assert.notEqual(third.store.values, first.store.values);
    assert.equal(third.lexedChars, before.length);
    assert.deepEqual(third.store.toArray(), first.store.toArray());
  });
});
