// Worker thread of the indexer: reads files (their pages are already resident: the store prefaulted
// them), parses each and sends back its summary. Only summaries cross back to the main thread, never text.
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { summarizeText } from '../language/summary';
import type { SummaryJob, SummaryReply } from './summary-job';

export function summarizeJob(job: SummaryJob): SummaryReply {
  const reply: SummaryReply = { seq: job.seq, results: [] };
  for (const file of job.files) {
    try {
      const bytes = fs.readFileSync(file.path);
      const text = bytes.toString('utf8');
      // Byte and UTF-16 lengths agree only when every character is one byte: offsets are the same.
      reply.results.push({ id: file.id, summary: summarizeText(text, bytes.length === text.length) });
    } catch (e) {
      reply.results.push({ id: file.id, error: (e as Error).message });
    }
  }
  return reply;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: SummaryJob) => {
    const reply = summarizeJob(job);
    const transfer = reply.results.flatMap((r) =>
      r.summary ? [r.summary.symbols.buffer as ArrayBuffer, r.summary.words.buffer as ArrayBuffer] : [],
    );
    port.postMessage(reply, transfer);
  });
}
