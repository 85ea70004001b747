// The transport micro-benchmark's server: a transport (uring, epoll or net, argv[2]) with a trivial handler
// — parse each request, reply with a ~320-byte result — so the figures are the transport's, not the
// language server's. Prints "listening PORT" on stdout.
import { packageInfo } from '../../server/src/package-info';
import { gatherFacts, selectionFor } from '../../server/src/transport/select-transport';
import { DEFAULT_LIMITS, EventKind, type TransportKind } from '../../server/src/transport/transport';

const kind = process.argv[2] as TransportKind;
const facts = gatherFacts(packageInfo().root);
const transport = selectionFor(kind, 'bench', facts.addon).create(
  { ...DEFAULT_LIMITS, maxConnections: 4096 },
  (events) => {
    for (let i = 0; i < events.length; i += 3) {
      if (events[i] !== EventKind.Message) continue;
      const id = events[i + 1] as number;
      const request = JSON.parse(events[i + 2] as string) as { id: number; params: { n: number } };
      transport.send(
        id,
        JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { n: request.params.n, pad: PAD } }),
      );
    }
  },
);
const PAD = 'x'.repeat(260);

transport.listen({ kind: 'tcp', host: '127.0.0.1', port: 0 }).then(
  (bound) => process.stdout.write(`listening ${bound.kind === 'tcp' ? bound.port : 0}\n`),
  (error: unknown) => {
    process.stderr.write(`echo server: ${String(error)}\n`);
    process.exit(1);
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    transport.stop();
    process.exit(0);
  });
}
