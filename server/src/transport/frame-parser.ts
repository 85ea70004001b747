// LSP framing in JS — the one TypeScript framer, used by the `net` transport and by stdio — with the same
// rules as the native framer (native/framing.cc): `Content-Length` required, `Content-Type` optional, any
// order, names case-insensitive; a broken header block is reported and skipped to the next
// `Content-Length:`; a length over the cap is fatal.
//
// Received chunks are kept as a list and joined once, when a body is complete: a body arriving in many
// chunks costs its size, not its size times the number of chunks (issue 16, row 13). Only a header block
// (at most MAX_HEADER_BYTES) is ever looked at before it is complete.

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const MARK = 'content-length:';
/** A header block longer than this is garbage, not a header still arriving. */
export const MAX_HEADER_BYTES = 8 * 1024;

export interface FeedResult {
  /** Whole bodies: text, or the bytes of one longer than the parser's `inlineBytes`. */
  bodies: (string | Buffer)[];
  problems: string[];
  /** Set when the connection cannot go on (a message over the cap). */
  fatal?: string;
}

export class FrameParser {
  /** Received bytes not consumed yet, in arrival order; the first may be partly consumed already. */
  private chunks: Buffer[] = [];
  private held = 0;
  /** Length of the body in progress, or -1 while reading headers. */
  private bodyLength = -1;
  private resyncing = false;
  private failed = false;

  constructor(
    private readonly maxBody: number,
    /** Bodies longer than this are passed on as bytes, not decoded (see TransportLimits.inlineBodyBytes). */
    private readonly inlineBytes = Infinity,
  ) {}

  get midMessage(): boolean {
    return this.held > 0 || this.bodyLength > 0;
  }

  /** Bytes received and held here (a partial header or body). */
  get heldBytes(): number {
    return this.held;
  }

  feed(chunk: Buffer): FeedResult {
    const out: FeedResult = { bodies: [], problems: [] };
    if (this.failed) return out;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.held += chunk.length;
    }
    for (;;) {
      if (this.bodyLength >= 0) {
        if (this.held < this.bodyLength) return out;
        const bytes = this.take(this.bodyLength);
        out.bodies.push(bytes.length > this.inlineBytes ? bytes : bytes.toString('utf8'));
        this.bodyLength = -1;
        continue;
      }
      if (this.held === 0) return out;
      this.joinHead();
      const head = this.peek(MAX_HEADER_BYTES + HEADER_END.length);
      const end = head.indexOf(HEADER_END);
      if (end < 0) {
        if (this.held <= MAX_HEADER_BYTES) return out;
        this.skip(head, `header block longer than ${MAX_HEADER_BYTES} bytes`, undefined, out);
        continue;
      }
      const checked = checkHeaders(head.toString('latin1', 0, end), this.maxBody);
      if (typeof checked !== 'number') {
        if (checked.fatal) {
          out.fatal = checked.problem;
          this.failed = true;
          this.chunks = [];
          this.held = 0;
          return out;
        }
        this.skip(head, checked.problem, end + HEADER_END.length, out);
        continue;
      }
      this.resyncing = false;
      this.drop(end + HEADER_END.length);
      this.bodyLength = checked;
    }
  }

  /**
   * While a header is awaited, small chunks are joined into one (at most a header window's worth), so a
   * header arriving a byte at a time is not re-joined from all its pieces on every feed.
   */
  private joinHead(): void {
    const window = MAX_HEADER_BYTES + HEADER_END.length;
    if (this.chunks.length < 2 || this.chunks[0].length >= window) return;
    let n = 0;
    let k = 0;
    while (k < this.chunks.length && n < window) n += this.chunks[k++].length;
    this.chunks.splice(0, k, Buffer.concat(this.chunks.slice(0, k), n));
  }

  /** The first min(n, held) bytes, contiguous (a copy only when they span chunks). */
  private peek(n: number): Buffer {
    const want = Math.min(n, this.held);
    if (want === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length >= want) return first.subarray(0, want);
    const parts: Buffer[] = [];
    let got = 0;
    for (const c of this.chunks) {
      if (got >= want) break;
      const part = c.subarray(0, Math.min(c.length, want - got));
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts, want);
  }

  /** Removes and returns the first n bytes (n <= held), joined once. */
  private take(n: number): Buffer {
    const out = this.peek(n);
    this.drop(n);
    return out;
  }

  private drop(n: number): void {
    this.held -= n;
    while (n > 0) {
      const first = this.chunks[0];
      if (first.length <= n) {
        n -= first.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }

  /**
   * Drops bytes up to the next `Content-Length:` after the start (looked for within the header window).
   * Without one, drops the bad header block (`badEnd`) or all but a tail that could hold a mark's start.
   */
  private skip(head: Buffer, problem: string, badEnd: number | undefined, out: FeedResult): void {
    const next = findMark(head, 1);
    const keepFrom = next >= 0 ? next : (badEnd ?? Math.max(1, head.length - MARK.length + 1));
    if (!this.resyncing) out.problems.push(`${problem}; skipping to the next Content-Length header`);
    this.resyncing = true;
    this.drop(Math.min(keepFrom, this.held));
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
