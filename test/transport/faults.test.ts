// Bad input and limits on the shared server, over each transport: broken framing, odd delivery, clients
// that send too much, nothing at all, or never read, abrupt disconnects, too many clients. In every case the
// offending connection is told or dropped and the server keeps serving everyone else.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { frame } from '../support/client';
import { fixture, uriOf } from '../support/fixtures';
import { connectClient, forEachTransport, RawClient, startServer, type ServerProcess } from './support';

const STATUS = (id: number | string): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'simple/status' });
const INIT = {
  id: 'init',
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {} },
};

async function initialized(port: number | string): Promise<RawClient> {
  const raw = await RawClient.connect(port);
  await raw.send(INIT);
  await raw.reply('init');
  await raw.send({ method: 'initialized', params: {} });
  return raw;
}

const wire: { name: string; bytes: () => Buffer; log: RegExp }[] = [
  {
    name: 'a body that is not JSON',
    bytes: () => frame('{this is not json'),
    log: /unreadable input from the client/,
  },
  {
    name: 'invalid UTF-8 in a body',
    bytes: () => frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    log: /unreadable input/,
  },
  {
    name: 'a JSON body that is not JSON-RPC',
    bytes: () => frame('[1, 2]'),
    log: /neither a response nor a notification/,
  },
  {
    name: 'a header without Content-Length',
    bytes: () => Buffer.from(`Content-Type: text/plain\r\n\r\n${STATUS('lost')}`),
    log: /bad frame from .*header block without Content-Length/,
  },
  {
    name: 'a non-numeric Content-Length',
    bytes: () => Buffer.from(`Content-Length: many\r\n\r\n${STATUS('lost')}`),
    log: /bad frame from .*Content-Length is not a number: "many"/,
  },
  {
    name: 'a negative Content-Length',
    bytes: () => Buffer.from(`Content-Length: -5\r\n\r\n${STATUS('lost')}`),
    log: /bad frame from .*Content-Length is not a number: "-5"/,
  },
  {
    name: 'a header line without a colon',
    bytes: () => Buffer.from('hello server\r\n\r\n'),
    log: /bad frame from .*malformed header line "hello server"/,
  },
  {
    name: 'a header block that never ends',
    bytes: () => Buffer.from(`X-Junk: ${'j'.repeat(9000)}`),
    log: /bad frame from .*header block longer than 8192 bytes/,
  },
];

forEachTransport('bad input and limits', ({ kind }) => {
  describe('on a server with small limits', () => {
    let server: ServerProcess;
    const raws: RawClient[] = [];
    const raw = async (init = true): Promise<RawClient> => {
      const r = init ? await initialized(server.port) : await RawClient.connect(server.port);
      raws.push(r);
      return r;
    };
    before(async () => {
      server = await startServer(kind, [
        '--max-message-bytes',
        '1048576',
        '--max-output-bytes',
        '262144',
        '--idle-timeout-ms',
        '300',
        '--max-clients',
        '40',
      ]);
    });
    afterEach(() => {
      for (const r of raws.splice(0)) r.destroy();
    });
    after(() => server.stop());

    for (const c of wire) {
      it(`logs ${c.name} and keeps serving that connection`, async () => {
        const r = await raw();
        await r.write(c.bytes());
        await server.logLine(c.log);
        await r.write(frame(STATUS(1)));
        assert.equal((await r.reply<{ result: { name: string } }>(1)).result.name, 'simple-lsp');
        await r.write(frame(STATUS(2)));
        await r.reply(2);
      });
    }

    it('reads headers in any order and case, with or without Content-Type', async () => {
      const r = await raw();
      const body = Buffer.from(STATUS(3));
      await r.write(
        Buffer.concat([
          Buffer.from(
            `content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:  ${body.length} \r\n\r\n`,
          ),
          body,
        ]),
      );
      await r.reply(3);
    });

    it('takes a message delivered one byte at a time', async () => {
      const r = await raw();
      const bytes = frame(STATUS('slow'));
      for (let i = 0; i < bytes.length; i++) await r.write(bytes.subarray(i, i + 1));
      await r.reply('slow');
    });

    it('answers every one of many messages arriving in one packet', async () => {
      const r = await raw();
      const n = 200;
      await r.write(Buffer.concat(Array.from({ length: n }, (_, i) => frame(STATUS(i + 100)))));
      const replies = await Promise.all(Array.from({ length: n }, (_, i) => r.reply(i + 100)));
      assert.equal(replies.length, n);
    });

    for (const length of ['2000000', '123456789012345678901234']) {
      it(`tells a client sending a ${length.length}-digit length over the cap why, closes it, and serves others`, async () => {
        const r = await raw();
        await r.write(`Content-Length: ${length}\r\n\r\n{"jsonrpc":"2.0"`);
        const note = await r.next<{ params: { type: number; message: string } }>(
          (m) => m.method === 'window/showMessage',
        );
        assert.equal(note.params.type, 1);
        assert.match(
          note.params.message,
          new RegExp(`message of ${length} bytes exceeds the limit of 1048576 bytes`),
        );
        await r.closed;
        const other = await raw();
        await other.write(frame(STATUS('after')));
        await other.reply('after');
      });
    }

    it('closes a client that connects and sends nothing (idle timeout)', async () => {
      const r = await raw(false);
      const note = await r.next<{ params: { message: string } }>((m) => m.method === 'window/showMessage');
      assert.match(note.params.message, /nothing received within 300 ms/);
      await r.closed;
      await server.logLine(/session ended: idle timeout/);
    });

    it('disconnects a client that never reads its replies once its output passes the cap', async () => {
      const r = await raw();
      r.socket.pause(); // never read again
      const uri = uriOf('big.spl');
      const text = fixture('demo-mini/counter.spl').repeat(300);
      await r.send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'simple', version: 1, text } },
      });
      const ask = frame(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'textDocument/documentSymbol',
          params: { textDocument: { uri } },
        }),
      );
      await r.writeMayFail(Buffer.concat(Array.from({ length: 200 }, () => ask)));
      await server.logLine(
        /session ended: output buffer over 262144 bytes \(the client is not reading its replies\)/,
      );
      const other = await raw();
      await other.write(frame(STATUS('still')));
      await other.reply('still');
    });

    it('survives a client vanishing in the middle of a message', async () => {
      const r = await raw();
      await r.write('Content-Length: 500\r\n\r\n{"jsonrpc":"2.0","id":9,');
      r.destroy();
      await server.logLine(/session ended: client disconnected in the middle of a message/);
      const other = await raw();
      await other.write(frame(STATUS('alive')));
      await other.reply('alive');
    });

    it('survives a client vanishing in the middle of a reply', async () => {
      const r = await raw();
      const port = r.socket.localPort;
      const uri = uriOf('big2.spl');
      // A reply under the output cap but larger than the socket buffers: written while the client is gone.
      const text = fixture('demo-mini/counter.spl').repeat(100);
      await r.send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'simple', version: 1, text } },
      });
      await r.send({ id: 5, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
      r.destroy();
      await r.closed;
      const other = await raw();
      await other.write(frame(STATUS('alive2')));
      await other.reply('alive2');
      // The vanished client's session is gone, whichever way the server noticed (EOF or a failed send).
      await server.logLine(new RegExp(`127\\.0\\.0\\.1:${port}: session ended`));
    });
  });

  describe('with --max-clients 2', () => {
    let server: ServerProcess;
    before(async () => {
      server = await startServer(kind, ['--max-clients', '2']);
    });
    after(() => server.stop());

    it('refuses a third client politely and accepts again once one leaves', async () => {
      const a = await connectClient(server.port);
      const b = await connectClient(server.port);
      await a.initialize();
      await b.initialize();
      const c = await RawClient.connect(server.port);
      const note = await c.next<{ params: { message: string } }>((m) => m.method === 'window/showMessage');
      assert.match(note.params.message, /already has 2 clients \(--max-clients\); try again later/);
      await c.closed;
      assert.equal(await a.stop(), 0);
      await server.logLine(/tcp#1 .*session ended/);
      const d = await connectClient(server.port);
      await d.initialize();
      await d.dispose();
      await b.dispose();
    });
  });

  describe('over a Unix socket', () => {
    let server: ServerProcess;
    let dir: string;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-sock-'));
      server = await startServer(kind, ['--socket', path.join(dir, 'lsp.sock')]);
    });
    after(async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('creates the socket with mode 0600 and serves over it', async () => {
      const sock = path.join(dir, 'lsp.sock');
      assert.equal(fs.statSync(sock).mode & 0o777, 0o600);
      const c = await connectClient(sock);
      await c.initialize();
      assert.equal(await c.stop(), 0);
    });
  });

  describe('on IPv6 loopback', () => {
    let server: ServerProcess;
    before(async () => {
      server = await startServer(kind, ['--tcp', '[::1]:0']);
    });
    after(() => server.stop());

    it('listens on [::1] and serves', async () => {
      assert.match(await server.logLine(/listening on .* with transport/), /listening on \[::1\]:\d+/);
      const c = await connectClient(server.port, '::1');
      await c.initialize();
      assert.equal(await c.stop(), 0);
      await server.logLine(/tcp#1 \[::1\]:\d+: connected/);
    });
  });

  describe('bound to all interfaces with --allow-remote', () => {
    let server: ServerProcess;
    before(async () => {
      server = await startServer(kind, ['--tcp', '0.0.0.0:0', '--allow-remote']);
    });
    after(() => server.stop());

    it('warns that other machines can connect, and serves', async () => {
      await server.logLine(/WARN .*listening on 0\.0\.0\.0, which is not loopback .*no --token-file is set/);
      const c = await connectClient(server.port);
      await c.initialize();
      assert.equal(await c.stop(), 0);
    });
  });
});
