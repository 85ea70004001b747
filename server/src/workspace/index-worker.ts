// Worker thread of the indexer: reads files (their pages are already resident: the store prefaulted
// them), parses each and sends back its summary. Only summaries cross back to the main thread, never text.
// A file is read only if it is a regular file (opened non-blocking, so a FIFO or device put in its place
// never blocks the worker), no larger than MAX_INDEXED_BYTES, and free of NUL bytes (binary).
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { summarizeText } from '../language/summary';
import { MAX_INDEXED_BYTES, SNIFF_BYTES, type SummaryJob, type SummaryReply } from './summary-job';

const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOCTTY ?? 0);

/** The bytes of a regular source file, or throws with the reason it is not indexed. */
export function readSource(file: string): Buffer {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_INDEXED_BYTES)
      throw new Error(`${st.size} bytes: larger than the ${MAX_INDEXED_BYTES}-byte index limit`);
    // One byte more than the size: a file that grew past the limit since fstat is seen.
    const bytes = Buffer.allocUnsafe(Math.min(st.size, MAX_INDEXED_BYTES) + 1);
    let length = 0;
    let checked = 0;
    for (;;) {
      const n = fs.readSync(fd, bytes, length, bytes.length - length, length);
      if (n === 0) break;
      length += n;
      if (checked < length && (length >= SNIFF_BYTES || length === bytes.length)) {
        if (bytes.subarray(checked, length).includes(0)) throw new Error('binary content (NUL bytes)');
        checked = length;
      }
      if (length === bytes.length) break;
    }
    if (length > MAX_INDEXED_BYTES) throw new Error(`grew past the ${MAX_INDEXED_BYTES}-byte index limit`);
    if (checked < length && bytes.subarray(checked, length).includes(0))
      throw new Error('binary content (NUL bytes)');
    return bytes.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

export function summarizeJob(job: SummaryJob): SummaryReply {
  const reply: SummaryReply = { seq: job.seq, results: [] };
  for (const file of job.files) {
    try {
      const bytes = readSource(file.path);
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
