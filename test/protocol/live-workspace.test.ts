// Folders and settings that change while the server runs, over a real connection: folders added and
// removed (twice, and the first root removed so the others are renumbered), an exclude pattern added and
// removed (pushed settings, and settings pulled with workspace/configuration). After every step the index
// is compared with the disk, walked here (every declared `marker_*` name, one per file, must be found by
// workspace/symbol, and nothing else), and the open documents' diagnostics follow.
import * as assert from 'node:assert/strict';
import { spawnServer } from '../support/client';
import { folder, PULL, Scratch, Session, ServerRequests, splFiles } from './live-support';

const A_FILES = {
  'src/a/main.spl': 'use a.extra.{x}\n\nfn marker_a_main():\n    x()\n',
  'src/a/extra.spl': 'fn x():\n    pass\n\nfn marker_a_extra():\n    pass\n',
  'gen/g1.spl': 'fn marker_gen_g1():\n    pass\n',
};
const B_FILES = {
  'src/b/main.spl': 'use b.helper.{h}\nuse b.nothere.{z}\n\nfn marker_b_main():\n    h()\n    z()\n',
  'src/b/helper.spl': 'fn h():\n    pass\n\nfn marker_b_helper():\n    pass\n',
};

describe('workspace folders that change (spawned server)', function () {
  this.timeout(60_000);
  let a: Scratch;
  let b: Scratch;
  let s: Session;

  before(async () => {
    a = new Scratch('simple-live-a-', A_FILES);
    b = new Scratch('simple-live-b-', B_FILES);
    const client = spawnServer();
    s = new Session(client);
    const init = await client.initialize({ workspaceFolders: [folder(a)], capabilities: PULL });
    assert.deepEqual(init.capabilities.workspace?.workspaceFolders, {
      supported: true,
      changeNotifications: true,
    });
  });
  after(async () => {
    await s.client.dispose();
    a.dispose();
    b.dispose();
  });

  it('adds and removes a folder twice: the index follows the disk, and so do open documents', async () => {
    await s.settle([a.dir], splFiles(a.dir));
    const bMain = b.uri('src/b/main.spl');
    await s.client.open(bMain, B_FILES['src/b/main.spl']);
    assert.deepEqual(await s.codes(bMain), [], 'outside every folder: single-file checks only');
    for (let round = 1; round <= 2; round++) {
      await s.changeFolders([b], []);
      await s.settle([a.dir, b.dir], [...splFiles(a.dir), ...splFiles(b.dir)]);
      assert.deepEqual(await s.codes(bMain), ['unresolved-import'], `round ${round}: b.nothere`);
      await s.changeFolders([], [b]);
      await s.settle([a.dir], splFiles(a.dir));
      assert.deepEqual(await s.codes(bMain), [], `round ${round}: b is no folder again`);
    }
  });

  it('removes the first folder: the others are renumbered and still resolve their imports', async () => {
    await s.changeFolders([b], []);
    await s.settle([a.dir, b.dir], [...splFiles(a.dir), ...splFiles(b.dir)]);
    const mark = s.client.logText.length;
    await s.changeFolders([], [a]);
    await s.settle([b.dir], splFiles(b.dir));
    assert.match(
      await s.client.logLineAfter(mark, /workspace folders: workspace/),
      /in-place \(\+0 −3 files, 2 renumbered/,
    );
    // b.helper resolves in B (now root 0); only b.nothere is reported.
    assert.deepEqual(await s.codes(b.uri('src/b/main.spl')), ['unresolved-import']);
    await s.changeFolders([a], []);
    await s.settle([b.dir, a.dir], [...splFiles(b.dir), ...splFiles(a.dir)]);
  });

  it("takes Neovim 0.7's folder events, which list an empty table on the other side", async () => {
    await s.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [[]], removed: [folder(b)] },
    });
    await s.settle([a.dir], splFiles(a.dir));
    await s.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [folder(b)], removed: [{}] },
    });
    await s.settle([a.dir, b.dir], [...splFiles(a.dir), ...splFiles(b.dir)]);
  });

  it('ignores a malformed folder change, and a folder already present', async () => {
    await s.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: 'untitled:x' }] },
    });
    await s.changeFolders([a], []);
    assert.match(
      await s.client.logLine(/didChangeWorkspaceFolders ignored/),
      /removed must be an array|file: URI/,
    );
    const st = await s.status();
    assert.deepEqual(st.workspace !== 'none' && st.workspace.roots, [a.dir, b.dir]);
  });
});

describe('settings that change (spawned server)', function () {
  this.timeout(60_000);
  let a: Scratch;
  const notGen = (rel: string) => rel.startsWith('gen/');
  const notGenOrExtra = (rel: string) => rel.startsWith('gen/') || rel === 'src/a/extra.spl';
  const EXCLUDE = ['**/.git/**', 'gen/**', 'src/a/extra.spl'];

  beforeEach(() => {
    a = new Scratch('simple-live-settings-', A_FILES);
  });
  afterEach(() => a.dispose());

  it('pushed settings: an exclude pattern added and removed re-indexes only what it drops and brings back', async () => {
    const client = spawnServer();
    const s = new Session(client);
    try {
      await client.initialize({ workspaceFolders: [folder(a)], capabilities: PULL });
      await s.settle([a.dir], splFiles(a.dir));
      const main = a.uri('src/a/main.spl');
      await client.open(main, A_FILES['src/a/main.spl']);
      assert.deepEqual(await s.codes(main), []);
      for (let round = 1; round <= 2; round++) {
        let mark = client.logText.length;
        await client.notify('workspace/didChangeConfiguration', {
          settings: { simple: { index: { exclude: EXCLUDE } } },
        });
        await s.settle([a.dir], splFiles(a.dir, notGenOrExtra));
        assert.match(await client.logLineAfter(mark, /settings: workspace/), /in-place \(\+0 −2 files/);
        assert.deepEqual(await s.codes(main), ['unresolved-import'], `round ${round}: a.extra excluded`);
        mark = client.logText.length;
        // The section without the key: back to the default.
        await client.notify('workspace/didChangeConfiguration', { settings: { simple: {} } });
        await s.settle([a.dir], splFiles(a.dir));
        assert.match(await client.logLineAfter(mark, /settings: workspace/), /in-place \(\+2 −0 files/);
        assert.deepEqual(await s.codes(main), [], `round ${round}: a.extra back`);
      }
      // eglot sends null settings unprompted: nothing changes.
      const mark = client.logText.length;
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      assert.match(
        await client.logLineAfter(mark, /didChangeConfiguration/),
        /without simple settings ignored/,
      );
    } finally {
      await client.dispose();
    }
  });

  it('pulled settings: workspace/configuration is asked at start and on every change notification', async () => {
    const client = spawnServer();
    const s = new Session(client);
    let section: unknown = { index: { exclude: ['gen/**'] } };
    const asked = new ServerRequests<{ items: { section?: string }[] }>(
      client,
      'workspace/configuration',
      () => [section],
    );
    try {
      await client.initialize({
        workspaceFolders: [folder(a)],
        capabilities: { ...PULL, workspace: { ...PULL.workspace, configuration: true } },
        initializationOptions: { simple: { diagnostics: { debounceMs: 5 } } },
      });
      assert.deepEqual((await asked.next(0)).items, [{ section: 'simple' }]);
      await s.settle([a.dir], splFiles(a.dir, notGen));
      section = { index: { exclude: EXCLUDE }, diagnostics: { debounceMs: 0 } };
      const mark = client.logText.length;
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await s.settle([a.dir], splFiles(a.dir, notGenOrExtra));
      const line = await client.logLineAfter(mark, /settings \(workspace\/configuration\)/);
      assert.match(line, /simple\.diagnostics\.debounceMs, simple\.index\.exclude changed/);
      section = null; // the client has no settings any more: initializationOptions, then defaults
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await s.settle([a.dir], splFiles(a.dir));
      assert.ok(asked.count >= 3);
    } finally {
      await client.dispose();
    }
  });
});
