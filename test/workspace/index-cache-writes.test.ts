// The index cache file as the workspace writes it (workspace/index-cache.ts): written promptly after the
// index is built (asynchronously) and synchronously at close. When the editor quits while the prompt write
// is still under way, the close's write is the newer one: the older write must neither be renamed over it
// (a restart would read the older index) nor leave its temporary file behind.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizeText } from '../../server/src/language/summary';
import { Logger } from '../../server/src/logger';
import { IndexCache } from '../../server/src/workspace/index-cache';
import type { IndexedFile } from '../../server/src/workspace/symbol-index';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

function files(root: string, texts: readonly string[]): IndexedFile[] {
  return texts.map((text, i) => ({
    id: i,
    path: path.join(root, `m${i}.spl`),
    root: 0,
    rel: `m${i}.spl`,
    size: Buffer.byteLength(text),
    mtimeMs: 1_700_000_000_000 + i,
    summary: summarizeText(text),
  }));
}

describe('index cache writes: prompt, then at close', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-cache-writes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a prompt write still under way at close is dropped: the close’s contents stay, no temporary file', async () => {
    const cache = new IndexCache(dir, ['/w'], quiet);
    const older = files('/w', ['fn a():\n    pass\n']);
    const newer = files('/w', ['fn a():\n    pass\n', 'fn b():\n    pass\n']);
    const prompt = cache.save(older); // under way: its contents are taken, the disk work is not done
    assert.equal(cache.saveSync(newer), true);
    assert.equal(await prompt, false);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(cache.file)]);
    const back = await new IndexCache(dir, ['/w'], quiet).load();
    assert.deepEqual([...back.keys()].sort(), newer.map((f) => f.path).sort());
  });

  it('a prompt write alone is renamed into place and read back', async () => {
    const cache = new IndexCache(dir, ['/w'], quiet);
    const list = files('/w', ['fn a():\n    pass\n', 'class C:\n    x: i64\n']);
    assert.equal(await cache.save(list), true);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(cache.file)]);
    const back = await new IndexCache(dir, ['/w'], quiet).load();
    for (const f of list) assert.deepEqual(back.get(f.path)?.summary, f.summary);
  });

  it('writes in order stay in order: the later of two prompt writes is what a restart reads', async () => {
    const cache = new IndexCache(dir, ['/w'], quiet);
    const first = cache.save(files('/w', ['fn a():\n    pass\n']));
    const second = cache.save(files('/w', ['fn a():\n    pass\n', 'fn b():\n    pass\n']));
    await Promise.all([first, second]);
    const back = await new IndexCache(dir, ['/w'], quiet).load();
    assert.equal(back.size, 2);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });
});
