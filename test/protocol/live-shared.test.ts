// Folders that change on the shared TCP server: a session that adds a folder leaves the workspace it
// shared (the other session keeps its own, unchanged), a folder outside what the server serves is refused
// with a message, a new session on the same folders joins the changed workspace instead of indexing again,
// and removing the folder again joins the first workspace. The index is compared with the disk each time.
import * as assert from 'node:assert/strict';
import { connectClient, startServer, type ServerProcess } from '../transport/support';
import { folder, PULL, Scratch, Session, splFiles } from './live-support';

const FILES = {
  'a/src/a/main.spl': 'use a.extra.{x}\n\nfn marker_a_main():\n    x()\n',
  'a/src/a/extra.spl': 'fn x():\n    pass\n\nfn marker_a_extra():\n    pass\n',
  'b/src/b/helper.spl': 'fn marker_b_helper():\n    pass\n',
};

describe('folders that change on the shared server (net transport)', function () {
  this.timeout(60_000);
  let served: Scratch;
  let outside: Scratch;
  let server: ServerProcess;
  const sessions: Session[] = [];
  let A: string;
  let B: string;

  const join = async (roots: string[]): Promise<Session> => {
    const s = new Session(await connectClient(server.port));
    sessions.push(s);
    await s.client.initialize({
      workspaceFolders: roots.map(folder),
      capabilities: PULL,
    });
    return s;
  };
  before(async () => {
    served = new Scratch('simple-live-shared-', FILES);
    outside = new Scratch('simple-live-outside-', { 'c.spl': 'fn marker_c():\n    pass\n' });
    A = served.path('a');
    B = served.path('b');
    server = await startServer('net', ['--allow-root', served.dir]);
  });
  after(async () => {
    for (const s of sessions.splice(0)) await s.client.dispose();
    await server.stop();
    served.dispose();
    outside.dispose();
  });

  it('moves only the session that changed its folders, refuses an unserved folder, and shares the new set', async () => {
    const s1 = await join([A]);
    const s2 = await join([A]);
    await s1.settle([A], splFiles(A));
    await s2.settle([A], splFiles(A));
    const builds = server.count(/index ready/);

    await s1.changeFolders([B], []);
    await s1.settle([A, B], [...splFiles(A), ...splFiles(B)]);
    await s2.settle([A], splFiles(A));
    assert.match(await server.logLine(/workspace folders: workspace .* forked/), /forked/);

    const refused = new Promise<{ message: string }>((resolve) =>
      s1.client.rpc.onNotification('window/showMessage', resolve),
    );
    await s1.changeFolders([outside], []);
    assert.match((await refused).message, /is not served by this server/);
    await s1.settle([A, B], [...splFiles(A), ...splFiles(B)]);

    const joined = server.count(/joined the workspace's index/);
    // Same folders in another order: the same workspace (status shows its roots in its own order).
    const s3 = await join([B, A]);
    await s3.settle([A, B], [...splFiles(A), ...splFiles(B)]);
    assert.equal(server.count(/joined the workspace's index/), joined + 1);

    await s1.changeFolders([], [B]);
    await s1.settle([A], splFiles(A));
    await s3.settle([A, B], [...splFiles(A), ...splFiles(B)]);
    assert.match(await server.logLine(/workspace folders: workspace .* joined/), /joined/);
    assert.equal(server.count(/index ready/), builds, 'no folder change indexed anything twice');
  });
});
