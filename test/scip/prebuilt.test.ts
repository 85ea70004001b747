// Starting a workspace from a prebuilt SCIP index (`--index-from`, `simple.index.prebuilt`): summaries of
// files whose content hash matches are taken as they are; a changed file (even one of the same size) is
// indexed locally; an index that is not simple-lsp's, or is damaged, is ignored with a warning.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { Logger } from '../../server/src/logger';
import { writeScip } from '../../server/src/scip/run';
import { FsStore } from '../../server/src/store/fs-store';
import { WorkspaceRegistry } from '../../server/src/workspace/registry';
import { Workspace } from '../../server/src/workspace/workspace';

const FILES: Record<string, string> = {
  'src/geo.spl': 'class Point:\n    x: i64\n    y: i64\n\nfn alpha(p: Point) -> i64:\n    p.x\n',
  'src/util.spl': 'fn shout(s: text) -> text:\n    s\n',
  'src/main.spl': 'use geo.{Point, alpha}\n\nfn main():\n    alpha(Point(x: 1, y: 2))\n',
};

function collecting(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new Logger('info', { write: (l) => lines.push(l), close: () => undefined }), lines };
}

/** A workspace started from `prebuilt`: its report at ready(), and after the prebuilt files were checked. */
async function start(
  root: string,
  prebuilt: string,
): Promise<{
  ws: Workspace;
  report: Awaited<ReturnType<Workspace['ready']>>;
  /** Names of each file when ready() resolved (before the check). */
  atReady: Map<string, string[]>;
  reindexed: number[];
  lines: string[];
}> {
  const { logger, lines } = collecting();
  const store = new FsStore();
  const ws = new Workspace({ roots: [root], store, logger, workers: 0, prebuilt });
  try {
    const report = await ws.ready();
    const atReady = new Map([...ws.index.allFiles()].map((f) => [f.rel, f.summary.names]));
    const reindexed = await ws.checked();
    return { ws, report, atReady, reindexed, lines };
  } finally {
    ws.close();
    store.close();
  }
}

const namesOf = (ws: Workspace, rel: string): string[] =>
  [...ws.index.allFiles()].find((f) => f.rel === rel)!.summary.names;

/** Where the server's data field (the index's first field) ends. */
function serverDataEnd(b: Buffer): number {
  const r = new BinaryReader(b);
  r.tag();
  const length = r.uint32();
  return r.pos + length;
}

function flip(b: Buffer, at: number): Buffer {
  const out = Buffer.from(b);
  out[at] ^= 0xff;
  return out;
}

describe('scip: starting from a prebuilt index', function () {
  this.timeout(60_000);
  let dir: string;
  let root: string;
  let index: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-prebuilt-'));
    root = path.join(dir, 'ws');
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    index = path.join(dir, 'index.scip');
    const store = new FsStore();
    try {
      await writeScip({ dir: root, out: index }, store, collecting().logger);
    } finally {
      store.close();
    }
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes every summary of an unchanged workspace, equal to a local index', async () => {
    const { ws, report } = await start(root, index);
    assert.equal(report.fromPrebuilt, 3);
    assert.equal(report.parsed, 0);
    const local = await start(root, path.join(dir, 'missing.scip'));
    assert.equal(local.report.parsed, 3);
    for (const f of local.ws.index.allFiles()) {
      const mine = [...ws.index.allFiles()].find((g) => g.rel === f.rel)!;
      assert.deepEqual(mine.summary, f.summary, f.rel);
    }
  });

  it('re-indexes a changed file, also when its size is the same', async () => {
    const geo = path.join(root, 'src/geo.spl');
    const before = fs.readFileSync(geo, 'utf8');
    const after = before.replace('alpha', 'gamma');
    assert.equal(after.length, before.length);
    fs.writeFileSync(geo, after);
    fs.writeFileSync(
      path.join(root, 'src/util.spl'),
      FILES['src/util.spl'] + '\nfn whisper() -> text:\n    ""\n',
    );
    const { ws, report, atReady, reindexed, lines } = await start(root, index);
    // Both are served from the index at once (nothing is read before ready); after ready, util.spl is
    // found to have grown by its size and geo.spl, which kept its size, by its content hash: both are
    // indexed again.
    assert.equal(report.fromPrebuilt, 3);
    assert.equal(report.parsed, 0);
    assert.ok(atReady.get('src/geo.spl')!.includes('alpha'), 'served from the index at ready()');
    assert.deepEqual(reindexed.map((id) => ws.index.file(id)?.rel).sort(), ['src/geo.spl', 'src/util.spl']);
    assert.ok(
      lines.some((l) => /prebuilt index: 3 files checked, 2 differ/.test(l)),
      lines.join('\n'),
    );
    assert.ok(namesOf(ws, 'src/geo.spl').includes('gamma'));
    assert.ok(!namesOf(ws, 'src/geo.spl').includes('alpha'));
    assert.ok(namesOf(ws, 'src/util.spl').includes('whisper'));
  });

  it('applies files added and removed since the index was built, after ready', async () => {
    fs.rmSync(path.join(root, 'src/util.spl'));
    fs.writeFileSync(path.join(root, 'src/extra.spl'), 'fn extra_fn() -> i64:\n    1\n');
    const { ws, report, atReady, reindexed, lines } = await start(root, index);
    // Served as the index knew the tree (the walk comes after ready), then brought up to date.
    assert.equal(report.fromPrebuilt, 3);
    assert.equal(report.parsed, 0);
    assert.ok(atReady.has('src/util.spl') && !atReady.has('src/extra.spl'));
    assert.deepEqual([...ws.index.allFiles()].map((f) => f.rel).sort(), [
      'src/extra.spl',
      'src/geo.spl',
      'src/main.spl',
    ]);
    assert.ok(namesOf(ws, 'src/extra.spl').includes('extra_fn'));
    // The removed file and the added one are what sessions are told of.
    assert.equal(reindexed.length, 2);
    assert.ok(reindexed.some((id) => ws.index.file(id)?.rel === 'src/extra.spl'));
    assert.ok(
      lines.some((l) => /prebuilt index: 3 files checked, 1 differ/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /walk after a warm start: 3 files, 1 changed, 1 added, 0 removed/.test(l)),
      lines.join('\n'),
    );
  });

  it('prefers a fresh cache entry, and a later start serves the cache with real mtimes', async () => {
    const cacheDir = path.join(dir, 'cache');
    const store = new FsStore();
    const { logger } = collecting();
    let ws = new Workspace({ roots: [root], store, logger, workers: 0, prebuilt: index, cacheDir });
    try {
      assert.equal((await ws.ready()).fromPrebuilt, 3);
      await ws.checked();
      ws.close(); // writes the cache: the checked files with their mtimes on disk
      ws = new Workspace({ roots: [root], store, logger, workers: 0, prebuilt: index, cacheDir });
      const again = await ws.ready();
      assert.equal(again.fromCache, 3);
      assert.equal(again.fromPrebuilt ?? 0, 0);
      assert.deepEqual(await ws.checked(), [], 'every cached file is fresh');
    } finally {
      ws.close();
      store.close();
    }
  });

  it('tells the sessions of a workspace which files the check indexed again', async () => {
    const geo = path.join(root, 'src/geo.spl');
    fs.writeFileSync(geo, fs.readFileSync(geo, 'utf8').replace('alpha', 'gamma'));
    const store = new FsStore();
    const registry = new WorkspaceRegistry({
      store,
      logger: collecting().logger,
      workers: 0,
      prebuilt: index,
    });
    try {
      const ws = registry.acquire([root]);
      const heard = new Promise<number[]>((resolve) => registry.onDidChange(ws, resolve));
      await ws.ready();
      const ids = await heard;
      assert.deepEqual(
        ids.map((id) => ws.index.file(id)?.rel),
        ['src/geo.spl'],
      );
      assert.ok(namesOf(ws, 'src/geo.spl').includes('gamma'));
    } finally {
      registry.closeAll();
      store.close();
    }
  });

  it('reaches workspaces through the registry (--index-from), a session setting winning', async () => {
    const store = new FsStore();
    const { logger } = collecting();
    const registry = new WorkspaceRegistry({ store, logger, workers: 0, prebuilt: index });
    try {
      const fromCli = await registry.acquire([root]).ready();
      assert.equal(fromCli.fromPrebuilt, 3);
      const other = path.join(dir, 'other.scip');
      fs.writeFileSync(other, 'not an index');
      const fromSetting = await registry.acquire([root, dir], {}, { prebuilt: other }).ready();
      assert.equal(fromSetting.fromPrebuilt ?? 0, 0);
    } finally {
      registry.closeAll();
      store.close();
    }
  });

  for (const [name, damage] of [
    ['a file that is not an index', () => Buffer.from('not a scip index at all')],
    // The server's data comes first: cut inside it, or flip a byte of its summaries (the codec's checksum).
    ['a truncated index', (b: Buffer) => b.subarray(0, serverDataEnd(b) - 16)],
    ['a damaged summary', (b: Buffer) => flip(b, serverDataEnd(b) - 16)],
    ['an empty file', () => Buffer.alloc(0)],
  ] as const) {
    it(`ignores ${name} and indexes locally`, async () => {
      fs.writeFileSync(index, damage(fs.readFileSync(index)));
      const { report, lines } = await start(root, index);
      assert.equal(report.fromPrebuilt ?? 0, 0);
      assert.equal(report.parsed, 3);
      assert.ok(
        lines.some((l) => /prebuilt index .* ignored/.test(l)),
        lines.join('\n'),
      );
    });
  }
});
