// The lexer's state at the start of lines, kept with each lex so that a later version of the text can be
// lexed again from the line before an edit instead of from the top (incremental lexing, lexer.ts `relex`).
// A state is recorded at a line start where no bracket is open, no `\` continues the line and the block
// stack is at most MAX_DEPTH deep: there the lexer's whole state is a few integers and the tokens before.
// Rows are packed `Int32Array` rows behind named accessors; nobody outside this file indexes them.

/** Deepest block stack a row can hold (the outer 0 and three indentation levels). */
export const MAX_DEPTH = 4;

const POS = 0,
  TOKENS = 1,
  TRIVIA = 2,
  DIAGNOSTICS = 3,
  UNCLOSED = 4,
  LAST_SIG = 5,
  PREV_SIG = 6,
  LINE_START_FLAG = 7,
  LINE_INDENT = 8,
  REACH = 9,
  DEPTH = 10,
  INDENTS = 11; // INDENTS + k: indents[k + 1] (indents[0] is always 0)
const STRIDE = INDENTS + MAX_DEPTH - 1;

/** How far past a line start the lexing of the lines before it may have peeked (`a+\n` reads one past). */
export const PEEK = 8;

/** Counts the rows of a copied tail are moved by. */
export interface RowShift {
  pos: number;
  tokens: number;
  trivia: number;
  diagnostics: number;
  unclosed: number;
  /** The reach of the lexer that continues with these rows (reach is a running maximum). */
  reachFloor: number;
}

export class LineStates {
  length = 0;
  private rows: Int32Array;

  constructor(capacity = 16) {
    this.rows = new Int32Array(Math.max(4, capacity) * STRIDE);
  }

  /** Records the state at the line start `pos`; `indents` is the block stack (length ≤ MAX_DEPTH). */
  record(
    pos: number,
    tokens: number,
    trivia: number,
    diagnostics: number,
    unclosed: number,
    lastSig: number,
    prevSig: number,
    lineStartFlag: boolean,
    lineIndent: number,
    reach: number,
    indents: readonly number[],
  ): void {
    const at = this.reserve(1);
    const r = this.rows;
    r[at + POS] = pos;
    r[at + TOKENS] = tokens;
    r[at + TRIVIA] = trivia;
    r[at + DIAGNOSTICS] = diagnostics;
    r[at + UNCLOSED] = unclosed;
    r[at + LAST_SIG] = lastSig;
    r[at + PREV_SIG] = prevSig;
    r[at + LINE_START_FLAG] = lineStartFlag ? 1 : 0;
    r[at + LINE_INDENT] = lineIndent;
    r[at + REACH] = reach;
    r[at + DEPTH] = indents.length;
    for (let k = 1; k < indents.length; k++) r[at + INDENTS + k - 1] = indents[k];
  }

  pos(i: number): number {
    return this.rows[i * STRIDE + POS];
  }
  tokens(i: number): number {
    return this.rows[i * STRIDE + TOKENS];
  }
  trivia(i: number): number {
    return this.rows[i * STRIDE + TRIVIA];
  }
  diagnostics(i: number): number {
    return this.rows[i * STRIDE + DIAGNOSTICS];
  }
  unclosed(i: number): number {
    return this.rows[i * STRIDE + UNCLOSED];
  }
  lastSig(i: number): number {
    return this.rows[i * STRIDE + LAST_SIG];
  }
  prevSig(i: number): number {
    return this.rows[i * STRIDE + PREV_SIG];
  }
  lineStartFlag(i: number): boolean {
    return this.rows[i * STRIDE + LINE_START_FLAG] !== 0;
  }
  lineIndent(i: number): number {
    return this.rows[i * STRIDE + LINE_INDENT];
  }
  /** One past the furthest character the lexing before this line looked at, beyond the PEEK margin. */
  reach(i: number): number {
    return this.rows[i * STRIDE + REACH];
  }
  /** The block stack at the row. */
  indents(i: number): number[] {
    const at = i * STRIDE;
    const out = [0];
    for (let k = 1; k < this.rows[at + DEPTH]; k++) out.push(this.rows[at + INDENTS + k - 1]);
    return out;
  }
  /** The row's block stack equals `indents`. */
  sameIndents(i: number, indents: readonly number[]): boolean {
    const at = i * STRIDE;
    if (this.rows[at + DEPTH] !== indents.length) return false;
    for (let k = 1; k < indents.length; k++) if (this.rows[at + INDENTS + k - 1] !== indents[k]) return false;
    return true;
  }

  /**
   * The last row whose lexing read nothing at or after `changed` (the first changed character), or -1:
   * lexing again from there gives what a lex from the top would. Rows are ordered by position, and
   * reach is a running maximum, so both conditions hold for a prefix of the rows.
   */
  lastUnaffected(changed: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.pos(mid) + PEEK <= changed && this.reach(mid) <= changed) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Index of the row at exactly `pos`, or -1. */
  find(pos: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.pos(mid);
      if (p === pos) return mid;
      if (p < pos) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Appends rows [from, to) of `other` unchanged. */
  appendRows(other: LineStates, from: number, to: number): void {
    if (to <= from) return;
    const at = this.reserve(to - from);
    this.rows.set(other.rows.subarray(from * STRIDE, to * STRIDE), at);
  }

  /** Appends rows [from, other.length) of `other`, moved by `shift`; indices of tokens move too. */
  appendShifted(other: LineStates, from: number, shift: RowShift): void {
    const count = other.length - from;
    if (count <= 0) return;
    const at = this.reserve(count);
    const r = this.rows;
    r.set(other.rows.subarray(from * STRIDE, other.length * STRIDE), at);
    for (let k = at; k < at + count * STRIDE; k += STRIDE) {
      r[k + POS] += shift.pos;
      r[k + TOKENS] += shift.tokens;
      r[k + TRIVIA] += shift.trivia;
      r[k + DIAGNOSTICS] += shift.diagnostics;
      r[k + UNCLOSED] += shift.unclosed;
      if (r[k + LAST_SIG] >= 0) r[k + LAST_SIG] += shift.tokens;
      if (r[k + PREV_SIG] >= 0) r[k + PREV_SIG] += shift.tokens;
      r[k + REACH] = Math.max(shift.reachFloor, r[k + REACH] + shift.pos);
    }
  }

  /** Makes room for `count` more rows; returns the offset of the first. */
  private reserve(count: number): number {
    const need = (this.length + count) * STRIDE;
    if (need > this.rows.length) {
      const rows = new Int32Array(Math.max(need, this.rows.length * 2));
      rows.set(this.rows.subarray(0, this.length * STRIDE));
      this.rows = rows;
    }
    const at = this.length * STRIDE;
    this.length += count;
    return at;
  }
}
