// Hostile clients against a real server process, on every TCP transport (and stdio where the row applies):
// issue 16 rows 2, 3, 4, 9, 13, 14 and 15. Each attack runs beside a victim session; the test asserts the
// victim lost nothing and was answered within a bound, and that the server's memory stayed bounded.
// The bounds are generous (a shared 2-core machine) but far below what each attack cost before its fix.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { frame, MAIN_JS, spawnServer } from '../support/client';
import {
  connectClient,
  forEachTransport,
  RawClient,
  startServer,
  type ServerProcess,
} from '../transport/support';
import { assertRssUnder, cpuSeconds, mainThreadCpuSeconds, RssWatch, Victim } from './support';

const INIT = {
  id: 'init',
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {} },
};
/** Worst victim latency allowed while an attack runs. */
const WORST_MS = 2000;

const body = (o: object): Buffer => frame(JSON.stringify({ jsonrpc: '2.0', ...o }));
const untilClosed = (raw: RawClient, ms: number): Promise<boolean> =>
  Promise.race([
    raw.closed.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref()),
  ]);

forEachTransport('hostile clients', ({ kind }) => {
  let server: ServerProcess;
  afterEach(async () => server?.stop());
  const start = (args: string[] = []): Promise<ServerProcess> =>
    startServer(kind, ['--log-level', 'info', ...args]).then((s) => (server = s));

  it('row 2: messages that make the library throw fail alone; other sessions lose nothing', async function () {
    this.timeout(60_000);
    await start();
    const victim = await Victim.start(server.port);
    const attackers = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.port)));
    const bad = Buffer.concat([
      body({ method: '$/cancelRequest' }),
      frame('{}'),
      frame('{"jsonrpc":"2.0","id":null}'),
      body({ method: '$/cancelRequest', params: null }),
    ]);
    for (let round = 0; round < 50; round++) for (const a of attackers) await a.writeMayFail(bad);
    await victim.answers(20);
    for (const a of attackers) a.destroy();
    await Promise.all(attackers.map((a) => a.closed));
    const r = await victim.stop();
    assert.equal(r.lost, 0);
    assert.ok(
      r.worstMs < victim.bound(WORST_MS),
      `victim worst ${r.worstMs.toFixed(0)} ms (quiet ${victim.baselineMs.toFixed(1)} ms)`,
    );
    // No phantom sessions: the attackers' close events were not dropped with their batch.
    const probe = await connectClient(server.port);
    await probe.initialize();
    const status = await probe.request<{ tcp?: { sessions: number } }>('simple/status');
    assert.equal(status.tcp?.sessions, 1);
    await probe.stop();
  });

  it('row 3: a client flooding notifications it never stops sending is held back, then cut off; memory stays bounded', async function () {
    this.timeout(60_000);
    await start([
      '--max-message-bytes',
      '1048576',
      '--max-input-bytes',
      '4194304',
      '--idle-timeout-ms',
      '2000',
    ]);
    const rss = new RssWatch(server.child.pid!);
    const victim = await Victim.start(server.port);
    const flooder = await RawClient.connect(server.port);
    await flooder.send(INIT);
    const note = body({ method: '$/cancelRequest', params: { id: 'nothing' } });
    const chunk = Buffer.concat(Array.from({ length: 2000 }, () => note));
    const until = performance.now() + 10_000;
    let sent = 0;
    let closed = false;
    void flooder.closed.then(() => (closed = true));
    flooder.socket.on('error', () => undefined);
    while (performance.now() < until && !closed) {
      if (!flooder.socket.write(chunk))
        await Promise.race([new Promise((r) => flooder.socket.once('drain', r)), flooder.closed]);
      sent += chunk.length;
    }
    const mem = rss.stop();
    const r = await victim.stop();
    flooder.destroy();
    assert.ok(closed, `the flooder was not cut off (sent ${(sent / 2 ** 20).toFixed(0)} MiB)`);
    assert.ok(
      server.count(/input sent faster than it is served for 2000 ms .*; closing/) === 1,
      server.logText.slice(-2000),
    );
    assert.equal(r.lost, 0);
    assert.ok(
      r.worstMs < victim.bound(WORST_MS),
      `victim worst ${r.worstMs.toFixed(0)} ms (quiet ${victim.baselineMs.toFixed(1)} ms)`,
    );
    assertRssUnder(
      mem.growth,
      100,
      `RSS grew ${mem.growth.toFixed(0)} MiB (flooder sent ${(sent / 2 ** 20).toFixed(0)} MiB)`,
    );
  });

  it('row 3: a client that sends requests and never reads the replies is cut off; memory stays bounded', async function () {
    this.timeout(60_000);
    await start(['--max-output-bytes', '1048576', '--idle-timeout-ms', '2000']);
    const rss = new RssWatch(server.child.pid!);
    const victim = await Victim.start(server.port);
    const sink = await RawClient.connect(server.port);
    await sink.send(INIT);
    sink.socket.pause(); // never reads
    const ask = Buffer.concat(
      Array.from({ length: 500 }, (_, i) => body({ id: i, method: 'simple/status' })),
    );
    let closed = false;
    void sink.closed.then(() => (closed = true));
    const until = performance.now() + 40_000;
    while (!closed && performance.now() < until) {
      sink.socket.write(ask);
      await new Promise((r) => setTimeout(r, 5));
    }
    const mem = rss.stop();
    const r = await victim.stop();
    sink.destroy();
    assert.ok(closed, 'the client that does not read was not cut off');
    assert.equal(r.lost, 0);
    assert.ok(
      r.worstMs < victim.bound(WORST_MS),
      `victim worst ${r.worstMs.toFixed(0)} ms (quiet ${victim.baselineMs.toFixed(1)} ms)`,
    );
    assertRssUnder(mem.growth, 150, `RSS grew ${mem.growth.toFixed(0)} MiB`);
  });

  it('row 3: connections holding big partial messages are bounded together, then cut off', async function () {
    this.timeout(60_000);
    const MiB = 1 << 20;
    await start([
      '--max-message-bytes',
      String(8 * MiB),
      '--max-input-bytes',
      String(8 * MiB),
      '--idle-timeout-ms',
      '3000',
    ]);
    const rss = new RssWatch(server.child.pid!);
    const victim = await Victim.start(server.port);
    const holders = await Promise.all(Array.from({ length: 16 }, () => RawClient.connect(server.port)));
    const part = Buffer.alloc(256 * 1024, 0x61);
    // Each announces 8 MiB and sends up to 7 MiB of it: 112 MiB unbounded, far more than the budget.
    await Promise.all(
      holders.map(async (h) => {
        h.socket.on('error', () => undefined);
        await h.writeMayFail(`Content-Length: ${8 * MiB}\r\n\r\n`);
        for (let i = 0; i < 28 && !h.socket.destroyed; i++)
          if (!h.socket.write(part))
            await Promise.race([new Promise((r) => h.socket.once('drain', r)), h.closed]);
      }),
    ).catch(() => undefined);
    const closed = await Promise.all(holders.map((h) => untilClosed(h, 15_000)));
    const mem = rss.stop();
    const r = await victim.stop();
    assert.deepEqual(
      closed,
      holders.map(() => true),
      'stalled partial messages were not cut off',
    );
    assert.equal(r.lost, 0);
    assert.ok(
      r.worstMs < victim.bound(WORST_MS),
      `victim worst ${r.worstMs.toFixed(0)} ms (quiet ${victim.baselineMs.toFixed(1)} ms)`,
    );
    assertRssUnder(mem.growth, 90, `RSS grew ${mem.growth.toFixed(0)} MiB`);
    assert.ok(
      server.count(/no whole message within 3000 ms while one is partly received; closing/) > 0,
      'the progress timeout did not fire',
    );
  });

  it('row 4: connections that stall mid-header after initializing do not keep their slots', async function () {
    this.timeout(60_000);
    await start(['--max-clients', '3', '--idle-timeout-ms', '1500']);
    const stallers = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.port)));
    for (const s of stallers) {
      await s.send(INIT);
      await s.reply('init');
      await s.write('Content-Length: 50\r\n'); // and never the rest
    }
    const closed = await Promise.all(stallers.map((s) => untilClosed(s, 10_000)));
    assert.deepEqual(closed, [true, true, true]);
    assert.ok(
      server.count(/no whole message within 1500 ms while one is partly received; closing/) === 3,
      server.logText.slice(-2000),
    );
    const victim = await Victim.start(server.port); // a slot is free again
    await victim.answers(3);
    const r = await victim.stop();
    assert.equal(r.lost, 0);
  });

  it('row 4: a slot is free again as soon as the client sees its connection closed', async function () {
    // The slot used to be given back when the transport reported the connection Closed, which on `net`
    // can come after the client has seen the close and connected again: that client was refused (and the
    // test above, waiting for a victim to initialize, hung). A session the host closes holds no slot.
    this.timeout(60_000);
    await start(['--max-clients', '1']);
    let client = await RawClient.connect(server.port);
    await client.send(INIT);
    await client.reply('init');
    let refused = 0;
    for (let round = 0; round < 100; round++) {
      await client.send({ method: 'exit' });
      await client.closed;
      client = await RawClient.connect(server.port);
      await client.send(INIT);
      const answer = await Promise.race([
        client.reply('init').then(() => 'admitted'),
        client.next((m) => m.method === 'window/showMessage').then(() => 'refused'),
      ]);
      if (answer === 'admitted') continue;
      refused++;
      await client.closed;
      client = await RawClient.connect(server.port);
      await client.send(INIT);
      await client.reply('init');
    }
    client.destroy();
    assert.equal(refused, 0, `${refused} of 100 reconnections were refused`);
  });

  it('row 4: a connection that never initializes is closed', async function () {
    this.timeout(30_000);
    await start(['--idle-timeout-ms', '1000']);
    const raw = await RawClient.connect(server.port);
    const stop = setInterval(
      () => void raw.writeMayFail(body({ method: '$/cancelRequest', params: { id: 1 } })),
      100,
    );
    const closed = await untilClosed(raw, 10_000);
    clearInterval(stop);
    assert.ok(closed);
    await server.logLine(/not initialized within 1000 ms/);
  });

  it('row 9: a quiet connection is answered as fast as on the net transport (no late wake-up)', async function () {
    this.timeout(60_000);
    await start();
    // The reference runs at the same time, so machine load inflates both alike.
    const reference = await startServer('net', ['--log-level', 'info']);
    try {
      const c = await connectClient(server.port);
      const r = await connectClient(reference.port);
      await c.initialize();
      await r.initialize();
      const mine: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < 40; i++) {
        for (const [client, times] of [
          [c, mine],
          [r, theirs],
        ] as const) {
          const t = performance.now();
          await client.request('simple/status');
          times.push(performance.now() - t);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      await c.stop();
      await r.stop();
      const median = (t: number[]): number => [...t].sort((a, b) => a - b)[t.length >> 1];
      // DEFER_TASKRUN gave ~20 ms here on io_uring against ~1 ms on net.
      assert.ok(
        median(mine) < 2 * median(theirs) + 5,
        `median round trip ${median(mine).toFixed(1)} ms, net ${median(theirs).toFixed(1)} ms`,
      );
    } finally {
      await reference.stop();
    }
  });

  it('row 13: a 16 MiB message in small chunks does not block other sessions', async function () {
    this.timeout(60_000);
    await start();
    const victim = await Victim.start(server.port);
    const big = await RawClient.connect(server.port);
    await big.send(INIT);
    const cpu = cpuSeconds(server.child.pid!);
    const payload = frame(
      JSON.stringify({ jsonrpc: '2.0', method: '$/big', params: { x: 'a'.repeat(16 * 1024 * 1024 - 100) } }),
    );
    for (let i = 0; i < payload.length; i += 16 * 1024) {
      if (!big.socket.write(payload.subarray(i, i + 16 * 1024)))
        await new Promise((r) => big.socket.once('drain', r));
    }
    await victim.answers(5);
    const status = await (async () => {
      await big.send({ id: 'after', method: 'simple/status' });
      return big.reply('after');
    })();
    assert.ok(status);
    // Framing that joined the buffer per chunk cost ~6.6 s of CPU here (16 MiB in 16 KiB chunks): CPU
    // time, unlike latency, does not depend on how busy the rest of the machine is.
    const used = cpuSeconds(server.child.pid!) - cpu;
    const r = await victim.stop();
    big.destroy();
    assert.equal(r.lost, 0);
    // The victim's latency is not bounded here: parsing one 16 MiB JSON message is one unavoidable block of
    // the loop (documents that large are row 12's subject); what row 13 fixed is the framing cost.
    assert.ok(used < 2.5, `the server used ${used.toFixed(2)} s of CPU for one 16 MiB message`);
  });

  it('row 12: 8 MiB messages are decoded and parsed off the JS thread, in order; other sessions go on', async function () {
    this.timeout(120_000);
    await start();
    const pid = server.child.pid!;
    const big = await RawClient.connect(server.port);
    await big.send(INIT);
    await big.reply('init');
    await big.send({ method: 'initialized', params: {} });
    const note = body({ method: '$/big', params: { x: 'b'.repeat(8 << 20) } });
    const text = 'fn f():\n    pass\n'.repeat((8 << 20) / 17);
    const uri = 'untitled:big.spl';
    const open = body({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'simple', version: 1, text } },
    });
    const burst = async (id: string): Promise<void> => {
      for (let i = 0; i < 8; i++)
        if (!big.socket.write(note)) await new Promise((r) => big.socket.once('drain', r));
      await big.send({ id, method: 'simple/status' });
      await big.reply(id);
    };
    // Alone first: the bodies are decoded and parsed off the main thread. Before, that thread did all of
    // it (94-97% of the process's CPU for these messages, on every transport); now under half. CPU
    // shares, unlike latencies, do not depend on how busy the rest of the machine is.
    const main0 = mainThreadCpuSeconds(pid);
    const all0 = cpuSeconds(pid);
    await burst('alone');
    const main = mainThreadCpuSeconds(pid) - main0;
    const all = cpuSeconds(pid) - all0;
    assert.ok(
      main < 0.75 * all,
      `the main thread used ${main.toFixed(2)} s of the process's ${all.toFixed(2)} s for 8 × 8 MiB`,
    );
    // Big legal documents are still served: one over the analysis limit gets its one diagnostic; one under
    // it (parsed off the thread too, at 600 KB) is outlined by a request sent right behind it, which the
    // library must therefore see after it.
    big.socket.write(open);
    const diagnostics = await big.next<{ params: { diagnostics: { code?: string }[] } }>(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
    );
    assert.deepEqual(
      diagnostics.params.diagnostics.map((d) => d.code),
      ['too-large'],
    );
    const functions = 30_000;
    const legal = Array.from({ length: functions }, (_, i) => `fn f${i}():\n    pass\n`).join('');
    assert.ok(legal.length > 4 * 128 * 1024 && legal.length < 1024 * 1024);
    const legalUri = 'untitled:legal.spl';
    big.socket.write(
      Buffer.concat([
        body({
          method: 'textDocument/didOpen',
          params: { textDocument: { uri: legalUri, languageId: 'simple', version: 1, text: legal } },
        }),
        body({
          id: 'outline',
          method: 'textDocument/documentSymbol',
          params: { textDocument: { uri: legalUri } },
        }),
      ]),
    );
    const outline = await big.reply<{ result: unknown[] | null }>('outline');
    assert.equal(outline.result?.length, functions);
    // Beside a victim: it loses nothing and is answered within the bound.
    const victim = await Victim.start(server.port);
    await burst('beside');
    await victim.answers(5);
    const r = await victim.stop();
    big.destroy();
    assert.equal(r.lost, 0);
    assert.ok(
      r.worstMs < victim.bound(WORST_MS),
      `victim worst ${r.worstMs.toFixed(0)} ms (quiet ${victim.baselineMs.toFixed(1)} ms)`,
    );
  });

  it('SIGTERM ends the shared server within a second while clients are mid-message', async function () {
    await start();
    const victim = await Victim.start(server.port);
    const holder = await RawClient.connect(server.port);
    await holder.write(`Content-Length: 1000000\r\n\r\n${'x'.repeat(500_000)}`);
    await victim.answers(3);
    const t = performance.now();
    server.child.kill('SIGTERM');
    await server.exited;
    assert.ok(performance.now() - t < 1000, `took ${(performance.now() - t).toFixed(0)} ms`);
    assert.ok(victim.abandon().answered >= 3);
  });

  it('row 15: shutdown before initialize is refused with -32002 and the session goes on', async function () {
    await start();
    const raw = await RawClient.connect(server.port);
    await raw.send({ id: 'early', method: 'shutdown' });
    const early = await raw.reply<{ error?: { code: number } }>('early');
    assert.equal(early.error?.code, -32002);
    await raw.send(INIT);
    const init = await raw.reply<{ result?: unknown }>('init');
    assert.ok(init.result);
    await raw.send({ id: 'down', method: 'shutdown' });
    assert.deepEqual((await raw.reply<{ result?: unknown }>('down')).result, null);
    raw.destroy();
  });
});

describe('hostile clients [stdio]', () => {
  it('row 14: an absurd Content-Length is logged and refused, and the session ends', async function () {
    this.timeout(30_000);
    const client = spawnServer(['--stdio', '--log-level', 'info']);
    await client.writeRaw(Buffer.from('Content-Length: 100000000\r\n\r\n{"jsonrpc":'));
    assert.equal(await client.exited, 1);
    assert.match(client.logText, /message of 100000000 bytes exceeds the limit of 16777216 bytes/);
  });

  it('row 15: shutdown before initialize is refused with -32002 and the session goes on', async function () {
    const client = spawnServer(['--stdio', '--log-level', 'info']);
    await assert.rejects(client.request('shutdown'), (e: { code?: number }) => e.code === -32002);
    await client.initialize();
    assert.equal(await client.stop(), 0);
  });

  it('row 12: a big legal document (parsed off the JS thread) is served over stdio, in order', async function () {
    this.timeout(30_000);
    const client = spawnServer(['--stdio', '--log-level', 'info']);
    await client.initialize();
    const functions = 30_000;
    const legal = Array.from({ length: functions }, (_, i) => `fn f${i}():\n    pass\n`).join('');
    const uri = 'untitled:legal.spl';
    await client.open(uri, legal);
    const outline = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(outline.length, functions);
    assert.equal(await client.stop(), 0);
  });

  it('SIGTERM ends a stdio server within a second', async function () {
    const child = spawn(process.execPath, [MAIN_JS, '--stdio', '--log-level', 'info'], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write(
      body({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }),
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const t = performance.now();
    child.kill('SIGTERM');
    await exited;
    assert.ok(performance.now() - t < 1000, `took ${(performance.now() - t).toFixed(0)} ms`);
  });
});
