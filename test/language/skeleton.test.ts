// The index's fast path (language/skeleton.ts) must not change what the index sees: on every source we
// have (the case suite, the demo project, a generated workspace, and seeded mutants of them) the summary
// of the skeleton's parse equals the summary of the full parse, for every declaration outside function
// bodies. Declaration ends are excluded (a blanked body ends earlier); nested functions are excluded.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateFiles } from '../../fixtures/generate';
import { Rng } from '../../fixtures/gen/prng';
import { mutate } from './random-edits';
import { parse } from '../../server/src/language';
import { skeleton } from '../../server/src/language/skeleton';
import {
  Field,
  type FileSummary,
  kindOf,
  field,
  summarize,
  summarizeText,
} from '../../server/src/language/summary';
import { SymbolKind } from '../../server/src/language/types';
import { fixtureFiles, REPO_ROOT } from '../support/fixture-files';

const COMPARED = [
  Field.Kind,
  Field.Flags,
  Field.NameOffset,
  Field.NameLine,
  Field.NameCol,
  Field.NameEndCol,
  Field.DeclStart,
  Field.SigStart,
  Field.SigEnd,
  Field.DocStart,
  Field.DocEnd,
  Field.DeclLine,
];

/** One line per symbol outside function bodies, with its container path. */
function visible(s: FileSummary): string[] {
  const out: string[] = [];
  const n = s.names.length;
  for (let i = 0; i < n; i++) {
    let inFunction = false;
    const chain: string[] = [];
    for (let c = field(s, i, Field.Container); c >= 0; c = field(s, c, Field.Container)) {
      const k = kindOf(s, c);
      if (k === SymbolKind.Function || k === SymbolKind.Method) inFunction = true;
      chain.push(s.names[c]);
    }
    if (inFunction) continue;
    const fields = COMPARED.map((f) => field(s, i, f)).join(',');
    out.push(`${chain.reverse().join('.')}/${s.names[i]} ${fields}`);
  }
  return out;
}

function check(text: string, label: string): boolean {
  const skel = skeleton(text);
  if (skel === undefined) return false;
  assert.equal(skel.length, text.length, `${label}: the skeleton keeps every offset`);
  const full = summarize(parse(text));
  const fastParse = parse(skel);
  // summarizeText parses in full when the skeleton has errors; only clean skeletons must agree.
  if (fastParse.diagnostics.some((d) => d.severity === 'error')) return false;
  const fast = summarize(fastParse, text);
  assert.deepEqual(visible(fast), visible(full), `${label}: declarations differ`);
  assert.deepEqual(fast.imports, full.imports, `${label}: imports differ`);
  assert.deepEqual(fast.exports, full.exports, `${label}: exports differ`);
  return true;
}

function caseSources(): { label: string; text: string }[] {
  const dir = path.join(REPO_ROOT, 'test', 'language', 'cases');
  const out: { label: string; text: string }[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.case'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const chunk of text.split(/^=== /m).slice(1)) {
      const nl = chunk.indexOf('\n');
      const source = chunk
        .slice(nl + 1)
        .split(/^--- \w+\n/m)[0]
        .replace('$0', '');
      out.push({ label: `${file}: ${chunk.slice(0, nl).trim()}`, text: source });
    }
  }
  return out;
}

function mutant(text: string, rng: Rng): string {
  const fragments = [
    '(',
    ')',
    '"""',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    ':',
    '\n',
    '    ',
    '#',
    'fn x():\n',
    '\t',
  ];
  return mutate(text, rng, fragments, 3, 19);
}

describe('skeleton (index fast path)', () => {
  it('keeps every declaration outside function bodies on the case suite', () => {
    let used = 0;
    for (const c of caseSources()) if (check(c.text, c.label)) used++;
    assert.ok(used > 50, `the skeleton applied to only ${used} cases`);
  });

  it('keeps every declaration of the demo project and a generated workspace', () => {
    let used = 0;
    for (const f of fixtureFiles('demo')) if (check(f.text, f.path)) used++;
    for (const f of generateFiles({ files: 300 })) if (check(f.text, f.path)) used++;
    assert.ok(used > 150, `the skeleton applied to only ${used} files`);
  });

  it('keeps every declaration of seeded mutants (broken code) whose skeleton parses cleanly', () => {
    const rng = new Rng(0x5e1);
    const sources = [...fixtureFiles('demo'), ...generateFiles({ files: 40 })];
    let used = 0;
    for (const f of sources)
      for (let m = 0; m < 25; m++) if (check(mutant(f.text, rng), `${f.path} mutant ${m}`)) used++;
    assert.ok(used > 40, `the skeleton applied to only ${used} mutants`);
  });

  it('summarizeText equals the full summary outside function bodies', () => {
    for (const f of fixtureFiles('demo')) {
      assert.deepEqual(visible(summarizeText(f.text)), visible(summarize(parse(f.text))), f.path);
    }
  });

  it('blanks bodies and keeps docstrings and every offset', () => {
    const text = 'fn f(a: i64) -> i64:\n    """Doc."""\n    val x = (a +\n  1)\n    x\n\nfn g(): pass\n';
    const skel = skeleton(text)!;
    assert.equal(skel.length, text.length);
    assert.equal(skel.indexOf('fn g(): pass'), text.indexOf('fn g(): pass'));
    assert.ok(skel.includes('"""Doc."""'));
    assert.ok(!skel.includes('val x'));
    assert.ok(skel.includes('fn g(): pass'));
  });

  it('gives up (full parse) when an unclosed bracket runs into a declaration', () => {
    assert.equal(skeleton('fn f():\n    g(1,\nfn h():\n    pass\n'), undefined);
  });
});
