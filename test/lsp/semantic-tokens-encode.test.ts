// The semantic-token encoder (lsp/semantic-tokens.ts) against a reference built from LineIndex.positionAt:
// every token split at line ends (its pieces on each line it covers, empty pieces left out), each piece
// as absolute line / character / length in the session's encoding, then made relative. Seeded random
// texts mix `\n`, `\r\n` and `\r` line breaks, empty lines, non-ASCII and astral characters; tokens span
// lines, start or end inside line breaks, and some come out of order.
import * as assert from 'node:assert/strict';
import type { SemanticKind, SemanticToken } from '../../server/src/language';
import { LineIndex, type PositionEncoding } from '../../server/src/lsp/line-index';
import { encodeSemanticTokens, SEMANTIC_LEGEND } from '../../server/src/lsp/semantic-tokens';

const PIECES = ['a', 'bc', ' ', 'def', '\n', '\r\n', '\r', '\n\n', 'é', '€', '😀', 'x\ty'];
const KINDS: SemanticKind[] = ['function', 'variable', 'string', 'comment', 'keyword', 'type'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function reference(lines: LineIndex, tokens: SemanticToken[], encoding: PositionEncoding): number[] {
  const out: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const type = SEMANTIC_LEGEND.tokenTypes.indexOf(t.kind);
    const first = lines.lineAt(t.start);
    for (let line = first; line < lines.lineCount; line++) {
      const from = line === first ? t.start : lines.lineStart(line);
      if (line > first && from >= t.end) break;
      const to = Math.min(t.end, lines.lineContentEnd(line));
      if (to > from) {
        const char = lines.positionAt(from, encoding).character;
        const length = lines.positionAt(to, encoding).character - char;
        out.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, t.modifiers);
        prevLine = line;
        prevChar = char;
      }
    }
  }
  return out;
}

describe('semantic token encoding', () => {
  it('equals positionAt on every line piece of seeded random texts and tokens', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = rng(seed);
      let text = '';
      const size = Math.floor(random() * 60);
      for (let i = 0; i < size; i++) text += PIECES[Math.floor(random() * PIECES.length)];
      const lines = new LineIndex(text);
      const tokens: SemanticToken[] = [];
      let at = 0;
      while (at < text.length) {
        // Mostly in order; now and then a token that starts before the previous one.
        const start = random() < 0.1 ? Math.floor(random() * (at + 1)) : at + Math.floor(random() * 4);
        const end = Math.min(text.length, start + Math.floor(random() * 12));
        // Never inside a surrogate pair (the classifier's tokens never are).
        const inPair = (o: number) => o > 0 && /[\udc00-\udfff]/.test(text[o] ?? '');
        if (!inPair(start) && !inPair(end))
          tokens.push({
            start,
            end,
            kind: KINDS[Math.floor(random() * KINDS.length)],
            modifiers: Math.floor(random() * 8),
          });
        at = Math.max(at, end + 1);
      }
      for (const encoding of ['utf-16', 'utf-8'] as const) {
        const expected = reference(lines, tokens, encoding);
        assert.deepEqual(encodeSemanticTokens(lines, tokens, encoding), expected, `seed ${seed} ${encoding}`);
        compared += expected.length / 5;
      }
    }
    assert.ok(compared > 2000, `only ${compared} token pieces compared`);
  });
});
