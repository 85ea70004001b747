// Property test of the per-file model's incremental name resolution: after every edit of seeded random
// edit sequences, the bindings of an incremental parse (which take over the previous version's answers
// for the statements the parse reused) equal those of a model built from scratch on a full parse of the
// same text: every name's target, in the same order, the module names, and what lint, semantic tokens
// and inlay hints derive from them.
import * as assert from 'assert';
import { generateFileText } from '../../fixtures/generate';
import { parse, resolveAll } from '../../server/src/language';
import { inlayHints } from '../../server/src/language/inlay-hints';
import { lint } from '../../server/src/language/lint';
import { FileModel } from '../../server/src/language/model';
import { semanticTokens } from '../../server/src/language/semantic-tokens';
import type { SyntaxNode } from '../../server/src/language/syntax';
import type { ParseResult } from '../../server/src/language/types';
import { apply, runEditSequences } from './random-edits';

const SEED = 0x13e4;
const SEQUENCES_PER_FILE = 3;
const EDITS_PER_SEQUENCE = 10;

const at = (n: SyntaxNode) => `${n.kind}@${n.start}-${n.end}`;

/** Where the incremental model's answers differ from a model built from scratch, or undefined. */
function difference(inc: ParseResult, full: ParseResult): string | undefined {
  const a = resolveAll(inc);
  const b = resolveAll(full);
  const targets = (m: Map<SyntaxNode, SyntaxNode>) => [...m].map(([u, t]) => `${at(u)}->${at(t)}`);
  const ta = targets(a.target);
  const tb = targets(b.target);
  for (let i = 0; i < Math.max(ta.length, tb.length); i++)
    if (ta[i] !== tb[i]) return `target ${i}: ${ta[i]} vs ${tb[i]}`;
  const modules = (r: ParseResult) => [...FileModel.of(r).moduleNames()].map(at).join();
  if (modules(inc) !== modules(full)) return 'module names';
  // `modules.has`, asked of one name, agrees with the walk that lists them.
  const listed = FileModel.of(inc).moduleNames();
  for (const n of a.target.keys()) if (a.modules.has(n) !== listed.has(n)) return `module name ${at(n)}`;
  const same = (what: string, x: unknown, y: unknown): string | undefined => {
    try {
      assert.deepStrictEqual(x, y);
      return undefined;
    } catch {
      return `${what}: ${JSON.stringify(x).slice(0, 400)} vs ${JSON.stringify(y).slice(0, 400)}`;
    }
  };
  return (
    same('lint', lint(inc, 'a.spl'), lint(full, 'a.spl')) ??
    same('semantic tokens', semanticTokens(inc), semanticTokens(full)) ??
    same('inlay hints', inlayHints(inc), inlayHints(full))
  );
}

describe('incremental name resolution', () => {
  it('equals resolution from scratch after every edit of seeded random edit sequences', function () {
    this.timeout(300_000);
    let takenOver = 0;
    let units = 0;
    const { failures, edits } = runEditSequences(
      SEED,
      SEQUENCES_PER_FILE,
      EDITS_PER_SEQUENCE,
      (text) => {
        const first = parse(text);
        resolveAll(first);
        return first;
      },
      (previous, _before, after) => {
        const inc = parse(after, previous);
        const diff = difference(inc, parse(after));
        if (inc !== previous) {
          takenOver += FileModel.of(inc).takenOver;
          units += inc.root.children.length;
        }
        return { next: inc, diff };
      },
    );
    assert.ok(edits > 300, `only ${edits} edits`);
    assert.strictEqual(failures.length, 0, `${failures.length} failed:\n${failures.slice(0, 5).join('\n')}`);
    // The point of it: most statements' names are taken over, not resolved again.
    assert.ok(takenOver > units / 2, `took over ${takenOver} of ${units} statements`);
  });

  // Edits that change what names in untouched statements resolve to.
  const cases: { name: string; before: string; edit: (t: string) => string }[] = [
    {
      name: 'an earlier declaration of a called name',
      before: 'fn main():\n    helper()\n\nfn helper():\n    pass\n',
      edit: (t) => 'fn helper():\n    pass\n\n' + t,
    },
    {
      name: 'the called declaration deleted',
      before: 'fn main():\n    helper()\n\nval pad = 0\n\nfn helper():\n    pass\n',
      edit: (t) => t.slice(0, t.indexOf('fn helper')),
    },
    {
      name: 'an impl member added for self.x',
      before: 'class A:\n    x: i64\n    fn f(self):\n        self.y\n\nval z = 1\n',
      edit: (t) => t + '\nimpl A:\n    fn y(self):\n        pass\n',
    },
    {
      name: 'a recursive function shadowed by an earlier one',
      before: 'val a = 1\n\nval pad = 0\n\nfn go(n):\n    go(n)\n',
      edit: (t) => t.replace('val a = 1', 'fn go():\n    pass'),
    },
    {
      name: 'an import renamed',
      before: 'use std.io.{print}\n\nfn main():\n    print(1)\n',
      edit: (t) => t.replace('{print}', '{println}'),
    },
    {
      name: 'a module value declared later',
      before: 'fn f():\n    v + 1\n\nval w = 2\n',
      edit: (t) => t.replace('val w', 'val v'),
    },
  ];
  for (const c of cases) {
    it(`equals resolution from scratch: ${c.name}`, () => {
      const previous = parse(c.before);
      resolveAll(previous);
      const text = c.edit(c.before);
      const inc = parse(text, previous);
      assert.strictEqual(difference(inc, parse(text)), undefined);
      assert.ok(FileModel.of(inc).takenOver > 0, 'nothing taken over');
    });
  }

  it('takes over every statement but the edited one in a generated file', () => {
    const base = generateFileText(300, 5);
    const middle = base.indexOf('\n    ', base.length >> 1) + 1;
    const previous = parse(base);
    resolveAll(previous);
    const inc = parse(apply(base, { at: middle, remove: 0, insert: '    val typed = 1\n' }), previous);
    const model = FileModel.of(inc);
    model.targets();
    assert.ok(
      model.takenOver >= inc.root.children.length - 2,
      `${model.takenOver} of ${inc.root.children.length}`,
    );
    assert.strictEqual(difference(inc, parse(inc.text)), undefined);
  });

  it('takes over after another parse was made from the same version (a completion placeholder)', () => {
    const base = generateFileText(100, 2);
    const first = parse(base);
    resolveAll(first);
    const second = parse(base + '\nval tail = 1\n', first);
    parse(second.text + 'x', second);
    FileModel.of(parse(second.text + 'y', second)).targets();
    assert.strictEqual(difference(second, parse(second.text)), undefined);
    assert.ok(FileModel.of(second).takenOver > 0, 'nothing taken over');
  });

  it('resolves from scratch when the previous version was never resolved', () => {
    const base = generateFileText(100, 2);
    const inc = parse(base + '\nval tail = 1\n', parse(base));
    assert.strictEqual(difference(inc, parse(inc.text)), undefined);
    assert.strictEqual(FileModel.of(inc).takenOver, 0);
  });
});
