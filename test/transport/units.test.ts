// The pure parts of the shared server, as data: the JS framer (same rules as the native one), the transport
// decision, admission, and the pace at which bodies go to vscode-jsonrpc.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { admit, type AdmissionPolicy } from '../../server/src/transport/admission';
import { FrameParser } from '../../server/src/transport/frame-parser';
import { BodyReader } from '../../server/src/transport/message-io';
import { decideTransport, type TransportFacts } from '../../server/src/transport/select-transport';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

const framing: { name: string; chunks: string[]; bodies: string[]; problems?: RegExp[]; fatal?: RegExp }[] = [
  { name: 'one message', chunks: ['Content-Length: 2\r\n\r\n{}'], bodies: ['{}'] },
  { name: 'split everywhere', chunks: ['Cont', 'ent-Length: 2\r', '\n\r', '\n{', '}'], bodies: ['{}'] },
  {
    name: 'two in one chunk',
    chunks: ['Content-Length: 1\r\n\r\naContent-Length: 1\r\n\r\nb'],
    bodies: ['a', 'b'],
  },
  {
    name: 'Content-Type first, odd case',
    chunks: ['content-type: x\r\ncOnTeNt-LeNgTh: 1\r\n\r\nz'],
    bodies: ['z'],
  },
  { name: 'an empty body', chunks: ['Content-Length: 0\r\n\r\n'], bodies: [''] },
  {
    name: 'no Content-Length, then a good frame',
    chunks: ['X: 1\r\n\r\nbodyContent-Length: 1\r\n\r\nk'],
    bodies: ['k'],
    problems: [/header block without Content-Length/],
  },
  {
    name: 'negative length',
    chunks: ['Content-Length: -1\r\n\r\n'],
    bodies: [],
    problems: [/Content-Length is not a number: "-1"/],
  },
  {
    name: 'over the cap',
    chunks: ['Content-Length: 101\r\n\r\n'],
    bodies: [],
    fatal: /101 bytes exceeds the limit of 100/,
  },
  {
    name: 'utf-8 split across chunks',
    chunks: ['Content-Length: 4\r\n\r\n\xf0\x9f', '\x98\x80'],
    bodies: ['\u{1F600}'],
  },
];

describe('JS framer (net transport)', () => {
  for (const c of framing) {
    it(c.name, () => {
      const p = new FrameParser(100);
      const bodies: (string | Buffer)[] = [];
      const problems: string[] = [];
      let fatal: string | undefined;
      for (const chunk of c.chunks) {
        const r = p.feed(B(chunk));
        bodies.push(...r.bodies);
        problems.push(...r.problems);
        fatal ??= r.fatal;
      }
      assert.deepEqual(bodies, c.bodies);
      assert.equal(problems.length, c.problems?.length ?? 0, problems.join('; '));
      c.problems?.forEach((re, i) => assert.match(problems[i], re));
      if (c.fatal) assert.match(fatal ?? '', c.fatal);
      else assert.equal(fatal, undefined);
    });
  }
});

const ok: TransportFacts = { platform: 'linux', uringReason: 'io_uring ready' };
const noUring: TransportFacts = { platform: 'linux', uringProblem: 'io_uring_setup: EPERM' };
const noAddon: TransportFacts = { platform: 'linux', addonProblem: 'the addon is not built' };
const mac: TransportFacts = { platform: 'darwin' };

const decisions: {
  req: 'auto' | 'uring' | 'epoll' | 'net';
  facts: TransportFacts;
  strict?: boolean;
  kind?: string;
  error?: RegExp;
  reason?: RegExp;
}[] = [
  { req: 'auto', facts: ok, kind: 'uring', reason: /auto: io_uring ready/ },
  { req: 'auto', facts: noUring, kind: 'epoll', reason: /io_uring unavailable \(io_uring_setup: EPERM\)/ },
  { req: 'auto', facts: noAddon, kind: 'net', reason: /the addon is not built/ },
  { req: 'auto', facts: mac, kind: 'net', reason: /Linux-only/ },
  { req: 'uring', facts: noUring, error: /--transport uring is unavailable: io_uring_setup: EPERM/ },
  { req: 'epoll', facts: noAddon, error: /--transport epoll is unavailable/ },
  { req: 'epoll', facts: ok, kind: 'epoll' },
  { req: 'net', facts: ok, kind: 'net' },
  { req: 'auto', facts: noUring, strict: true, error: /required \(SIMPLE_LSP_REQUIRE_NATIVE=1\)/ },
  { req: 'auto', facts: noAddon, strict: true, error: /required/ },
  { req: 'auto', facts: ok, strict: true, kind: 'uring' },
  { req: 'net', facts: ok, strict: true, kind: 'net' },
  { req: 'epoll', facts: noUring, strict: true, kind: 'epoll' },
];

describe('transport decision', () => {
  for (const d of decisions) {
    it(`${d.req} on ${JSON.stringify(d.facts)}${d.strict ? ' (required native)' : ''}`, () => {
      if (d.error) {
        assert.throws(() => decideTransport(d.req, d.facts, d.strict ?? false), d.error);
        return;
      }
      const c = decideTransport(d.req, d.facts, d.strict ?? false);
      assert.equal(c.kind, d.kind);
      if (d.reason) assert.match(c.reason, d.reason);
    });
  }
});

describe('admission', () => {
  const root = path.resolve('/srv/code/project');
  const policy: AdmissionPolicy = { workspaces: [root], allowRoots: [path.resolve('/home/u/src')] };
  const cases: { name: string; params: object; refused?: RegExp }[] = [
    { name: 'the root', params: { rootUri: pathToFileURL(root).href } },
    { name: 'rootPath inside', params: { rootPath: path.join(root, 'lib') } },
    { name: 'under a prefix', params: { rootUri: pathToFileURL('/home/u/src/a').href } },
    {
      name: 'a sibling with a common prefix',
      params: { rootUri: pathToFileURL(`${root}-evil`).href },
      refused: /not served/,
    },
    {
      name: 'dot-dot out',
      params: { rootUri: pathToFileURL(`${root}/../other`).href },
      refused: /not served/,
    },
    { name: 'a non-string rootUri', params: { rootUri: 5 }, refused: /rootUri must be a string/ },
  ];
  for (const c of cases) {
    it(`${c.refused ? 'refuses' : 'admits'} ${c.name}`, () => {
      const r = admit(policy, c.params);
      if (c.refused) assert.match(r ?? '', c.refused);
      else assert.equal(r, undefined);
    });
  }
  it('compares the token exactly', () => {
    const p = { ...policy, token: 'abc' };
    assert.equal(admit(p, { initializationOptions: { token: 'abc' } }), undefined);
    assert.match(admit(p, { initializationOptions: { token: 'abcd' } }) ?? '', /token/);
    assert.match(admit(p, { initializationOptions: null }) ?? '', /token/);
  });
});

describe('BodyReader (bodies to vscode-jsonrpc)', () => {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const body = (n: number): string => JSON.stringify({ jsonrpc: '2.0', method: 'n', params: { n } });

  it('passes one body per turn of the event loop and counts the rest (a batch does not bypass the count)', async () => {
    const reader = new BodyReader();
    const seen: number[] = [];
    reader.listen((m) => seen.push((m as unknown as { params: { n: number } }).params.n));
    const batch = [1, 2, 3, 4].map(body);
    for (const b of batch) reader.deliver(b);
    // The first goes on at once (an idle session is not delayed); the other three wait, counted.
    assert.deepEqual(seen, [1]);
    assert.equal(reader.queuedCount, 3);
    assert.equal(reader.queuedBytes, batch[1].length + batch[2].length + batch[3].length);
    await turn();
    assert.deepEqual(seen, [1, 2]);
    await turn();
    await turn();
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.equal(reader.queuedBytes, 0);
    // A body arriving in the turn right after one was passed waits for the next turn too.
    reader.deliver(body(5));
    assert.equal(reader.queuedCount, 1);
    await turn();
    await turn();
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    reader.closed();
  });

  it('reports each body it passes back through onDrained, and drops everything once closed', async () => {
    const reader = new BodyReader();
    let drained = 0;
    const seen: string[] = [];
    reader.onDrained = () => drained++;
    reader.listen((m) => seen.push(JSON.stringify(m)));
    for (let i = 0; i < 3; i++) reader.deliver(body(i));
    await turn();
    assert.equal(drained, 1);
    reader.closed();
    reader.deliver(body(9));
    await turn();
    await turn();
    assert.equal(seen.length, 2);
    assert.equal(reader.queuedBytes, 0);
  });
});
