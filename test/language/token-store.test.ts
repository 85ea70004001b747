// The typed-array token store (language/tokens.ts) against a plain array of token objects as the model:
// seeded random pushes, inserted gaps, removals, truncations, appends with a shift and slices, across
// growth of the buffers (small stores start as on-heap arrays, larger ones share one ArrayBuffer),
// must read back exactly what the model holds. The lexer's stream is the other check: its objects
// equal its store.
import assert from 'node:assert/strict';
import { Rng } from '../../fixtures/gen/prng';
import { lex } from '../../server/src/language';
import { type Token, TokenKind, TokenStore } from '../../server/src/language/tokens';

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
});
