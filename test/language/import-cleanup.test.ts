// Properties of the import edits behind code actions, over the demo project, the small generated workspace
// and variants of each (every `use` list reversed with its first item repeated, CRLF line ends, each
// file cut off inside its imports): organizing is idempotent and keeps the imported names; removing every
// unused import leaves none and changes nothing but `use` declarations; neither adds parse errors.
import * as assert from 'node:assert/strict';
import { generateFiles } from '../../fixtures/generate';
import { organizeImports, removeImportItems } from '../../server/src/language/import-cleanup';
import type { TextEditInfo } from '../../server/src/language/import-edit';
import { lint } from '../../server/src/language/lint';
import { parse } from '../../server/src/language/parser';
import { SyntaxKind } from '../../server/src/language/syntax';
import type { ParseResult } from '../../server/src/language/types';
import { codeActions } from '../../server/src/workspace/code-actions';
import { fixtureFiles } from '../support/fixture-files';

function applyEdits(text: string, edits: TextEditInfo[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++)
    assert.ok(sorted[i].end <= sorted[i - 1].start, `edits overlap: ${JSON.stringify(sorted)}`);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Item texts of every import list, as a sorted set. */
function importedItems(r: ParseResult): string[] {
  const out = new Set<string>();
  const visit = (n: ParseResult['root']): void => {
    if (n.kind === SyntaxKind.ImportItem) out.add(r.text.slice(n.start, n.end).trim().replace(/\s+/g, ' '));
    else for (const c of n.children) visit(c);
  };
  visit(r.root);
  return [...out].sort();
}

/** The file without its `use` declarations: what import edits must never touch. */
function nonImportText(r: ParseResult): string {
  return r.root.children
    .filter((c) => c.kind !== SyntaxKind.UseDecl && c.kind !== SyntaxKind.ExportDecl)
    .map((c) => r.text.slice(c.start, c.end))
    .join('\n');
}

/** Whether organizing and removing changed anything (the caller counts that they did, often). */
function check(path: string, text: string): { organized: boolean; removed: boolean } {
  const before = parse(text);
  const errors = before.diagnostics.length;

  const organized = applyEdits(text, organizeImports(before));
  const after = parse(organized);
  assert.ok(after.diagnostics.length <= errors, `${path}: organizing added parse errors`);
  assert.deepEqual(organizeImports(after), [], `${path}: organizing twice changes more`);
  assert.deepEqual(
    importedItems(after),
    importedItems(before),
    `${path}: organizing changed the imported names`,
  );
  assert.equal(nonImportText(after), nonImportText(before), `${path}: organizing touched other code`);

  const unused = lint(before, path).filter((d) => d.code === 'unused-import');
  const cleaned = parse(
    applyEdits(
      text,
      removeImportItems(
        before,
        unused.map((d) => d.item!.start),
      ),
    ),
  );
  assert.ok(cleaned.diagnostics.length <= errors, `${path}: removing unused imports added parse errors`);
  assert.equal(nonImportText(cleaned), nonImportText(before), `${path}: removing touched other code`);
  const left = lint(cleaned, path).filter((d) => d.code === 'unused-import');
  // What is left is only what the edits declined (a comment would be lost), never a new finding.
  assert.ok(left.length < unused.length || unused.length === 0, `${path}: nothing was removed`);
  const removedNames = new Set(unused.map((d) => d.message));
  for (const d of left) assert.ok(removedNames.has(d.message), `${path}: new unused import ${d.message}`);
  return { organized: organized !== text, removed: unused.length > 0 };
}

/** Every `{…}` list reversed, its first item repeated at the end. */
function shuffled(text: string): string {
  return text.replace(/\{([^{}#\n]+)\}/g, (m, inner: string) => {
    const items = inner
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items.length < 2 ? m : `{${[...items].reverse().join(', ')}, ${items[items.length - 1]}}`;
  });
}

function sources(): { path: string; text: string }[] {
  const base = [
    ...fixtureFiles('demo').map((f) => ({ path: `demo/${f.path}`, text: f.text })),
    ...[...generateFiles('small')].slice(0, 60),
  ];
  return base.flatMap((f) => {
    // Cut in the middle of the last `use` line, as while it is being typed.
    const lastUse = f.text.lastIndexOf('\nuse ');
    const lineEnd = f.text.indexOf('\n', lastUse + 1);
    const cut = lastUse >= 0 && lineEnd > 0 ? f.text.slice(0, (lastUse + lineEnd) >> 1) : undefined;
    return [
      f,
      { path: `${f.path} (shuffled)`, text: shuffled(f.text) },
      { path: `${f.path} (crlf, shuffled)`, text: shuffled(f.text).replace(/\n/g, '\r\n') },
      ...(cut !== undefined ? [{ path: `${f.path} (cut in its imports)`, text: cut }] : []),
    ];
  });
}

describe('import edits (organize, remove unused) keep code and names', () => {
  const all = sources();
  it('has files with import lists to work on', () => {
    assert.ok(all.filter((f) => /use [\w.]+\.\{[^}]*,/.test(f.text)).length >= 10);
  });
  it('holds on every source and variant', () => {
    const failures: string[] = [];
    let organized = 0;
    let removed = 0;
    for (const f of all)
      try {
        const did = check(f.path, f.text);
        if (did.organized) organized++;
        if (did.removed) removed++;
      } catch (e) {
        failures.push((e as Error).message);
      }
    assert.deepEqual(failures.slice(0, 5), []);
    assert.ok(
      organized >= all.length / 4 && removed >= all.length / 4,
      `organized ${organized}, removed in ${removed} of ${all.length}`,
    );
  });

  it('code actions (without a workspace) answer at every 193rd offset of every variant', () => {
    let offered = 0;
    for (const f of all) {
      const result = parse(f.text);
      const lints = lint(result, f.path);
      for (let o = 0; o <= f.text.length; o += 193) {
        const actions = codeActions(result, { start: o, end: o + 3 }, lints, undefined);
        for (const a of actions) applyEdits(f.text, a.edits);
        offered += actions.length;
      }
    }
    assert.ok(offered > all.length, `${offered} actions`);
  });
});
