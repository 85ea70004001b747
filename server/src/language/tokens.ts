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
 * The distinct token texts of a lineage of token stores, by id (0 is ''). A relexed store shares its
 * previous version's table, so its columns are copied between versions as integers (an array of strings
 * costs about what the lex does to copy, most of it garbage collection). Ids only ever get added; a
 * relex starts a fresh table through a full lex once this one has grown far past its tokens' needs
 * (`outgrown`).
 */
export class TokenValues {
  private readonly texts: string[] = [''];
  private readonly ids = new Map<string, number>();

  /** The id of `text`, added when new. */
  id(text: string): number {
    if (text === '') return 0;
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    const id = this.texts.length;
    this.texts.push(text);
    this.ids.set(text, id);
    return id;
  }

  text(id: number): string {
    return this.texts[id];
  }

  get size(): number {
    return this.texts.length;
  }

  /** Many more texts than a store of `tokens` tokens can use (edits typed word by word add up). */
  outgrown(tokens: number): boolean {
    return this.texts.length > 4096 && this.texts.length > tokens;
  }
}

/**
 * The significant tokens of a text as parallel typed arrays (kind, start, end, flags, value id) over a
 * shared table of texts (`TokenValues`): one allocation per few thousand tokens instead of an object per
 * token (token objects were a third of the parse's time, most of it garbage collection), and columns that
 * copy as plain memory. The lexer fills it, the parser reads it by index; `toArray()` makes `Token`
 * objects for the features that want them. Nobody indexes the arrays directly outside this file and the
 * parser's cursor.
 */
export class TokenStore {
  length = 0;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private flagBits: Uint8Array;
  private valueIds: Int32Array;

  /** `values`: the table to share (a relex shares its previous version's); a fresh one by default. */
  constructor(
    capacity = 16,
    readonly values: TokenValues = new TokenValues(),
  ) {
    const n = Math.max(4, capacity | 0);
    [this.starts, this.ends, this.valueIds, this.kinds, this.flagBits] = TokenStore.arrays(n);
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
    return this.values.text(this.valueIds[i]);
  }
  /** The id of token `i`'s value in `values` (equal ids: equal texts, in one table). */
  valueId(i: number): number {
    return this.valueIds[i];
  }
  flags(i: number): number {
    return this.flagBits[i];
  }

  push(kind: TokenKind, start: number, end: number, value: string, flags: number): number {
    return this.pushId(kind, start, end, value === '' ? 0 : this.values.id(value), flags);
  }

  /** push() with the value given by its id in this store's `values`. */
  pushId(kind: TokenKind, start: number, end: number, valueId: number, flags: number): number {
    const i = this.length;
    if (i === this.kinds.length) this.grow(i * 2);
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flagBits[i] = flags;
    this.valueIds[i] = valueId;
    this.length = i + 1;
    return i;
  }

  /** Overwrite token `i`. */
  set(i: number, kind: TokenKind, start: number, end: number, value: string, flags: number): void {
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flagBits[i] = flags;
    this.valueIds[i] = value === '' ? 0 : this.values.id(value);
  }

  /** Open a gap of one token before index `i` (the tokens from `i` move up one). */
  insertGap(i: number): void {
    if (this.length === this.kinds.length) this.grow(this.length * 2);
    const n = this.length;
    this.kinds.copyWithin(i + 1, i, n);
    this.starts.copyWithin(i + 1, i, n);
    this.ends.copyWithin(i + 1, i, n);
    this.flagBits.copyWithin(i + 1, i, n);
    this.valueIds.copyWithin(i + 1, i, n);
    this.length = n + 1;
  }

  /** Remove the token at index `i`. */
  remove(i: number): void {
    const n = this.length;
    this.kinds.copyWithin(i, i + 1, n);
    this.starts.copyWithin(i, i + 1, n);
    this.ends.copyWithin(i, i + 1, n);
    this.flagBits.copyWithin(i, i + 1, n);
    this.valueIds.copyWithin(i, i + 1, n);
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
    if (other.values === this.values) {
      this.valueIds.set(other.valueIds.subarray(from, to), at);
    } else {
      // Another table (an interpolation's own lex): the texts are looked up again.
      for (let k = 0; k < count; k++) this.valueIds[at + k] = this.values.id(other.value(from + k));
    }
    this.length = need;
  }

  /** Drops the tokens from index `n` on. */
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = Math.max(0, n);
  }

  /** A copy of tokens [from, to), sharing this store's table. */
  slice(from = 0, to = this.length): TokenStore {
    const s = new TokenStore(to - from + 8, this.values);
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
      (this.values === other.values
        ? this.valueIds[i] === other.valueIds[j]
        : this.value(i) === other.value(j)) &&
      this.flagBits[i] === other.flagBits[j]
    );
  }

  token(i: number): Token {
    return {
      kind: this.kinds[i],
      start: this.starts[i],
      end: this.ends[i],
      value: this.value(i),
      flags: this.flagBits[i],
    };
  }

  toArray(): Token[] {
    const out = new Array<Token>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.token(i);
    return out;
  }

  /** The five columns for `n` tokens in one buffer (an ArrayBuffer is costly to make; one, not five). */
  private static arrays(n: number): [Int32Array, Int32Array, Int32Array, Uint8Array, Uint8Array] {
    // Small typed arrays live in the JS heap with no buffer of their own (an interpolation's tokens).
    if (n <= 16)
      return [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Uint8Array(n), new Uint8Array(n)];
    const buffer = new ArrayBuffer(n * 14);
    return [
      new Int32Array(buffer, 0, n),
      new Int32Array(buffer, n * 4, n),
      new Int32Array(buffer, n * 8, n),
      new Uint8Array(buffer, n * 12, n),
      new Uint8Array(buffer, n * 13, n),
    ];
  }

  private grow(capacity: number): void {
    const n = Math.max(capacity, 16);
    const [starts, ends, valueIds, kinds, flagBits] = TokenStore.arrays(n);
    const used = this.length;
    starts.set(this.starts.subarray(0, used));
    ends.set(this.ends.subarray(0, used));
    valueIds.set(this.valueIds.subarray(0, used));
    kinds.set(this.kinds.subarray(0, used));
    flagBits.set(this.flagBits.subarray(0, used));
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.flagBits = flagBits;
    this.valueIds = valueIds;
  }
}
