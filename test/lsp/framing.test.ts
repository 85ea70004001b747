import * as assert from 'node:assert/strict';
import { FrameGuard } from '../../server/src/transport/framing';

const msg = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const A = msg('{"id":1}');
const B = msg('{"id":"é"}');

interface Case {
  name: string;
  input: string;
  output: string;
  problems: RegExp[];
}

const cases: Case[] = [
  { name: 'good frames pass unchanged', input: A + B, output: A + B, problems: [] },
  {
    name: 'other headers are kept',
    input: `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n${A}`,
    output: `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n${A}`,
    problems: [],
  },
  {
    name: 'a body that is not JSON passes (the reader reports it)',
    input: msg('{nope') + A,
    output: msg('{nope') + A,
    problems: [],
  },
  {
    name: 'missing Content-Length',
    input: 'Content-Type: x\r\n\r\n{"id":7}' + A,
    output: A,
    problems: [/without Content-Length/],
  },
  {
    name: 'non-numeric Content-Length',
    input: 'Content-Length: abc\r\n\r\n{"id":7}' + A + B,
    output: A + B,
    problems: [/not a number: "abc"/],
  },
  {
    name: 'header line without colon',
    input: 'garbage\r\n\r\n' + A,
    output: A,
    problems: [/malformed header line "garbage"/],
  },
  {
    name: 'Content-Length shorter than the body',
    input: 'Content-Length: 3\r\n\r\n{"id":7}' + A,
    output: 'Content-Length: 3\r\n\r\n{"i' + A,
    problems: [/without Content-Length/],
  },
  {
    name: 'garbage without any header end',
    input: 'x'.repeat(9000) + A,
    output: A,
    problems: [/longer than 8192 bytes/],
  },
];

/** Feeds `input` in chunks of `size` bytes; returns what came out and the problems reported. */
async function run(input: string, size: number): Promise<{ output: string; problems: string[] }> {
  const problems: string[] = [];
  const guard = new FrameGuard((p) => problems.push(p));
  const out: Buffer[] = [];
  guard.on('data', (b: Buffer) => out.push(b));
  const finished = new Promise((resolve) => guard.on('end', resolve));
  const bytes = Buffer.from(input, 'utf8');
  for (let i = 0; i < bytes.length; i += size) guard.write(bytes.subarray(i, i + size));
  guard.end();
  await finished;
  return { output: Buffer.concat(out).toString('utf8'), problems };
}

async function check(c: Case): Promise<void> {
  for (const size of [1, 7, 64, 1 << 20]) {
    const { output, problems } = await run(c.input, size);
    assert.equal(output, c.output, `chunk size ${size}`);
    assert.equal(problems.length, c.problems.length, `chunk size ${size}: ${problems.join(' | ')}`);
    c.problems.forEach((p, i) => assert.match(problems[i], p));
  }
}

describe('FrameGuard', () => {
  for (const c of cases) it(c.name, () => check(c));
});
