// Big message bodies decoded and parsed off the JS thread (body-parser.ts), and the reader keeping them in
// their place among the small ones (message-io.ts). Through the public API, with the real worker.
import * as assert from 'node:assert/strict';
import { BodyParser, parseHere } from '../../server/src/transport/body-parser';
import { BodyReader } from '../../server/src/transport/message-io';

const bytes = (o: unknown): Uint8Array => new Uint8Array(Buffer.from(JSON.stringify(o), 'utf8'));

describe('BodyParser (big bodies off the JS thread)', () => {
  let parser: BodyParser;
  beforeEach(() => (parser = new BodyParser()));
  afterEach(() => parser.stop());

  it('parses UTF-8 bytes as JSON.parse of their text does, in the worker', async () => {
    const message = {
      jsonrpc: '2.0',
      method: 'm',
      params: { text: 'é€𝄞\u0000"\\\n'.repeat(10_000), n: [1, null] },
    };
    assert.deepEqual(await parser.parse(bytes(message)), message);
    assert.deepEqual(parser.counts, { worker: 1, inline: 0 });
  });

  it('rejects a body that is not JSON with the parser’s error, and goes on', async () => {
    await assert.rejects(parser.parse(new Uint8Array(Buffer.from('{"a": '))), /JSON/);
    await assert.rejects(parser.parse(new Uint8Array(Buffer.from('[1,,]'))), /Unexpected token/);
    assert.deepEqual(await parser.parse(bytes({ a: 1 })), { a: 1 });
  });

  it('copies a view into a larger buffer instead of moving that buffer away from its owner', async () => {
    const whole = Buffer.from('xx{"v":7}yy');
    const view = whole.subarray(2, 9);
    assert.deepEqual(await parser.parse(view), { v: 7 });
    assert.equal(whole.toString(), 'xx{"v":7}yy');
  });

  it('answers many bodies in flight, each its own', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => parser.parse(bytes({ i }))));
    assert.deepEqual(
      all,
      Array.from({ length: 50 }, (_, i) => ({ i })),
    );
  });

  it('refuses bodies once stopped, and rejects the ones still waiting', async () => {
    const waiting = parser.parse(bytes({ x: 'y'.repeat(1 << 20) }));
    parser.stop();
    await assert.rejects(waiting, /stopped/);
    await assert.rejects(parser.parse(bytes({})), /stopped/);
  });

  it('parseHere (no worker) gives the same message and the same kind of error', async () => {
    assert.deepEqual(await parseHere(bytes({ a: 'é' })), { a: 'é' });
    await assert.rejects(parseHere(new Uint8Array(Buffer.from('[1,,]'))), /Unexpected token/);
  });
});

describe('BodyReader with big bodies (bytes)', () => {
  const small = (n: number): string => JSON.stringify({ jsonrpc: '2.0', method: 'n', params: { n } });
  const big = (n: number): Uint8Array =>
    bytes({ jsonrpc: '2.0', method: 'n', params: { n, pad: 'p'.repeat(1 << 20) } });

  it('hands messages to the library in the order they came, whichever were parsed off the thread', async () => {
    const parser = new BodyParser();
    const reader = new BodyReader(parser);
    const seen: number[] = [];
    let done: () => void;
    const all = new Promise<void>((r) => (done = r));
    reader.listen((m) => {
      seen.push((m as unknown as { params: { n: number } }).params.n);
      if (seen.length === 6) done();
    });
    reader.deliver(big(1));
    reader.deliver(small(2));
    reader.deliver(small(3));
    reader.deliver(big(4));
    reader.deliver(big(5));
    reader.deliver(small(6));
    // Counted while they wait, the big ones by their bytes.
    assert.ok(reader.queuedBytes > 3 << 20);
    await all;
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    assert.equal(reader.queuedBytes, 0);
    reader.closed();
    parser.stop();
  });

  it('reports a big body that is not JSON through onError and passes the next one', async () => {
    const parser = new BodyParser();
    const reader = new BodyReader(parser);
    const errors: string[] = [];
    reader.onError((e) => errors.push(e.message));
    const seen: number[] = [];
    const got = new Promise<void>((resolve) =>
      reader.listen((m) => {
        seen.push((m as unknown as { params: { n: number } }).params.n);
        resolve();
      }),
    );
    reader.deliver(new Uint8Array(Buffer.from('{"broken": ' + ' '.repeat(1 << 18))));
    reader.deliver(small(8));
    await got;
    assert.deepEqual(seen, [8]);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /message is not JSON/);
    reader.closed();
    parser.stop();
  });

  it('without a parser, parses big bodies itself, in order', async () => {
    const reader = new BodyReader();
    const seen: number[] = [];
    const got = new Promise<void>((resolve) =>
      reader.listen((m) => {
        seen.push((m as unknown as { params: { n: number } }).params.n);
        if (seen.length === 2) resolve();
      }),
    );
    reader.deliver(big(1));
    reader.deliver(small(2));
    await got;
    assert.deepEqual(seen, [1, 2]);
    reader.closed();
  });
});
