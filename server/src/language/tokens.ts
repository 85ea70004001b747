// Tokens of Simple source. Keywords are lexed as names: keyword-ness is decided by the parser from
// position, as the upstream compiler does (many keywords are valid identifiers in other positions).

export enum TokenKind {
  Name,
  Int,
  Float,
  String,
  /** 'label (a quote followed by a name, with no closing quote on the line). */
  Label,
  /** `ident (backtick atom). */
  Atom,
  /** :name (test DSL symbol). */
  Symbol,
  /** name{ raw payload } custom block. */
  CustomBlock,
  /** Operators and punctuation; the text is in `value`. */
  Op,
  Newline,
  Indent,
  Dedent,
  EOF,
  /** Trivia: `# ...` comment (never in the significant token stream). */
  Comment,
  /** Trivia: `#if cond` / `#elif` / `#else` / `#endif` line. */
  Directive,
  /** A character or sequence the lexer could not make sense of. */
  Error,
}

export const enum TokenFlags {
  None = 0,
  /** The token is the first significant token on its physical line. */
  LineStart = 1 << 0,
  /** Whitespace (or a line break) precedes the token. */
  SpaceBefore = 1 << 1,
  /** String forms. */
  Triple = 1 << 2,
  Raw = 1 << 3,
  Suffixed = 1 << 4,
  /** Interpolating string (`"..."` or f"..."): `{expr}` parts are live. */
  Interpolated = 1 << 5,
  /** Unterminated string / block: an error was reported for it. */
  Unterminated = 1 << 6,
  /** Number with a type or unit suffix (42i32, 100_km). */
  NumSuffix = 1 << 7,
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Operator text for Op tokens; the name for Name tokens; '' otherwise (slice the source). */
  value: string;
  flags: number;
}

export function tokenText(source: string, t: Token): string {
  return t.value !== '' ? t.value : source.slice(t.start, t.end);
}

/**
 * The significant tokens of a text as parallel typed arrays (kind, start, end, flags) plus the interned
 * text of names and operators: one allocation per few thousand tokens instead of an object per token
 * (token objects were a third of the parse's time, most of it garbage collection). The lexer fills it,
 * the parser reads it by index; `toArray()` makes `Token` objects for the features that want them.
 * Nobody indexes the arrays directly outside this file and the parser's cursor.
 */
export class TokenStore {
  length = 0;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private flagBits: Uint8Array;
  private values: string[];

  constructor(capacity = 16) {
    const n = Math.max(4, capacity | 0);
    [this.starts, this.ends, this.kinds, this.flagBits] = TokenStore.arrays(n);
    // Grown by push: a preallocated `new Array(n)` is holey, and past ~100,000 slots starts in V8's
    // slow dictionary mode (a large file's token count).
    this.values = [];
  }

  kind(i: number): TokenKind {
    return this.kinds[i];
  }
  start(i: number): number {
    return this.starts[i];
  }
  end(i: number): number {
    return this.ends[i];
  }
  /** Operator text for Op tokens; the name for Name tokens; '' otherwise. */
  value(i: number): string {
    return this.values[i];
  }
  flags(i: number): number {
    return this.flagBits[i];
  }

  push(kind: TokenKind, start: number, end: number, value: string, flags: number): number {
    const i = this.length;
    if (i === this.kinds.length) this.grow(i * 2);
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flagBits[i] = flags;
    if (i === this.values.length) this.values.push(value);
    else this.values[i] = value;
    this.length = i + 1;
    return i;
  }

  /** Overwrite token `i`. */
  set(i: number, kind: TokenKind, start: number, end: number, value: string, flags: number): void {
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flagBits[i] = flags;
    this.values[i] = value;
  }

  /** Open a gap of one token before index `i` (the tokens from `i` move up one). */
  insertGap(i: number): void {
    if (this.length === this.kinds.length) this.grow(this.length * 2);
    const n = this.length;
    this.kinds.copyWithin(i + 1, i, n);
    this.starts.copyWithin(i + 1, i, n);
    this.ends.copyWithin(i + 1, i, n);
    this.flagBits.copyWithin(i + 1, i, n);
    this.values.splice(i, 0, this.values[i]);
    this.length = n + 1;
  }

  /** Remove the token at index `i`. */
  remove(i: number): void {
    const n = this.length;
    this.kinds.copyWithin(i, i + 1, n);
    this.starts.copyWithin(i, i + 1, n);
    this.ends.copyWithin(i, i + 1, n);
    this.flagBits.copyWithin(i, i + 1, n);
    this.values.splice(i, 1);
    this.length = n - 1;
  }

  /** Append tokens [from, to) of `other`, their offsets moved by `delta`. */
  append(other: TokenStore, from = 0, to = other.length, delta = 0): void {
    const count = to - from;
    if (count <= 0) return;
    const need = this.length + count;
    if (need > this.kinds.length) this.grow(Math.max(need, this.kinds.length * 2));
    const at = this.length;
    this.kinds.set(other.kinds.subarray(from, to), at);
    this.flagBits.set(other.flagBits.subarray(from, to), at);
    if (delta === 0) {
      this.starts.set(other.starts.subarray(from, to), at);
      this.ends.set(other.ends.subarray(from, to), at);
    } else {
      for (let k = 0; k < count; k++) {
        this.starts[at + k] = other.starts[from + k] + delta;
        this.ends[at + k] = other.ends[from + k] + delta;
      }
    }
    // `values` never runs ahead of `length` (see push); slice and concat copy a packed array in bulk,
    // many times faster than a push per token (a 5,000-line file has ~100,000).
    const copied = other.values.slice(from, to);
    this.values = at === 0 ? copied : this.values.slice(0, at).concat(copied);
    this.length = need;
  }

  /** Drops the tokens from index `n` on. */
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = Math.max(0, n);
    this.values.length = this.length;
  }

  /** A copy of tokens [from, to). */
  slice(from = 0, to = this.length): TokenStore {
    const s = new TokenStore(to - from + 8);
    s.append(this, from, to);
    return s;
  }

  /** Move every offset by `delta` (tokens of an interpolation lexed on their own). */
  shift(delta: number): void {
    for (let k = 0; k < this.length; k++) {
      this.starts[k] += delta;
      this.ends[k] += delta;
    }
  }

  /** Tokens i of this store and j of `other` are the same but for `delta` added to the offsets. */
  same(i: number, other: TokenStore, j: number, delta: number): boolean {
    return (
      this.kinds[i] === other.kinds[j] &&
      this.starts[i] + delta === other.starts[j] &&
      this.ends[i] + delta === other.ends[j] &&
      this.values[i] === other.values[j] &&
      this.flagBits[i] === other.flagBits[j]
    );
  }

  token(i: number): Token {
    return {
      kind: this.kinds[i],
      start: this.starts[i],
      end: this.ends[i],
      value: this.values[i],
      flags: this.flagBits[i],
    };
  }

  toArray(): Token[] {
    const out = new Array<Token>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.token(i);
    return out;
  }

  /** The four columns for `n` tokens in one buffer (an ArrayBuffer is costly to make; one, not four). */
  private static arrays(n: number): [Int32Array, Int32Array, Uint8Array, Uint8Array] {
    // Up to 64 bytes a typed array lives in the JS heap with no buffer at all (an interpolation's tokens).
    if (n <= 16) return [new Int32Array(n), new Int32Array(n), new Uint8Array(n), new Uint8Array(n)];
    const buffer = new ArrayBuffer(n * 10);
    return [
      new Int32Array(buffer, 0, n),
      new Int32Array(buffer, n * 4, n),
      new Uint8Array(buffer, n * 8, n),
      new Uint8Array(buffer, n * 9, n),
    ];
  }

  private grow(capacity: number): void {
    const n = Math.max(capacity, 16);
    const [starts, ends, kinds, flagBits] = TokenStore.arrays(n);
    const used = this.length;
    starts.set(this.starts.subarray(0, used));
    ends.set(this.ends.subarray(0, used));
    kinds.set(this.kinds.subarray(0, used));
    flagBits.set(this.flagBits.subarray(0, used));
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.flagBits = flagBits;
  }
}
