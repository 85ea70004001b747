// Discovery: which files a workspace holds. One temporary tree exercises every rule: skipped folders,
// .gitignore (nested ones apply below their folder), include/exclude globs, links followed once (a loop
// and a second link to the same folder are listed once), dangling links, the file cap, several roots.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover, wouldInclude } from '../../server/src/workspace/discovery';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-discovery-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return dir;
}

describe('workspace discovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = tree({
      'src/a.spl': '',
      'src/b.txt': '',
      'src/deep/c.spl': '',
      'src/gen/skip.spl': '',
      'src/keep/.gitignore': 'local_*.spl\n',
      'src/keep/local_x.spl': '',
      'src/keep/kept.spl': '',
      '.gitignore': 'src/gen/\n',
      'node_modules/pkg/x.spl': '',
      '.git/objects/y.spl': '',
      'build/out.spl': '',
      'other/z.spl': '',
    });
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'deep', 'loop')); // a loop back up
    fs.symlinkSync(path.join(dir, 'other'), path.join(dir, 'src', 'link_to_other')); // a second way to other/
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'src', 'dangling.spl'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rels = (d: Awaited<ReturnType<typeof discover>>): string[] => d.files.map((f) => f.rel);

  it('lists .spl files, skipping .git, node_modules, build output and what .gitignore files exclude', async () => {
    const found = await discover([dir]);
    const files = rels(found);
    assert.ok(files.includes('src/a.spl'));
    assert.ok(files.includes('src/deep/c.spl'));
    assert.ok(files.includes('src/keep/kept.spl'));
    for (const skipped of [
      'src/gen/skip.spl',
      'src/keep/local_x.spl',
      'node_modules/pkg/x.spl',
      '.git/objects/y.spl',
      'build/out.spl',
      'src/b.txt',
      'src/dangling.spl',
    ])
      assert.ok(!files.includes(skipped), `${skipped} is skipped`);
  });

  it('follows links once: a loop and a second link to the same folder are listed once', async () => {
    const found = await discover([dir]);
    const z = rels(found).filter((f) => f.endsWith('z.spl'));
    assert.equal(z.length, 1, `other/z.spl once: ${z.join(', ')}`);
    assert.equal(rels(found).filter((f) => f.endsWith('/c.spl')).length, 1);
    assert.ok(found.loops.length >= 2, `loops reported: ${found.loops.join(', ')}`);
  });

  it('applies include and exclude globs', async () => {
    const onlyDeep = await discover([dir], { include: ['src/deep/**'] });
    assert.deepEqual(rels(onlyDeep), ['src/deep/c.spl']);
    const noDeep = await discover([dir], { exclude: ['**/deep/**'] });
    assert.ok(!rels(noDeep).some((f) => f.includes('deep/')));
    assert.ok(rels(noDeep).includes('src/a.spl'));
    assert.equal(wouldInclude('src/deep/c.spl', { exclude: ['**/deep/**'] }), false);
    assert.equal(wouldInclude('node_modules/x.spl', {}), false);
    assert.equal(wouldInclude('src/a.spl', {}), true);
  });

  it('stops at the file cap and says so', async () => {
    const found = await discover([dir], { maxFiles: 2 });
    assert.equal(found.files.length, 2);
    assert.equal(found.truncated, true);
  });

  it('follows a link only while its target stays under a root (confinement by real path)', async () => {
    const outside = tree({ 'secret.spl': 'fn secret():\n    0\n', 'lib/far.spl': '' });
    try {
      fs.symlinkSync(outside, path.join(dir, 'src', 'to_outside'));
      fs.symlinkSync(path.join(outside, 'secret.spl'), path.join(dir, 'src', 'secret_link.spl'));
      fs.symlinkSync('/', path.join(dir, 'src', 'to_root'));
      const found = await discover([dir]);
      const files = rels(found);
      for (const escaped of [
        'src/to_outside/secret.spl',
        'src/to_outside/lib/far.spl',
        'src/secret_link.spl',
      ])
        assert.ok(!files.includes(escaped), `${escaped} is not followed`);
      assert.ok(!files.some((f) => f.startsWith('src/to_root/')), 'a link to / is not followed');
      assert.deepEqual(
        found.outside.map((p) => path.basename(p)),
        ['secret_link.spl', 'to_outside', 'to_root'],
      );
      // The same target is fine once it is a root itself.
      const both = await discover([dir, outside]);
      assert.ok(rels(both).includes('src/to_outside/secret.spl'));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists a file under two nested roots once, for the later root', async () => {
    const found = await discover([dir, path.join(dir, 'src', 'deep')]);
    const c = found.files.filter((f) => f.path.endsWith(`${path.sep}c.spl`));
    assert.deepEqual(
      c.map((f) => [f.root, f.rel]),
      [[1, 'c.spl']],
    );
  });

  it('keeps files of several roots apart, in a deterministic order', async () => {
    const found = await discover([path.join(dir, 'src'), path.join(dir, 'other')]);
    assert.deepEqual(
      found.files.filter((f) => f.root === 1).map((f) => f.rel),
      ['z.spl'],
    );
    const again = await discover([path.join(dir, 'src'), path.join(dir, 'other')]);
    assert.deepEqual(rels(again), rels(found));
  });
});
