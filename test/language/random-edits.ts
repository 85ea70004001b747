// Random edits as typing makes them, shared by the incremental reparsing and relexing tests: fragments
// that change layout, brackets, quotes and declarations, typed at places biased towards line starts and
// ends, over the demo fixtures, a quarter of the small generated workspace and a generated 400-line file.
import { generateFileText, generateFiles } from '../../fixtures/generate';
import { mixSeed, Rng } from '../../fixtures/gen/prng';
import { fixtureFiles } from '../support/fixture-files';

/** Fragments typed at random places: layout, brackets, quotes, declaration starts, joins. */
export const FRAGMENTS = [
  '\n',
  '\n\n',
  '    ',
  '  ',
  '\t',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"""',
  "'''",
  '"',
  ':',
  ',',
  '+',
  ' >> ',
  '<T>',
  '#',
  '# note\n',
  '@deco\n',
  '\\\n',
  'fn extra():\n    return 1\n',
  '\nfn split_here(a: i64) -> i64:\n    ',
  '\nclass Split:\n    x: i64\n',
  'val v = 1\n',
  'else:\n    pass\n',
  'if x:\n',
  'x',
  '.y',
  'm{',
  '/*',
  '*/',
  '\r\n',
  'é',
];

export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** A random edit, biased towards line starts (indentation) and line ends (joins), as typing is. */
export function randomEdit(rng: Rng, text: string): Edit {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = rng.pick(lineStarts);
  const r = rng.int(0, 9);
  if (r < 3) {
    // indentation: add or remove leading spaces of a line
    let w = 0;
    while (text[line + w] === ' ') w++;
    return rng.int(0, 1) === 0 || w === 0
      ? { at: line, remove: 0, insert: ' '.repeat(rng.int(1, 8)) }
      : { at: line, remove: rng.int(1, w), insert: '' };
  }
  if (r < 5 && line > 0) {
    // join this line to the previous one, or split a line in two
    return rng.int(0, 1) === 0
      ? { at: line - 1, remove: 1, insert: rng.pick(['', ' ']) }
      : { at: Math.min(text.length, line + rng.int(0, 20)), remove: 0, insert: '\n' };
  }
  const at = rng.int(0, text.length);
  if (r < 7) return { at, remove: rng.int(1, 40), insert: '' };
  return { at, remove: rng.int(0, 2), insert: rng.pick(FRAGMENTS) };
}

export function apply(text: string, e: Edit): string {
  return text.slice(0, e.at) + e.insert + text.slice(Math.min(text.length, e.at + e.remove));
}

export interface Source {
  path: string;
  text: string;
}

export function sources(): Source[] {
  return [
    ...fixtureFiles('demo').map((f) => ({ path: `demo/${f.path}`, text: f.text })),
    ...[...generateFiles('small')]
      .filter((_, i) => i % 4 === 0)
      .map((f) => ({ path: `small/${f.path}`, text: f.text })),
    { path: 'generated 400 lines', text: generateFileText(400, 3) },
  ];
}

/** How a property test follows one edit: the state after it, and a difference from the reference, if any. */
export interface EditStep<S> {
  next: S;
  diff: string | undefined;
}

/**
 * The random-edit property driver the incremental tests share: `sequences` seeded sequences of `length`
 * edits over every source; `step` takes the state before an edit with the text before and after it.
 * A sequence stops at its first difference, reported with the source, the position and its edits.
 */
export function runEditSequences<S>(
  seed: number,
  sequences: number,
  length: number,
  start: (text: string) => S,
  step: (previous: S, before: string, after: string) => EditStep<S>,
): { failures: string[]; edits: number } {
  const failures: string[] = [];
  let edits = 0;
  sources().forEach((src, fileIndex) => {
    for (let s = 0; s < sequences; s++) {
      const rng = new Rng(mixSeed(seed, fileIndex, s));
      let text = src.text;
      let state = start(text);
      const log: Edit[] = [];
      for (let k = 0; k < length; k++) {
        const e = randomEdit(rng, text);
        log.push(e);
        const after = apply(text, e);
        const { next, diff } = step(state, text, after);
        text = after;
        edits++;
        if (diff !== undefined) {
          failures.push(`${src.path} sequence ${s} edit ${k}: ${diff}\n  edits ${JSON.stringify(log)}`);
          break;
        }
        state = next;
      }
    }
  });
  return { failures, edits };
}

/**
 * A mutant of `text`: `edits` times, one of `fragments` typed at a random offset, replacing nothing or
 * (one time in four) up to `maxCut` characters after it. The fast-path tests (skeleton, declaration
 * scan) compare their answer with the parser's on such mutants.
 */
export function mutate(
  text: string,
  rng: Rng,
  fragments: readonly string[],
  edits: number,
  maxCut: number,
): string {
  let out = text;
  for (let k = 0; k < edits; k++) {
    const at = rng.int(0, out.length);
    const cut = rng.int(0, 3) === 0 ? rng.int(0, maxCut) : 0;
    out = out.slice(0, at) + fragments[rng.int(0, fragments.length - 1)] + out.slice(at + cut);
  }
  return out;
}
