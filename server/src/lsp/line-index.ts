// Offsets ↔ LSP positions for one immutable text: the one LineIndex, for an open document (its snapshot
// keeps one) or a file on disk (the analysis snapshot builds one from the store's bytes).
//
// Offsets are UTF-16 code-unit offsets into the JS string (what the analysis layer uses). Positions are
// {line, character} where `character` counts in the negotiated position encoding: UTF-16 code units or
// UTF-8 bytes. Line breaks are `\r\n`, `\r` and `\n` (the LSP definition). Out-of-range input is clamped,
// never rejected: a line past the end means the end of the document; a character past the end of a line
// means the end of that line's content, never a position inside (or after) its line break.

import { lineOf, lineStarts } from '../language/summary';

export type PositionEncoding = 'utf-16' | 'utf-8';

export interface Position {
  line: number;
  character: number;
}

const LF = 0x0a;
const CR = 0x0d;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

export class LineIndex {
  /** Offset of the first character of each line; always starts with 0 (read-only to callers). */
  readonly starts: readonly number[];

  constructor(readonly text: string) {
    // The one line splitter (language/summary.ts), so the index, the summaries and the edge agree on
    // where every line starts.
    this.starts = lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[clampInt(line, 0, this.starts.length - 1)];
  }

  /** Offset just past the line's content, before its line break. */
  lineContentEnd(line: number): number {
    const l = clampInt(line, 0, this.starts.length - 1);
    if (l === this.starts.length - 1) return this.text.length;
    let end = this.starts[l + 1];
    if (this.text.charCodeAt(end - 1) === LF) end--;
    if (this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  /** The line containing `offset` (clamped to the text). */
  lineAt(offset: number): number {
    return lineOf(this.starts, clampInt(offset, 0, this.text.length));
  }

  positionAt(offset: number, encoding: PositionEncoding): Position {
    const line = this.lineAt(offset);
    const start = this.starts[line];
    // An offset inside a line break (between \r and \n) belongs to the end of the line's content.
    let o = Math.min(clampInt(offset, 0, this.text.length), this.lineContentEnd(line));
    // Never point between the halves of a surrogate pair: move to the pair's start.
    if (o > start && isLowSurrogate(this.text.charCodeAt(o)) && isHighSurrogate(this.text.charCodeAt(o - 1)))
      o--;
    if (encoding === 'utf-16') return { line, character: o - start };
    return { line, character: utf8Length(this.text, start, o) };
  }

  offsetAt(position: Position, encoding: PositionEncoding): number {
    const line = Math.floor(Number.isFinite(position.line) ? position.line : 0);
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line];
    const end = this.lineContentEnd(line);
    const character = Math.max(0, Math.floor(Number.isFinite(position.character) ? position.character : 0));
    if (encoding === 'utf-16') return Math.min(start + character, end);
    return advanceUtf8(this.text, start, end, character);
  }

  /**
   * The offset of a position that names a place in the text exactly — a line that exists, a character
   * within its content, not inside a UTF-8 sequence — else undefined (where offsetAt would clamp).
   */
  exactOffsetAt(position: Position, encoding: PositionEncoding): number | undefined {
    const { line, character } = position;
    if (!Number.isInteger(line) || !Number.isInteger(character)) return undefined;
    if (line < 0 || character < 0 || line >= this.starts.length) return undefined;
    const start = this.starts[line];
    const end = this.lineContentEnd(line);
    if (encoding === 'utf-16') return start + character <= end ? start + character : undefined;
    const o = advanceUtf8(this.text, start, end, character);
    return utf8Length(this.text, start, o) === character ? o : undefined;
  }
}

function clampInt(n: number, lo: number, hi: number): number {
  if (!Number.isFinite(n)) return n > 0 ? hi : lo;
  return Math.min(Math.max(Math.floor(n), lo), hi);
}

/** UTF-8 bytes of text[from, to). A lone surrogate counts 3 bytes (it is encoded as U+FFFD). */
export function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (isHighSurrogate(c) && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The offset `bytes` UTF-8 bytes after `from`, not past `end`; a count inside a character rounds down. */
function advanceUtf8(text: string, from: number, end: number, bytes: number): number {
  let i = from;
  let used = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    let width = 3;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (isHighSurrogate(c) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
      width = 4;
      units = 2;
    }
    if (used + width > bytes) break;
    used += width;
    i += units;
  }
  return i;
}
