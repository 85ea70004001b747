// Sessions of the shared server on the same root share one workspace index: it is built once, both
// sessions navigate across files with it, and it outlives a session that leaves. Over every transport.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver';
import type { StatusResult } from '../../server/src/features/status';
import type { TestClient } from '../support/client';
import { connectClient, forEachTransport, startServer, type ServerProcess } from './support';

const FILES: Record<string, string> = {
  'src/util/strings.spl': 'fn pad(s: text) -> text:\n    s\n',
  'src/app/main.spl': 'use util.strings.{pad}\n\nfn main():\n    pad("x")\n',
};

forEachTransport('a workspace shared by the sessions on its root', ({ kind }) => {
  let dir: string;
  let server: ServerProcess;
  const clients: TestClient[] = [];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-shared-ws-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    server = await startServer(kind, ['--workspace', dir]);
  });
  after(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const session = async (): Promise<TestClient> => {
    const c = await connectClient(server.port);
    clients.push(c);
    await c.initialize({ rootUri: pathToFileURL(dir).href });
    for (let i = 0; i < 200; i++) {
      const s = await c.request<StatusResult>('simple/status');
      if (s.workspace !== 'none' && s.workspace.state === 'ready') return c;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the workspace never became ready');
  };

  const definition = async (c: TestClient): Promise<Location[]> => {
    const uri = pathToFileURL(path.join(dir, 'src/app/main.spl')).href;
    await c.open(uri, FILES['src/app/main.spl']);
    return c.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 3, character: 5 },
    });
  };

  it('indexes the root once for two sessions, and both navigate across files with it', async () => {
    const a = await session();
    const b = await session();
    for (const c of [a, b]) {
      const locs = await definition(c);
      assert.equal(locs.length, 1);
      assert.ok(locs[0].uri.endsWith('src/util/strings.spl'));
    }
    assert.equal(server.count(/index ready/), 1, 'one index for both sessions');
  });

  it('keeps the workspace for the sessions left when one exits', async () => {
    const a = clients[0];
    await a.stop();
    const b = clients[1];
    const locs = await definition(b);
    assert.equal(locs.length, 1);
    const c = await session();
    assert.equal((await definition(c)).length, 1);
    assert.equal(server.count(/index ready/), 1, 'still the same index');
  });
});
