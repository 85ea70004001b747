// Resolver.atName (the SCIP indexer's entry: a name node, no descent from the root) against Resolver.at
// (go to definition's entry: an offset), on every Name and NameRef of the demo workspace, a generated
// workspace and the SCIP cases: where `at(view, name.start + 1)` lands on the name, both give the same
// reference and the same places; where it lands elsewhere, the indexer's old path recorded nothing, and
// atName must record nothing either. With SIMPLE_CORPUS=DIR, that directory too (the local corpus of
// real Simple sources is not in the repository).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walk, SyntaxKind } from '../../server/src/language/syntax';
import { Logger } from '../../server/src/logger';
import { FsStore } from '../../server/src/store/fs-store';
import { type Place, placeKey, Resolver } from '../../server/src/workspace/resolver';
import { Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { generateWorkspace } from '../../fixtures/generate';
import { REPO_ROOT } from '../support/fixture-files';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

/** What the indexer records for a name: the reference's kind and span, and its places; or nothing. */
function recorded(
  at: { ref: { kind: string; span: { start: number; end: number } }; places: Place[] } | undefined,
  start: number,
): string | undefined {
  if (!at || at.ref.span.start !== start || at.places.length === 0) return undefined;
  return `${at.ref.kind} ${at.ref.span.start}-${at.ref.span.end} → ${at.places.map(placeKey).join(' ')}`;
}

/** Every name of every file of `dir`, both ways; returns how many names resolved. */
async function check(dir: string): Promise<number> {
  const store = new FsStore();
  const ws = new Workspace({ roots: [dir], store, logger: quiet, workers: 0 });
  let resolved = 0;
  try {
    await ws.ready();
    const views = new Views(ws);
    const byOffset = new Resolver(views);
    const byNode = new Resolver(views);
    for (const f of ws.index.allFiles()) {
      const view = views.byId(f.id)!;
      const root = view.parse().root;
      walk(root, (n) => {
        if (n.kind !== SyntaxKind.Name && n.kind !== SyntaxKind.NameRef) return;
        const old = recorded(byOffset.at(view, n.start + 1), n.start);
        const now = recorded(byNode.atName(view, n), n.start);
        assert.equal(now, old, `${f.rel} at ${n.start}`);
        if (now !== undefined) resolved++;
      });
    }
  } finally {
    ws.close();
    store.close();
  }
  return resolved;
}

describe('scip: Resolver.atName answers as Resolver.at', function () {
  this.timeout(120_000);

  it('on the demo workspace', async () => {
    assert.ok((await check(path.join(REPO_ROOT, 'fixtures', 'demo'))) > 100);
  });

  it('on a generated workspace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-atname-'));
    try {
      generateWorkspace({ files: 150, seed: 3 }, dir);
      assert.ok((await check(dir)) > 1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on the SCIP cases', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'scip', 'cases', 'index.ws'), 'utf8');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-atname-'));
    try {
      // Every case's files side by side (each under its own folder), as one workspace.
      text
        .split(/^=== /m)
        .slice(1)
        .forEach((chunk, k) => {
          const parts = chunk.split(/^--- (\w+)(?: (.*))?\n/m);
          for (let i = 1; i < parts.length; i += 3) {
            if (parts[i] !== 'file') continue;
            const target = path.join(dir, `case${k}`, parts[i + 1].trim());
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, parts[i + 2]);
          }
        });
      assert.ok((await check(dir)) > 50);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const corpus = process.env.SIMPLE_CORPUS;
  (corpus ? it : it.skip)(`on SIMPLE_CORPUS (${corpus ?? 'not set'})`, async () => {
    assert.ok((await check(corpus!)) > 1000);
  });
});
