// LSP framing in JS for the `net` transport, with the same rules as the native framer (native/framing.cc):
// `Content-Length` required, `Content-Type` optional, any order, names case-insensitive; a broken header
// block is reported and skipped to the next `Content-Length:`; a length over the cap is fatal.

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const MARK = 'content-length:';
/** A header block longer than this is garbage, not a header still arriving. */
export const MAX_HEADER_BYTES = 8 * 1024;

export interface FeedResult {
  bodies: string[];
  problems: string[];
  /** Set when the connection cannot go on (a message over the cap). */
  fatal?: string;
}

export class FrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLeft = -1;
  private resyncing = false;

  constructor(private readonly maxBody: number) {}

  get midMessage(): boolean {
    return this.buffer.length > 0 || this.bodyLeft > 0;
  }

  feed(chunk: Buffer): FeedResult {
    const out: FeedResult = { bodies: [], problems: [] };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.bodyLeft >= 0) {
        if (this.buffer.length < this.bodyLeft) return out;
        out.bodies.push(this.buffer.toString('utf8', 0, this.bodyLeft));
        this.buffer = this.buffer.subarray(this.bodyLeft);
        this.bodyLeft = -1;
        continue;
      }
      if (this.buffer.length === 0) return out;
      const end = this.buffer.subarray(0, MAX_HEADER_BYTES + 4).indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length <= MAX_HEADER_BYTES) return out;
        this.skip(`header block longer than ${MAX_HEADER_BYTES} bytes`, undefined, out);
        continue;
      }
      const checked = checkHeaders(this.buffer.toString('latin1', 0, end), this.maxBody);
      if (typeof checked !== 'number') {
        if (checked.fatal) {
          out.fatal = checked.problem;
          return out;
        }
        this.skip(checked.problem, end + 4, out);
        continue;
      }
      this.resyncing = false;
      this.buffer = this.buffer.subarray(end + 4);
      this.bodyLeft = checked;
    }
  }

  private skip(problem: string, badEnd: number | undefined, out: FeedResult): void {
    const next = findMark(this.buffer, 1);
    const keepFrom = next >= 0 ? next : (badEnd ?? Math.max(1, this.buffer.length - MARK.length + 1));
    if (!this.resyncing) out.problems.push(`${problem}; skipping to the next Content-Length header`);
    this.resyncing = true;
    this.buffer = this.buffer.subarray(Math.min(keepFrom, this.buffer.length));
  }
}

function findMark(b: Buffer, from: number): number {
  for (let i = from; i + MARK.length <= b.length; i++) {
    if ((b[i] | 0x20) !== 0x63) continue;
    if (b.toString('latin1', i, i + MARK.length).toLowerCase() === MARK) return i;
  }
  return -1;
}

function quote(s: string): string {
  return JSON.stringify(s.slice(0, 80));
}

/** The Content-Length of a header block, or what is wrong with it. */
export function checkHeaders(block: string, maxBody: number): number | { problem: string; fatal: boolean } {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { problem: `malformed header line ${quote(line)}`, fatal: false };
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value))
      return { problem: `Content-Length is not a number: ${quote(value)}`, fatal: false };
    length = Number(value);
    if (length > maxBody)
      return {
        problem: `message of ${value} bytes exceeds the limit of ${maxBody} bytes`,
        fatal: true,
      };
  }
  if (length === undefined)
    return { problem: `header block without Content-Length: ${quote(block)}`, fatal: false };
  return length;
}
