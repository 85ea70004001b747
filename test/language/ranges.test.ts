// Work only for what is on screen: semantic tokens and inlay hints asked for a range visit only the
// subtrees that reach into it. Property: over the demo project and a generated module, at ranges of 1 to
// 80 lines, the answer for a range is the whole-file answer cut to that range.
import * as assert from 'assert';
import { generateFileText } from '../../fixtures/generate';
import { mixSeed, Rng } from '../../fixtures/gen/prng';
import { inlayHints, parse, semanticTokens, type SemanticToken } from '../../server/src/language';
import { fixtureFiles } from '../support/fixture-files';

const RANGES_PER_FILE = 12;

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

const key = (t: SemanticToken) => `${t.start}-${t.end} ${t.kind} ${t.modifiers}`;

describe('range requests compute only their range', () => {
  const sources = [
    ...fixtureFiles('demo').map((f) => ({ path: f.path, text: f.text })),
    { path: 'generated 1,500 lines', text: generateFileText(1500, 11) },
  ];
  sources.forEach((src, fileIndex) => {
    it(`${src.path}: tokens and hints of a range are the whole file's, cut to it`, () => {
      const result = parse(src.text);
      const allTokens = semanticTokens(result);
      const allHints = inlayHints(result);
      const starts = lineStarts(src.text);
      const rng = new Rng(mixSeed(0x7a9e, fileIndex));
      for (let k = 0; k < RANGES_PER_FILE; k++) {
        const first = rng.int(0, starts.length - 1);
        const last = Math.min(starts.length - 1, first + rng.int(1, 80));
        const range = { start: starts[first], end: starts[last] };
        // Tokens wholly inside the range (one straddling an edge may be cut either way).
        const inside = (t: SemanticToken) => t.start >= range.start && t.end <= range.end;
        assert.deepStrictEqual(
          semanticTokens(result, { range }).filter(inside).map(key),
          allTokens.filter(inside).map(key),
          `${src.path} lines ${first}-${last}`,
        );
        assert.deepStrictEqual(
          inlayHints(result, range),
          allHints.filter((h) => h.offset >= range.start && h.offset <= range.end),
          `${src.path} lines ${first}-${last}`,
        );
      }
    });
  });
});
