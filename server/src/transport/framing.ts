// A guard in front of vscode-jsonrpc's StreamMessageReader that lets the server survive broken framing.
//
// Found by experiment (test/protocol/wire.test.ts) with vscode-jsonrpc 9.0.3 under vscode-languageserver
// 10.1.2: the reader reports a header block without Content-Length, or with a non-numeric one, through
// onError and then treats the *body* of that message as the start of the next header block. The body and
// the next real header are glued into one bogus header block, which again has no Content-Length, and so on:
// the reader never resynchronises and every later message is lost — the editor waits forever. A
// Content-Length shorter than the body does the same from the message after it.
//
// This transform checks each header block itself. A valid frame passes through byte for byte. On a bad
// header it reports the problem and skips ahead to the next `Content-Length:` header, so the stream
// recovers at the next well-framed message. Bodies are not inspected: a body that is not JSON is the
// reader's to report, and it recovers from that on its own.
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const RESYNC_MARK = Buffer.from('Content-Length:', 'ascii');
/** A header block longer than this is garbage, not a header still arriving. */
const MAX_HEADER_BYTES = 8 * 1024;

export class FrameGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** A bad frame was reported and no good one has passed since: further garbage is not reported again. */
  private resyncing = false;
  /** Body bytes still to pass through for the frame in progress. */
  private bodyLeft = 0;

  constructor(private readonly onBadFrame: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, this.buffer.length);
        if (n === 0) return;
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.bodyLeft -= n;
        continue;
      }
      if (this.buffer.length === 0) return;
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0 || end > MAX_HEADER_BYTES) {
        if (end < 0 && this.buffer.length <= MAX_HEADER_BYTES) return; // more header bytes to come
        this.skip(`header block longer than ${MAX_HEADER_BYTES} bytes`);
        continue;
      }
      const problem = checkHeaders(this.buffer.toString('latin1', 0, end));
      if (typeof problem === 'string') {
        this.skip(problem, end + HEADER_END.length);
        continue;
      }
      this.resyncing = false;
      this.push(this.buffer.subarray(0, end + HEADER_END.length));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.bodyLeft = problem;
    }
  }

  /**
   * Drops bytes up to the next `Content-Length:` after the start. Without one, drops the bad header block
   * (`badEnd`) or, when its end is unknown, all but a tail that could hold the start of a mark.
   */
  private skip(problem: string, badEnd?: number): void {
    const next = this.buffer.indexOf(RESYNC_MARK, 1);
    const keepFrom = next >= 0 ? next : (badEnd ?? Math.max(1, this.buffer.length - RESYNC_MARK.length + 1));
    if (!this.resyncing) this.onBadFrame(`${problem}; skipping to the next Content-Length header`);
    this.resyncing = true;
    this.buffer = this.buffer.subarray(keepFrom);
  }
}

/** The Content-Length of a header block, or what is wrong with it. */
function checkHeaders(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value)) return `Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`;
    length = Number(value);
  }
  if (length === undefined)
    return `header block without Content-Length: ${JSON.stringify(block.slice(0, 80))}`;
  return length;
}
