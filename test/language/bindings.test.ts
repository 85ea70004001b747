// bindings.ts (every name at once, linear) must agree with scopes.ts (one name at a time) on every name of
// every source we have; where it resolves more, it is one of its documented additions.
import * as assert from 'node:assert/strict';
import {
  definitionAt,
  nodeAt,
  parse,
  resolveAll,
  SyntaxKind,
  type SyntaxNode,
  walk,
} from '../../server/src/language';
import { corpus } from '../support/corpus';
import { lineCol } from './render';

/**
 * Names bindings.ts resolves beyond scopes.ts: module aliases / bare imports, `elif val` bindings, and a
 * pattern name inside constructor arguments (`Some(x)`), which declares itself (scopes.ts stops at the
 * argument list and answers for it as for a use, though it resolves the uses of `x` to it).
 */
function isAddition(target: SyntaxNode, modules: Set<SyntaxNode>): boolean {
  if (modules.has(target)) return true;
  for (let p = target.parent; p; p = p.parent) if (p.kind === SyntaxKind.ElseClause) return true;
  return false;
}

describe('bindings: every name resolved in one walk, as scopes.ts resolves it', () => {
  // definitionAt per name is quadratic on long files: a smaller slice of generated files.
  for (const file of corpus(12)) {
    it(file.name, () => {
      const r = parse(file.text);
      const { target, modules } = resolveAll(r);
      walk(r.root, (n) => {
        if (n.kind !== SyntaxKind.Name && n.kind !== SyntaxKind.NameRef) return;
        // definitionAt takes a cursor: probe inside the name, and skip a name the cursor cannot single
        // out (a one-letter name glued to the operator before it, `0..n`, lands on the operator).
        const probe = n.end - n.start > 1 ? n.start + 1 : n.start;
        if (nodeAt(r.root, probe) !== n) return;
        const one = definitionAt(r, probe)[0];
        const all = target.get(n);
        const where = `${lineCol(r.text, n.start)} ${r.text.slice(n.start, n.end)}`;
        // A pattern name inside constructor arguments (`case Custom(label):`) declares itself; scopes.ts
        // answers for it as for a use (the method `label`, or nothing).
        if (all === n && n.kind === SyntaxKind.NameRef) return;
        if (one === undefined) {
          if (all !== undefined)
            assert.ok(isAddition(all, modules), `${where}: only bindings.ts resolves it`);
          return;
        }
        assert.deepEqual(all && { start: all.start, end: all.end }, one, where);
      });
    });
  }
});
