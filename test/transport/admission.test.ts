// Who may use the shared server: served roots (--workspace), prefixes (--allow-root) and the shared token
// (--token-file). A refused client gets an error reply to initialize, reads nothing, and is disconnected.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import type { StatusResult } from '../../server/src/features/status';
import type { TestClient } from '../support/client';
import { connectClient, forEachTransport, startServer, type ServerProcess } from './support';

const TOKEN = 's3cret-token';

forEachTransport('admission on the shared server', ({ kind }) => {
  let server: ServerProcess;
  let dir: string;
  const uri = (...parts: string[]): string => pathToFileURL(path.join(dir, ...parts)).href;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'simple-admit-')));
    for (const d of ['served/src', 'prefix/any/project', 'outside'])
      fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'served', 'escape'));
    fs.writeFileSync(path.join(dir, 'token'), `${TOKEN}\n`);
    server = await startServer(kind, [
      '--workspace',
      path.join(dir, 'served'),
      '--allow-root',
      path.join(dir, 'prefix'),
      '--token-file',
      path.join(dir, 'token'),
    ]);
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withToken = (extra: object, token: unknown = TOKEN) => ({
    initializationOptions: { token },
    ...extra,
  });

  const admitted: { name: string; params: () => object }[] = [
    { name: 'the served root', params: () => withToken({ rootUri: uri('served') }) },
    { name: 'a folder inside the served root', params: () => withToken({ rootUri: uri('served', 'src') }) },
    {
      name: 'a root under --allow-root',
      params: () => withToken({ rootUri: uri('prefix', 'any', 'project') }),
    },
    { name: 'no root at all', params: () => withToken({ rootUri: null }) },
  ];
  const refused: { name: string; params: () => object; message: RegExp }[] = [
    {
      name: 'no token',
      params: () => ({ rootUri: uri('served') }),
      message: /requires initializationOptions.token/,
    },
    {
      name: 'a wrong token',
      params: () => withToken({ rootUri: uri('served') }, 'guess'),
      message: /requires initializationOptions.token/,
    },
    {
      name: 'a token of the wrong type',
      params: () => withToken({ rootUri: uri('served') }, 42),
      message: /token/,
    },
    {
      name: 'another root',
      params: () => withToken({ rootUri: uri('outside') }),
      message: /is not served by this server/,
    },
    {
      name: 'a symlink out of the served root',
      params: () => withToken({ rootUri: uri('served', 'escape') }),
      message: /root .*outside is not served/,
    },
    {
      name: 'a workspace folder outside',
      params: () =>
        withToken({ rootUri: uri('served'), workspaceFolders: [{ uri: uri('outside'), name: 'o' }] }),
      message: /is not served/,
    },
    {
      name: 'a root that is not a file: URI',
      params: () => withToken({ rootUri: 'http://example.com/x' }),
      message: /is not a file: URI/,
    },
  ];

  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  for (const a of admitted) {
    it(`admits ${a.name}`, async () => {
      client = await connectClient(server.port);
      await client.initialize(a.params());
      const status = await client.request<StatusResult>('simple/status');
      assert.equal(status.tcp?.backend, kind);
    });
  }

  for (const r of refused) {
    it(`refuses ${r.name} with a clear error and disconnects`, async () => {
      client = await connectClient(server.port);
      await assert.rejects(client.initialize(r.params()), (e: unknown) => {
        assert.ok(e instanceof ResponseError, String(e));
        assert.equal(e.code, ErrorCodes.InvalidRequest);
        assert.match(e.message, r.message);
        return true;
      });
      await client.exited;
      await server.logLine(/initialize refused/);
    });
  }
});
