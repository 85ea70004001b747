// The symbol index against a naive model: after any sequence of adds, replacements and deletes, every
// name lists exactly the symbols the model lists, in the same order (first added first, a replaced
// file's symbols moving to the end). Names declared in many files (past the index's small-array size)
// are exercised on purpose: they are the ones whose removal used to scan the whole workspace.
import * as assert from 'node:assert/strict';
import { summarizeText } from '../../server/src/language/summary';
import { refFile, refIndex, SymbolIndex, symbolRef } from '../../server/src/workspace/symbol-index';

const NAMES = ['new', 'init', 'run', 'Point', 'helper', 'x', 'y', 'only_here'];

function source(rand: (n: number) => number): string {
  const lines: string[] = [];
  for (let k = rand(6); k > 0; k--) lines.push(`fn ${NAMES[rand(NAMES.length)]}():\n    0`);
  return lines.join('\n') + '\n';
}

/** The tests' seeded choices: `rand(n)` in [0, n), the same sequence for the same seed. */
function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

describe('SymbolIndex', () => {
  it('lists the same symbols as a naive model through 4,000 seeded adds, replacements and deletes', () => {
    const rand = lcg(7);
    const index = new SymbolIndex();
    /** Model: name → refs in insertion order, rebuilt by filtering (what the index must equal). */
    const model = new Map<string, number[]>();
    const names = new Map<number, string[]>();
    const unlink = (id: number): void => {
      for (const [name, refs] of model) {
        const kept = refs.filter((r) => refFile(r) !== id);
        if (kept.length > 0) model.set(name, kept);
        else model.delete(name);
      }
    };
    for (let step = 0; step < 4000; step++) {
      const id = 1 + rand(60);
      if (rand(5) === 0) {
        index.delete(id);
        unlink(id);
        names.delete(id);
      } else {
        const summary = summarizeText(source(rand), true);
        index.set({ id, path: `/w/${id}.spl`, root: 0, rel: `${id}.spl`, size: 0, mtimeMs: 0, summary });
        unlink(id);
        summary.names.forEach((name, i) => {
          const refs = model.get(name) ?? [];
          refs.push(symbolRef(id, i));
          model.set(name, refs);
        });
        names.set(id, [...summary.names]);
      }
      for (const name of NAMES)
        assert.deepEqual(index.named(name), model.get(name) ?? [], `step ${step}: ${name}`);
      assert.equal(index.nameCount, model.size);
    }
    // Every ref points at a symbol of that name in a live file.
    for (const [name, refs] of model)
      for (const r of refs) assert.equal(names.get(refFile(r))?.[refIndex(r)], name);
    assert.ok((model.get('new')?.length ?? 0) > 8, 'some name is declared past the small-array size');
  });

  it('answers as set() would for files installed unlinked (a warm start), linked in slices or on first lookup', () => {
    const rand = lcg(11);
    const eager = new SymbolIndex();
    const lazy = new SymbolIndex();
    const file = (id: number) => ({
      id,
      path: `/w/${id}.spl`,
      root: 0,
      rel: `${id}.spl`,
      size: 0,
      mtimeMs: 0,
      summary: summarizeText(source(rand), true),
    });
    const same = (step: number) => {
      for (const name of NAMES)
        assert.deepEqual(lazy.named(name), eager.named(name), `step ${step}: ${name}`);
      assert.deepEqual([...lazy.names()], [...eager.names()], `step ${step}: name order`);
      assert.deepEqual(lazy.nameTable(), eager.nameTable());
    };
    let nextId = 1;
    for (let step = 0; step < 3000; step++) {
      const r = rand(10);
      if (r < 6) {
        const f = file(nextId++);
        eager.set(f);
        lazy.setUnlinked({ ...f, summary: { ...f.summary, names: [...f.summary.names] } });
      } else if (r < 8) {
        lazy.linkSome(0);
      } else if (r === 8) {
        const f = file(1 + rand(nextId));
        eager.set(f);
        lazy.set({ ...f, summary: { ...f.summary, names: [...f.summary.names] } });
      } else {
        const id = 1 + rand(nextId);
        eager.delete(id);
        lazy.delete(id);
      }
      assert.equal(lazy.size, eager.size);
      assert.equal(lazy.fileByPath(`/w/${nextId - 1}.spl`)?.id, eager.fileByPath(`/w/${nextId - 1}.spl`)?.id);
      if (step % 97 === 0) same(step);
    }
    while (lazy.linkSome(0));
    same(3000);
  });

  for (const files of [3, 20])
    it(`keeps the array it returned unchanged when a file is removed later (${files} files)`, () => {
      const index = new SymbolIndex();
      for (let id = 1; id <= files; id++)
        index.set({
          id,
          path: `/w/${id}.spl`,
          root: 0,
          rel: `${id}.spl`,
          size: 0,
          mtimeMs: 0,
          summary: summarizeText('fn new():\n    0\n', true),
        });
      const before = index.named('new');
      const copy = [...before];
      index.delete(3);
      assert.deepEqual(before, copy);
      assert.equal(index.named('new').length, files - 1);
    });
});
