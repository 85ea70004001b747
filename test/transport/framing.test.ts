// The one TypeScript framer (frame-parser.ts: stdio and the `net` transport) as data: each case is fed in
// chunks of 1, 7 and 64 bytes and all at once, and must give the same bodies and problems every time.
import * as assert from 'node:assert/strict';
import { FrameParser } from '../../server/src/transport/frame-parser';

const msg = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const A = msg('{"id":1}');
const B = msg('{"id":"é"}');

interface Case {
  name: string;
  input: string;
  bodies: string[];
  problems: RegExp[];
  fatal?: RegExp;
  /** The cap on a body (default 1 MiB). */
  max?: number;
}

const cases: Case[] = [
  { name: 'good frames', input: A + B, bodies: ['{"id":1}', '{"id":"é"}'], problems: [] },
  {
    name: 'other headers are accepted',
    input: `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n${A}`,
    bodies: ['{"id":1}'],
    problems: [],
  },
  {
    name: 'a body that is not JSON passes (the reader reports it)',
    input: msg('{nope') + A,
    bodies: ['{nope', '{"id":1}'],
    problems: [],
  },
  {
    name: 'missing Content-Length',
    input: 'Content-Type: x\r\n\r\n{"id":7}' + A,
    bodies: ['{"id":1}'],
    problems: [/without Content-Length/],
  },
  {
    name: 'non-numeric Content-Length',
    input: 'Content-Length: abc\r\n\r\n{"id":7}' + A + B,
    bodies: ['{"id":1}', '{"id":"é"}'],
    problems: [/not a number: "abc"/],
  },
  {
    name: 'header line without colon',
    input: 'garbage\r\n\r\n' + A,
    bodies: ['{"id":1}'],
    problems: [/malformed header line "garbage"/],
  },
  {
    name: 'Content-Length shorter than the body',
    input: 'Content-Length: 3\r\n\r\n{"id":7}' + A,
    bodies: ['{"i', '{"id":1}'],
    problems: [/without Content-Length/],
  },
  {
    name: 'garbage without any header end',
    input: 'x'.repeat(9000) + A,
    bodies: ['{"id":1}'],
    problems: [/longer than 8192 bytes/],
  },
  {
    name: 'a body over the cap is fatal, and nothing after it is read',
    input: msg('x'.repeat(101)) + A,
    bodies: [],
    problems: [],
    fatal: /message of 101 bytes exceeds the limit of 100 bytes/,
    max: 100,
  },
  {
    name: 'an absurd Content-Length is refused from its header',
    input: 'Content-Length: 99999999999999999999\r\n\r\n',
    bodies: [],
    problems: [],
    fatal: /exceeds the limit/,
  },
];

function run(c: Case, size: number): { bodies: (string | Buffer)[]; problems: string[]; fatal?: string } {
  const p = new FrameParser(c.max ?? 1 << 20);
  const out: { bodies: (string | Buffer)[]; problems: string[]; fatal?: string } = {
    bodies: [],
    problems: [],
  };
  const bytes = Buffer.from(c.input, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    const r = p.feed(bytes.subarray(i, i + size));
    out.bodies.push(...r.bodies);
    out.problems.push(...r.problems);
    out.fatal ??= r.fatal;
  }
  return out;
}

describe('FrameParser (stdio and net)', () => {
  for (const c of cases)
    it(c.name, () => {
      for (const size of [1, 7, 64, 1 << 20]) {
        const r = run(c, size);
        assert.deepEqual(r.bodies, c.bodies, `chunk size ${size}`);
        assert.equal(r.problems.length, c.problems.length, `chunk size ${size}: ${r.problems.join(' | ')}`);
        c.problems.forEach((p, i) => assert.match(r.problems[i], p));
        if (c.fatal) assert.match(r.fatal ?? '', c.fatal, `chunk size ${size}`);
        else assert.equal(r.fatal, undefined);
      }
    });

  it('holds a body arriving in many chunks without joining it per chunk (counts what it holds)', () => {
    const body = 'y'.repeat(1 << 20);
    const p = new FrameParser(2 << 20);
    const bytes = Buffer.from(msg(body));
    const size = 1024;
    let bodies: (string | Buffer)[] = [];
    for (let i = 0; i < bytes.length; i += size) {
      const r = p.feed(bytes.subarray(i, i + size));
      if (i + size < bytes.length)
        assert.equal(p.heldBytes, Math.min(i + size, bytes.length) - (bytes.length - body.length));
      bodies = bodies.concat(r.bodies);
    }
    assert.deepEqual(bodies, [body]);
    assert.equal(p.heldBytes, 0);
    assert.equal(p.midMessage, false);
  });

  it('passes a body longer than its inline limit as its bytes, undecoded; shorter ones as text', () => {
    const small = '{"s":"é"}';
    const big = JSON.stringify({ x: 'é€𝄞'.repeat(40) });
    const input = Buffer.from(msg(small) + msg(big) + msg(small));
    for (const size of [1, 7, 64, 1 << 20]) {
      const p = new FrameParser(1 << 20, 64);
      const bodies: (string | Buffer)[] = [];
      for (let i = 0; i < input.length; i += size) bodies.push(...p.feed(input.subarray(i, i + size)).bodies);
      assert.equal(bodies.length, 3, `chunk size ${size}`);
      assert.equal(bodies[0], small);
      assert.ok(Buffer.isBuffer(bodies[1]), `chunk size ${size}: the big body as bytes`);
      assert.equal(bodies[1].length, Buffer.byteLength(big));
      assert.equal(bodies[1].toString('utf8'), big);
      assert.equal(bodies[2], small);
    }
  });
});
