// The victim session of the hostile suite, as a process of its own (forked by index-support.ts): joins the
// server on port argv[2] with a one-file workspace in argv[3], then on 'start' asks for a hover in a
// closed loop and on 'stop' reports its worst round trip and how many answers it got.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectClient } from '../transport/support';
import type { StatusResult } from '../../server/src/features/status';

const TEXT = 'fn greet(name: text) -> text:\n    name\n\nfn main():\n    greet("x")\n';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const dir = process.argv[3];
  fs.writeFileSync(path.join(dir, 'main.spl'), TEXT);
  const client = await connectClient(port);
  const uri = pathToFileURL(path.join(dir, 'main.spl')).href;
  await client.initialize({ rootUri: pathToFileURL(dir).href });
  for (;;) {
    const s = await client.request<StatusResult>('simple/status');
    if (s.workspace !== 'none' && s.workspace.state === 'ready') break;
    await new Promise((r) => setTimeout(r, 20)); // polling the server's own report
  }
  await client.open(uri, TEXT);
  let running = false;
  let loop: Promise<{ worstMs: number; answered: number }> = Promise.resolve({ worstMs: 0, answered: 0 });
  process.on('message', (m: string) => {
    if (m === 'start') {
      running = true;
      loop = (async () => {
        let worstMs = 0;
        let answered = 0;
        while (running) {
          const t0 = performance.now();
          const h = await client.request('textDocument/hover', {
            textDocument: { uri },
            position: { line: 4, character: 5 },
          });
          if (h === null) throw new Error('a hover lost its answer');
          worstMs = Math.max(worstMs, performance.now() - t0);
          answered++;
        }
        return { worstMs, answered };
      })();
    } else if (m === 'stop') {
      running = false;
      loop.then(
        (r) => process.send!(r),
        (e: Error) => process.send!({ worstMs: 0, answered: 0, error: e.message }),
      );
    }
  });
  process.send!({ worstMs: 0, answered: 0 });
}

void main().catch((e: Error) => {
  process.send!({ worstMs: 0, answered: 0, error: e.message });
  process.exit(1);
});
