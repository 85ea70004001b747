// References read only the files whose word filter says they may name the symbol
// (workspace/references.ts); the filter may only ever save work, never change an answer. Property over
// a generated workspace: for identifiers at seeded random positions, references with pruning equal
// references from the scan of every file (`prune: false`), and never confirm more files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../fixtures/generate';
import { Rng } from '../../fixtures/gen/prng';
import { Logger } from '../../server/src/logger';
import { findReferences } from '../../server/src/workspace/references';
import { Resolver } from '../../server/src/workspace/resolver';
import { Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { forEachStore } from '../store/support';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

forEachStore('references with word filters', (h) => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-refs-prune-'));
    generateWorkspace({ files: 150, seed: 5 }, dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('give the same occurrences as scanning every file, checking no more files', async function () {
    this.timeout(120_000);
    const ws = new Workspace({ roots: [dir], store: h.make(), logger: quiet, workers: 0 });
    try {
      await ws.ready();
      const views = new Views(ws);
      const resolver = new Resolver(views);
      const rng = new Rng(17);
      const files = [...ws.index.allFiles()];
      let compared = 0;
      let filtered = 0;
      let crossFile = 0;
      for (let i = 0; i < 400 && compared < 60; i++) {
        const view = views.byId(files[rng.int(0, files.length - 1)].id)!;
        const ids = [...view.text().matchAll(/[A-Za-z_]\w*/g)];
        if (ids.length === 0) continue;
        const at = ids[rng.int(0, ids.length - 1)].index + 1;
        const all = await findReferences(resolver, view, at, { prune: false });
        const pruned = await findReferences(resolver, view, at);
        assert.deepEqual(pruned?.occurrences, all?.occurrences, `${view.path} at ${at}`);
        if (!all || all.occurrences.length === 0) continue;
        compared++;
        assert.ok(pruned!.filesChecked <= all.filesChecked);
        if (pruned!.scan !== 'local') crossFile++;
        if (pruned!.scan === 'filtered') filtered++;
      }
      assert.ok(compared >= 30, `only ${compared} searches found references`);
      // 150 files are far fewer than the threshold for the full scan: every cross-file search filters.
      assert.ok(crossFile >= 10, `only ${crossFile} cross-file searches`);
      assert.equal(filtered, crossFile);
    } finally {
      ws.close();
    }
  });
});
