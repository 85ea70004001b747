// Lexer: text → significant tokens with layout (NEWLINE/INDENT/DEDENT), plus trivia and errors.
//
// Layout rules (see docs/language.md):
// - A TAB counts 4 columns. Blank and comment-only lines never affect layout.
// - Inside brackets layout is suppressed, except for a block opened by a line ending in `:` inside
//   the bracket (block lambdas `\x:` / `fn(a) -> T:` as call arguments): that block gets its own
//   NEWLINE/INDENT/DEDENT, closed by a dedent or by the closing bracket.
// - A line continues the previous one when the previous line ends with a binary operator (or `,`
//   or `\`), or when it starts with `.`, `?.`, `??`, `|>`, `and`, `or` (any indentation) or with
//   another binary operator and is indented deeper than its block (and the previous line does not
//   open a block).
// - An unclosed bracket is given up at a later line that starts a declaration at or left of the
//   bracket's own line, so one missing `)` does not swallow the rest of the file.
import { NON_OPERAND_WORDS, RECOVERY_WORDS, RESERVED, STRING_PREFIXES } from './keywords';
import { LineStates, MAX_DEPTH } from './line-states';
import { Token, TokenFlags, TokenKind, TokenStore, TokenValues } from './tokens';
import type { SyntaxDiagnostic } from './types';

export interface LexResult {
  /** The significant tokens, layout included (the parser reads these). */
  store: TokenStore;
  /** The same tokens as objects, made on first use. */
  readonly tokens: Token[];
  trivia: Token[];
  diagnostics: SyntaxDiagnostic[];
  /** Offsets of brackets reported as never closed. */
  unclosed: number[];
  /** How many characters this lex went through (the whole text, unless `relex` reused most of it). */
  readonly lexedChars: number;
  /**
   * Tokens `relex` took over from the previous lex unchanged: the first `head` as they were, and the
   * last `tail` (the previous lex's last `tail`, shifted by the length change); 0 and 0 from scratch.
   */
  readonly reused: { readonly head: number; readonly tail: number };
}

class Lexed implements LexResult {
  private objects: Token[] | undefined;
  constructor(
    readonly text: string,
    readonly store: TokenStore,
    readonly trivia: Token[],
    readonly diagnostics: SyntaxDiagnostic[],
    readonly unclosed: number[],
    /** The lexer's state at line starts, for the next `relex`. */
    readonly states: LineStates,
    readonly lexedChars: number,
    readonly reused: { readonly head: number; readonly tail: number },
  ) {}
  get tokens(): Token[] {
    return (this.objects ??= this.store.toArray());
  }
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

/**
 * The lex of `text`, an edited version of the text `previous` was the lex of, equal to `lex(text)`:
 * the lexer resumes at the last line start before the edit whose state it kept, and stops at the first
 * line start after the edit where its state equals the old lexer's at the same place; the old tokens,
 * trivia and diagnostics before and after are reused, the later ones shifted by the edit's length change.
 * `same` is the length of the texts' common prefix and `tail` of their common suffix (not overlapping).
 */
export function relex(previous: LexResult, text: string, same: number, tail: number): LexResult {
  if (!(previous instanceof Lexed)) return lex(text);
  const row = previous.states.lastUnaffected(same);
  const values = previous.store.values;
  if (row < 0 || values.outgrown(previous.store.length)) return lex(text);
  const lexer = new Lexer(text, values);
  lexer.resume(previous, row, text.length - tail, text.length - previous.text.length);
  return lexer.run();
}

interface Bracket {
  char: number; // ( [ {
  start: number;
  /** Indentation of the physical line where the bracket opened. */
  lineIndent: number;
  /** indents.length when the bracket opened: deeper entries are blocks inside the bracket. */
  stackBase: number;
}

const CH_TAB = 9,
  CH_LF = 10,
  CH_VT = 11,
  CH_FF = 12,
  CH_CR = 13,
  CH_SPACE = 32,
  CH_DQUOTE = 34,
  CH_HASH = 35,
  CH_SQUOTE = 39,
  CH_LPAREN = 40,
  CH_RPAREN = 41,
  CH_DOT = 46,
  CH_0 = 48,
  CH_9 = 57,
  CH_COLON = 58,
  CH_LBRACKET = 91,
  CH_BACKSLASH = 92,
  CH_RBRACKET = 93,
  CH_UNDERSCORE = 95,
  CH_BACKTICK = 96,
  CH_LBRACE = 123,
  CH_RBRACE = 125;

/** Most slots of the name-interning table (a power of two; a collision just replaces the slot). */
const INTERN_MAX = 4096;

const CLOSER: Record<number, number> = {
  [CH_LPAREN]: CH_RPAREN,
  [CH_LBRACKET]: CH_RBRACKET,
  [CH_LBRACE]: CH_RBRACE,
};
const BRACKET_TEXT: Record<number, string> = { 40: '(', 41: ')', 91: '[', 93: ']', 123: '{', 125: '}' };

/** Binary operators that continue a line when they end it (with an operand before them). */
const TRAILING_CONTINUATION = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '|',
  '&',
  '^',
  '=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  ':=',
  '|>',
  '~>',
  '??',
  ',',
  '&&',
  '||',
  '<<',
  '>>',
  '..',
  '..=',
]);
/** Operators that need a space before them to count as trailing binary operators (`T>`, `a.*`). */
const NEEDS_SPACE = new Set(['*', '<', '>', '-', '|', '&', '>>', '<<']);
const TRAILING_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'xor']);
/** Leading operators that continue the previous line when indented deeper than the block. */
const LEADING_BINARY = [
  '+',
  '-',
  '*',
  '/',
  '%',
  '|',
  '&',
  '^',
  '==',
  '!=',
  '<',
  '>',
  '~>',
  '>>',
  '<<',
  '->',
  '=>',
  '**',
];

/** ASCII character classes: bit 1 = may start a name, bit 2 = may continue one. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === CH_UNDERSCORE;
  ASCII_CLASS[c] = (letter ? 1 : 0) | (letter || (c >= CH_0 && c <= CH_9) ? 2 : 0);
}

function isIdentStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & 1) !== 0 : isUnicodeLetter(c);
}
function isIdentPart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & 2) !== 0 : isUnicodeLetter(c);
}
function isUnicodeLetter(c: number): boolean {
  // Surrogates (astral letters, emoji) are accepted as name parts: better no error than a false one.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return /[\p{L}\p{Mn}\p{Mc}]/u.test(String.fromCharCode(c));
}
function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

class Lexer {
  private pos = 0;
  private readonly n: number;
  private readonly tokens: TokenStore;
  private readonly trivia: Token[] = [];
  private readonly diagnostics: SyntaxDiagnostic[] = [];
  private readonly indents: number[] = [0];
  private readonly brackets: Bracket[] = [];
  /** Sized to the text (a 10-character interpolation must not allocate a 4,096-slot table). */
  private readonly names: (string | undefined)[];
  /** The id of each slot's name in the token store's table. */
  private readonly nameIds: Int32Array;
  private readonly internMask: number;
  /** Offsets of every bracket given up as never closed (the parser does not report them again). */
  private readonly unclosed: number[] = [];
  /** The previous line ended with `\\`: an explicit line continuation. */
  private explicitContinuation = false;
  /** Index of the last significant (non-layout) token, and of the one before it; -1: none. */
  private lastSig = -1;
  private prevSig = -1;
  private atLineStart = true;
  private spaceBefore = true;
  private lineStartFlag = false;
  private lineIndent = 0;
  /**
   * One past the furthest character a failed search for a closer read (`/*`, `"""`, `name{`): n + 1,
   * as text appended at the end would change its answer.
   */
  private reach = 0;
  private readonly states: LineStates;
  /** Where this lex started (a resumed lex starts at a line start). */
  private from = 0;
  /** A resumed lex: the lex it continues, from where it may stop, and the length change. */
  private previous: Lexed | undefined;
  private resyncFrom = Infinity;
  private delta = 0;
  /** Tokens taken over from `previous` unchanged at the start and (shifted) at the end. */
  private reusedHead = 0;
  private reusedTail = 0;

  /** `values`: the token texts' table to extend (a relex extends its previous version's). */
  constructor(
    private readonly text: string,
    values?: TokenValues,
  ) {
    this.n = text.length;
    this.tokens = new TokenStore((text.length >> 2) + 4, values);
    let size = 16;
    while (size < INTERN_MAX && size * 8 < text.length) size <<= 1;
    this.names = new Array(size);
    this.nameIds = new Int32Array(size);
    this.internMask = size - 1;
    this.states = new LineStates((text.length >> 5) + 4);
  }

  /** Continues `previous` from its state row `row`; may stop at a line start at or after `resyncFrom`. */
  resume(previous: Lexed, row: number, resyncFrom: number, delta: number): void {
    const s = previous.states;
    this.previous = previous;
    this.resyncFrom = resyncFrom;
    this.delta = delta;
    this.pos = this.from = s.pos(row);
    this.tokens.append(previous.store, 0, s.tokens(row));
    this.reusedHead = s.tokens(row);
    for (let k = 0; k < s.trivia(row); k++) this.trivia.push(previous.trivia[k]);
    for (let k = 0; k < s.diagnostics(row); k++) this.diagnostics.push(previous.diagnostics[k]);
    for (let k = 0; k < s.unclosed(row); k++) this.unclosed.push(previous.unclosed[k]);
    this.indents.length = 0;
    this.indents.push(...s.indents(row));
    this.lastSig = s.lastSig(row);
    this.prevSig = s.prevSig(row);
    this.lineStartFlag = s.lineStartFlag(row);
    this.lineIndent = s.lineIndent(row);
    this.reach = s.reach(row);
    this.states.appendRows(s, 0, row);
  }

  run(): LexResult {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < this.n) {
      if (this.atLineStart) {
        if (this.brackets.length === 0 && !this.explicitContinuation && this.indents.length <= MAX_DEPTH) {
          if (this.pos >= this.resyncFrom && this.resync()) return this.result(this.pos - this.from);
          this.states.record(
            this.pos,
            this.tokens.length,
            this.trivia.length,
            this.diagnostics.length,
            this.unclosed.length,
            this.lastSig,
            this.prevSig,
            this.lineStartFlag,
            this.lineIndent,
            this.reach,
            this.indents,
          );
        }
        this.lineStart();
        continue;
      }
      const c = text.charCodeAt(this.pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_FF || c === CH_VT) {
        this.pos++;
        this.spaceBefore = true;
      } else if (c === CH_LF || c === CH_CR) {
        this.pos += c === CH_CR && text.charCodeAt(this.pos + 1) === CH_LF ? 2 : 1;
        this.atLineStart = true;
        this.spaceBefore = true;
      } else if (c === CH_HASH) {
        this.hash();
      } else {
        this.scanToken(c);
      }
    }
    this.finish();
    return this.result(this.n - this.from);
  }

  private result(lexedChars: number): Lexed {
    const { text, tokens, trivia, diagnostics, unclosed, states } = this;
    const reused = { head: this.reusedHead, tail: this.reusedTail };
    return new Lexed(text, tokens, trivia, diagnostics, unclosed, states, lexedChars, reused);
  }

  /**
   * At a line start past the edit: when the old lexer was in the same state at the same text, the rest
   * of its output (shifted) is the rest of this one's; it is appended and true returned.
   */
  private resync(): boolean {
    const old = this.previous!;
    const s = old.states;
    const delta = this.delta;
    const j = s.find(this.pos - delta);
    if (j < 0) return false;
    if (!s.sameIndents(j, this.indents) || s.lineStartFlag(j) !== this.lineStartFlag) return false;
    if (s.lineIndent(j) !== this.lineIndent) return false;
    // What the lexer looks back at: the last two significant tokens and the last token. Compare every
    // token from the earlier of them on, so token indices after it move by one shift.
    const oldLen = s.tokens(j);
    const newLen = this.tokens.length;
    const oldLast = s.lastSig(j);
    const oldPrev = s.prevSig(j);
    if (oldLast < 0 !== this.lastSig < 0 || oldPrev < 0 !== this.prevSig < 0) return false;
    const oldFrom = oldPrev >= 0 ? oldPrev : oldLast >= 0 ? oldLast : oldLen;
    const newFrom = this.prevSig >= 0 ? this.prevSig : this.lastSig >= 0 ? this.lastSig : newLen;
    if (oldLen - oldFrom !== newLen - newFrom || oldLen > 0 !== newLen > 0) return false;
    if (oldLast - oldFrom !== this.lastSig - newFrom) return false;
    for (let k = 0; k < newLen - newFrom; k++)
      if (!old.store.same(oldFrom + k, this.tokens, newFrom + k, delta)) return false;
    if (newLen > 0 && old.store.kind(oldLen - 1) !== this.tokens.kind(newLen - 1)) return false;

    const shift = {
      pos: delta,
      tokens: newLen - oldLen,
      trivia: this.trivia.length - s.trivia(j),
      diagnostics: this.diagnostics.length - s.diagnostics(j),
      unclosed: this.unclosed.length - s.unclosed(j),
      reachFloor: this.reach,
    };
    this.tokens.append(old.store, oldLen, old.store.length, delta);
    this.reusedTail = old.store.length - oldLen;
    for (let k = s.trivia(j); k < old.trivia.length; k++) {
      const t = old.trivia[k];
      this.trivia.push(delta === 0 ? t : { ...t, start: t.start + delta, end: t.end + delta });
    }
    for (let k = s.diagnostics(j); k < old.diagnostics.length; k++) {
      const d = old.diagnostics[k];
      this.diagnostics.push(delta === 0 ? d : { ...d, start: d.start + delta, end: d.end + delta });
    }
    for (let k = s.unclosed(j); k < old.unclosed.length; k++) this.unclosed.push(old.unclosed[k] + delta);
    this.states.appendShifted(s, j, shift);
    return true;
  }

  // ---------------------------------------------------------------- layout

  private lineStart(): void {
    const text = this.text;
    let col = 0;
    let p = this.pos;
    for (; p < this.n; p++) {
      const c = text.charCodeAt(p);
      if (c === CH_SPACE || c === CH_FF || c === CH_VT) col++;
      else if (c === CH_TAB) col += 4;
      else break;
    }
    this.pos = p;
    this.atLineStart = false;
    this.spaceBefore = true;
    if (p >= this.n) return;
    const c = text.charCodeAt(p);
    if (c === CH_LF || c === CH_CR) return; // blank line
    if (c === CH_HASH && !this.startsAttribute(p)) return; // comment or directive line
    this.lineStartFlag = true;
    this.lineIndent = col;
    this.layout(col, p);
  }

  private layout(col: number, p: number): void {
    if (this.lastSig < 0) {
      // First content line of the file.
      if (col > 0) this.pushIndent(col, p);
      return;
    }
    let floor = 1;
    let abandoned = false;
    if (this.brackets.length > 0) {
      const b = this.brackets[this.brackets.length - 1];
      if (this.indents.length === b.stackBase) {
        if (this.isRunawayLine(col, p)) {
          this.abandonBrackets(p);
          abandoned = true; // a declaration starts here: never a continuation of the broken line
        } else {
          if (this.isOp(this.lastSig, ':') && col > this.top()) {
            this.emitLayout(TokenKind.Newline, this.tokens.end(this.lastSig));
            this.pushIndent(col, p);
          }
          return;
        }
      } else {
        floor = b.stackBase;
      }
    }
    if (this.explicitContinuation) {
      this.explicitContinuation = false;
      return;
    }
    if (!abandoned && this.continues(col, p)) return;
    this.emitLayout(TokenKind.Newline, this.tokens.end(this.lastSig));
    if (col > this.top()) {
      this.pushIndent(col, p);
      return;
    }
    while (this.indents.length > floor && this.top() > col) {
      this.indents.pop();
      this.emitLayout(TokenKind.Dedent, p);
    }
    if (floor === 1 && this.top() < col) {
      this.error(p - col, p, 'inconsistent-dedent', 'Unindent does not match any outer indentation level');
    }
  }

  private top(): number {
    return this.indents[this.indents.length - 1];
  }

  private pushIndent(col: number, p: number): void {
    this.indents.push(col);
    this.emitLayout(TokenKind.Indent, p);
  }

  /** Does the line at `p` (indented `col`) continue the previous logical line? */
  private continues(col: number, p: number): boolean {
    const tokens = this.tokens;
    const last = this.lastSig;
    const lastKind = tokens.kind(last);
    const lastValue = tokens.value(last);
    if (lastKind === TokenKind.Op) {
      if (TRAILING_CONTINUATION.has(lastValue) && this.endsOperand(this.prevSig)) {
        if (!NEEDS_SPACE.has(lastValue) || tokens.flags(last) & TokenFlags.SpaceBefore) return true;
      }
    } else if (lastKind === TokenKind.Name && TRAILING_WORDS.has(lastValue) && this.prevSig >= 0) {
      const prev = this.prevSig;
      const pv = tokens.value(prev);
      if (!(tokens.kind(prev) === TokenKind.Op && (pv === '.' || pv === '?.'))) return true;
    }
    const text = this.text;
    const c = text.charCodeAt(p);
    const c1 = text.charCodeAt(p + 1);
    if (c === CH_DOT && c1 !== CH_DOT && !isDigit(c1)) return true;
    if (text.startsWith('?.', p) || text.startsWith('??', p) || text.startsWith('|>', p)) return true;
    if (text.startsWith('&&', p) || text.startsWith('||', p)) return true;
    if (this.startsWord(p, 'and') || this.startsWord(p, 'or')) return true;
    if (col > this.top() && !this.isOp(last, ':')) {
      for (const op of LEADING_BINARY) if (text.startsWith(op, p)) return true;
    }
    return false;
  }

  /** Can `t` end an operand (so that an operator after it is binary)? */
  private endsOperand(t: number): boolean {
    if (t < 0) return false;
    const v = this.tokens.value(t);
    switch (this.tokens.kind(t)) {
      case TokenKind.Name:
        return !NON_OPERAND_WORDS.has(v);
      case TokenKind.Op:
        return v === ')' || v === ']' || v === '}' || v === '?';
      default:
        return true;
    }
  }

  private startsWord(p: number, word: string): boolean {
    return this.text.startsWith(word, p) && !isIdentPart(this.text.charCodeAt(p + word.length));
  }

  private isRunawayLine(col: number, p: number): boolean {
    if (col > this.brackets[0].lineIndent) return false;
    let e = p;
    while (e < this.n && isIdentPart(this.text.charCodeAt(e))) e++;
    const c = this.text.charCodeAt(e);
    // `fn name`, `val x`, `pub(package) fn`, `describe("x"):`
    return (
      e > p &&
      RECOVERY_WORDS.has(this.text.slice(p, e)) &&
      (c === CH_SPACE || c === CH_TAB || c === CH_LPAREN)
    );
  }

  /** Give up on all open brackets (each reported) before `p`. */
  private abandonBrackets(p: number): void {
    // One diagnostic for the outermost bracket: 300 unclosed '[' are one mistake, not 300.
    const b0 = this.brackets[0];
    const more = this.brackets.length - 1;
    const inner = more > 0 ? ` (nor ${more} bracket${more > 1 ? 's' : ''} opened after it)` : '';
    this.error(
      b0.start,
      b0.start + 1,
      'unclosed-bracket',
      `'${String.fromCharCode(b0.char)}' was never closed${inner}`,
    );
    for (const b of this.brackets) this.unclosed.push(b.start);
    this.closeBlocksTo(this.brackets[0].stackBase, p);
    this.brackets.length = 0;
  }

  private closeBlocksTo(length: number, at: number): void {
    if (this.indents.length <= length) return;
    this.emitLayout(TokenKind.Newline, at);
    while (this.indents.length > length) {
      this.indents.pop();
      this.emitLayout(TokenKind.Dedent, at);
    }
  }

  private finish(): void {
    const end = this.n;
    if (this.brackets.length > 0) this.abandonBrackets(end);
    if (this.lastSig >= 0) this.emitLayout(TokenKind.Newline, this.tokens.end(this.lastSig));
    while (this.indents.length > 1) {
      this.indents.pop();
      this.emitLayout(TokenKind.Dedent, end);
    }
    this.tokens.push(TokenKind.EOF, end, end, '', 0);
  }

  private emitLayout(kind: TokenKind, at: number): void {
    const tokens = this.tokens;
    if (kind === TokenKind.Newline) {
      const n = tokens.length;
      if (n === 0) return;
      const last = tokens.kind(n - 1);
      if (last === TokenKind.Newline || last === TokenKind.Indent) return;
    }
    tokens.push(kind, at, at, '', 0);
  }

  // ---------------------------------------------------------------- tokens

  private push(kind: TokenKind, start: number, end: number, value: string, flags = 0): void {
    this.pushId(kind, start, end, value === '' ? 0 : this.tokens.values.id(value), flags);
  }

  /** push() with the value given by its id in the token store's table. */
  private pushId(kind: TokenKind, start: number, end: number, valueId: number, flags = 0): void {
    if (this.spaceBefore) flags |= TokenFlags.SpaceBefore;
    if (this.lineStartFlag) flags |= TokenFlags.LineStart;
    this.prevSig = this.lastSig;
    this.lastSig = this.tokens.pushId(kind, start, end, valueId, flags);
    this.spaceBefore = false;
    this.lineStartFlag = false;
  }

  private error(start: number, end: number, code: string, message: string): void {
    this.diagnostics.push({ start, end, severity: 'error', code, message });
  }

  private isOp(t: number, value: string): boolean {
    return t >= 0 && this.tokens.kind(t) === TokenKind.Op && this.tokens.value(t) === value;
  }

  private startsAttribute(p: number): boolean {
    return this.text.startsWith('#[', p) || this.text.startsWith('#![', p);
  }

  private hash(): void {
    const p = this.pos;
    if (this.text.startsWith('#[', p)) {
      this.openBracket(CH_LBRACKET, p, 2, '#[');
      return;
    }
    if (this.text.startsWith('#![', p)) {
      this.openBracket(CH_LBRACKET, p, 3, '#![');
      return;
    }
    let e = p;
    while (e < this.n && this.text.charCodeAt(e) !== CH_LF && this.text.charCodeAt(e) !== CH_CR) e++;
    const c1 = this.text.charCodeAt(p + 1);
    const directive =
      (c1 === 105 || c1 === 101) && // i, e
      (this.lineStartFlag || this.isLineStart(p)) &&
      /^#(if|elif|else|endif)\b/.test(this.text.slice(p, Math.min(e, p + 8)));
    this.trivia.push({
      kind: directive ? TokenKind.Directive : TokenKind.Comment,
      start: p,
      end: e,
      value: '',
      flags: 0,
    });
    this.pos = e;
  }

  private isLineStart(p: number): boolean {
    for (let q = p - 1; q >= 0; q--) {
      const c = this.text.charCodeAt(q);
      if (c === CH_LF || c === CH_CR) return true;
      if (c !== CH_SPACE && c !== CH_TAB) return false;
    }
    return true;
  }

  private openBracket(char: number, start: number, len: number, value: string): void {
    this.brackets.push({ char, start, lineIndent: this.lineIndent, stackBase: this.indents.length });
    this.pos = start + len;
    this.push(TokenKind.Op, start, start + len, value);
  }

  private closeBracket(char: number, start: number): void {
    let i = this.brackets.length - 1;
    while (i >= 0 && CLOSER[this.brackets[i].char] !== char) i--;
    this.pos = start + 1;
    if (i < 0) {
      this.error(start, start + 1, 'unmatched-bracket', `Unmatched '${String.fromCharCode(char)}'`);
      return;
    }
    for (let j = this.brackets.length - 1; j > i; j--) {
      const b = this.brackets[j];
      this.unclosed.push(b.start);
      this.error(
        b.start,
        b.start + 1,
        'unclosed-bracket',
        `'${String.fromCharCode(b.char)}' was never closed`,
      );
    }
    const b = this.brackets[i];
    this.closeBlocksTo(b.stackBase, start);
    this.brackets.length = i;
    this.push(TokenKind.Op, start, start + 1, BRACKET_TEXT[char]);
  }

  private scanToken(c: number): void {
    const start = this.pos;
    if (isIdentStart(c)) {
      this.name(start);
    } else if (isDigit(c)) {
      this.number(start);
    } else if (c === CH_DQUOTE || c === CH_SQUOTE) {
      this.string(start, start, 0);
    } else if (c === CH_LPAREN || c === CH_LBRACKET || c === CH_LBRACE) {
      this.openBracket(c, start, 1, BRACKET_TEXT[c]);
    } else if (c === CH_RPAREN || c === CH_RBRACKET || c === CH_RBRACE) {
      this.closeBracket(c, start);
    } else if (c === CH_BACKTICK && isIdentStart(this.text.charCodeAt(start + 1))) {
      let e = start + 1;
      while (e < this.n && isIdentPart(this.text.charCodeAt(e))) e++;
      if (this.text.charCodeAt(e) === CH_BACKTICK) e++;
      this.pos = e;
      this.push(TokenKind.Atom, start, e, '');
    } else if (c === CH_COLON && this.isSymbolStart(start)) {
      let e = start + 1;
      while (e < this.n && isIdentPart(this.text.charCodeAt(e))) e++;
      this.pos = e;
      this.push(TokenKind.Symbol, start, e, '');
    } else if (
      c === 47 &&
      (this.text.charCodeAt(start + 1) === 47 || this.text.charCodeAt(start + 1) === 42)
    ) {
      this.wrongComment(start);
    } else if (c === CH_BACKSLASH && this.atLineEndAfter(start + 1)) {
      this.explicitContinuation = true; // `\\` at the end of a line joins the next one
      this.pos = start + 1;
    } else {
      const op = this.operator(start);
      if (op === '') {
        const cp = this.text.codePointAt(start)!;
        const len = cp > 0xffff ? 2 : 1;
        this.error(start, start + len, 'unexpected-character', `Unexpected character ${describeChar(cp)}`);
        this.pos = start + len;
        return;
      }
      this.pos = start + op.length;
      this.push(TokenKind.Op, start, this.pos, op);
    }
  }

  /** `// ...` and `/* ... *\/` are not Simple comments: report once, then skip them like comments. */
  private wrongComment(start: number): void {
    const text = this.text;
    const block = text.charCodeAt(start + 1) === 42;
    let end: number;
    if (block) {
      const close = text.indexOf('*/', start + 2);
      if (close < 0) this.reach = this.n + 1;
      end = close >= 0 ? close + 2 : this.lineEnd(start);
    } else {
      end = this.lineEnd(start);
    }
    this.error(
      start,
      start + 2,
      'wrong-comment',
      block
        ? "Block comments are not Simple: use '#' on each line"
        : "'//' is not a comment in Simple: use '#'",
    );
    this.trivia.push({ kind: TokenKind.Comment, start, end, value: '', flags: 0 });
    this.pos = end;
  }

  private lineEnd(p: number): number {
    while (p < this.n && this.text.charCodeAt(p) !== CH_LF && this.text.charCodeAt(p) !== CH_CR) p++;
    return p;
  }

  /** Only spaces/tabs between `p` and the end of the line. */
  private atLineEndAfter(p: number): boolean {
    for (; p < this.n; p++) {
      const c = this.text.charCodeAt(p);
      if (c === CH_LF || c === CH_CR) return true;
      if (c !== CH_SPACE && c !== CH_TAB) return false;
    }
    return true;
  }

  /** `:name` after whitespace following a name, `,` or `(`: a DSL symbol (`let_lazy :db`). */
  private isSymbolStart(p: number): boolean {
    if (!this.spaceBefore || !isIdentStart(this.text.charCodeAt(p + 1))) return false;
    const last = this.lastSig;
    if (last < 0) return false;
    return this.tokens.kind(last) === TokenKind.Name || this.isOp(last, ',') || this.isOp(last, '(');
  }

  private name(start: number): void {
    const text = this.text;
    let hash = text.charCodeAt(start);
    let e = start + 1;
    for (; e < this.n; e++) {
      const c = text.charCodeAt(e);
      if (!isIdentPart(c)) break;
      hash = (hash * 31 + c) | 0;
    }
    const slot = this.intern(start, e, hash);
    const word = this.names[slot]!;
    const next = text.charCodeAt(e);
    if ((next === CH_DQUOTE || next === CH_SQUOTE) && STRING_PREFIXES.has(word)) {
      const raw = word.includes('r') || word.includes('R') ? TokenFlags.Raw : 0;
      this.string(start, e, raw);
      return;
    }
    if (next === CH_LBRACE && !RESERVED.has(word) && word.charCodeAt(0) >= 97 && word.charCodeAt(0) <= 122) {
      const close = this.matchRawBrace(e);
      if (close >= 0) {
        this.pos = close + 1;
        this.push(TokenKind.CustomBlock, start, close + 1, '');
        return;
      }
    }
    this.pos = e;
    this.pushId(TokenKind.Name, start, e, this.nameIds[slot]);
  }

  /**
   * The name text[start, end), shared with earlier occurrences: most names repeat, and a fresh
   * string per token was a large share of the parser's garbage. Returns the slot holding it and its
   * id in the token store's table.
   */
  private intern(start: number, end: number, hash: number): number {
    const slot = (hash ^ (end - start)) & this.internMask;
    const known = this.names[slot];
    if (known !== undefined && known.length === end - start && this.text.startsWith(known, start))
      return slot;
    const word = this.text.slice(start, end);
    this.names[slot] = word;
    this.nameIds[slot] = this.tokens.values.id(word);
    return slot;
  }

  /** Offset of the `}` closing the raw payload opened at `open`, or -1. */
  private matchRawBrace(open: number): number {
    let depth = 0;
    for (let p = open; p < this.n; p++) {
      const c = this.text.charCodeAt(p);
      if (c === CH_LBRACE) depth++;
      else if (c === CH_RBRACE && --depth === 0) return p;
    }
    this.reach = this.n + 1;
    return -1;
  }

  private number(start: number): void {
    const text = this.text;
    let p = start;
    let kind = TokenKind.Int;
    const c1 = text.charCodeAt(start + 1) | 0x20;
    if (text.charCodeAt(start) === CH_0 && (c1 === 0x78 || c1 === 0x62 || c1 === 0x6f)) {
      p += 2;
      const radix = c1 === 0x78 ? /[0-9a-fA-F_]/ : c1 === 0x62 ? /[01_]/ : /[0-7_]/;
      while (p < this.n && radix.test(text[p])) p++;
    } else {
      p = this.digits(p);
      const tupleIndex = this.isOp(this.lastSig, '.') && !this.spaceBefore;
      if (!tupleIndex && text.charCodeAt(p) === CH_DOT && isDigit(text.charCodeAt(p + 1))) {
        kind = TokenKind.Float;
        p = this.digits(p + 1);
      }
      const e = text.charCodeAt(p) | 0x20;
      if (!tupleIndex && e === 0x65) {
        const s = text.charCodeAt(p + 1);
        const q = s === 43 || s === 45 ? p + 2 : p + 1;
        if (isDigit(text.charCodeAt(q))) {
          kind = TokenKind.Float;
          p = this.digits(q);
        }
      }
    }
    let flags = 0;
    // Type suffix (42i32, 3.0f32) or unit suffix (100_km).
    const s = text.charCodeAt(p);
    if (isIdentStart(s)) {
      while (p < this.n && isIdentPart(text.charCodeAt(p))) p++;
      flags |= TokenFlags.NumSuffix;
    }
    this.pos = p;
    this.push(kind, start, p, '', flags);
  }

  private digits(p: number): number {
    const text = this.text;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (isDigit(c)) p++;
      else if (c === CH_UNDERSCORE && isDigit(text.charCodeAt(p + 1))) p += 2;
      else break;
    }
    return p;
  }

  /** A string literal starting at `start` whose opening quote is at `q` (after any prefix). */
  private string(start: number, q: number, flags: number): void {
    const text = this.text;
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    let p: number;
    if (triple) {
      flags |= TokenFlags.Triple;
      const close = text.indexOf(quote === CH_DQUOTE ? '"""' : "'''", q + 3);
      if (close >= 0) {
        p = close + 3;
      } else {
        this.reach = this.n + 1;
        p = this.unterminatedTripleEnd(q);
        flags |= TokenFlags.Unterminated;
        this.error(start, q + 3, 'unterminated-string', 'Unterminated triple-quoted string');
      }
    } else {
      if (quote === CH_SQUOTE && !(flags & TokenFlags.Raw) && start === q) {
        if (this.label(start)) return;
        flags |= TokenFlags.Raw;
      }
      if (quote === CH_DQUOTE && !(flags & TokenFlags.Raw)) flags |= TokenFlags.Interpolated;
      const escapes = !(flags & TokenFlags.Raw) || quote === CH_SQUOTE;
      p = q + 1;
      for (;;) {
        if (p >= this.n) break;
        const c = text.charCodeAt(p);
        if (c === quote) break;
        if (c === CH_LF || c === CH_CR) break;
        if (c === CH_BACKSLASH && escapes) {
          const d = text.charCodeAt(p + 1);
          p += d === CH_CR && text.charCodeAt(p + 2) === CH_LF ? 3 : 2;
          continue;
        }
        p++;
      }
      if (p < this.n && text.charCodeAt(p) === quote) {
        p++;
      } else {
        p = Math.min(p, this.n);
        flags |= TokenFlags.Unterminated;
        this.error(start, p, 'unterminated-string', 'Unterminated string literal');
      }
    }
    // Adjacent suffix: "config.toml"_path
    if (text.charCodeAt(p) === CH_UNDERSCORE && isIdentStart(text.charCodeAt(p + 1))) {
      p += 2;
      while (p < this.n && isIdentPart(text.charCodeAt(p))) p++;
      flags |= TokenFlags.Suffixed;
    }
    this.pos = p;
    this.push(TokenKind.String, start, p, '', flags);
  }

  /** `'name` with no closing quote on the line is a label token. */
  private label(start: number): boolean {
    const text = this.text;
    if (!isIdentStart(text.charCodeAt(start + 1))) return false;
    for (let p = start + 1; p < this.n; p++) {
      const c = text.charCodeAt(p);
      if (c === CH_SQUOTE) return false;
      if (c === CH_LF || c === CH_CR) break;
    }
    let e = start + 1;
    while (e < this.n && isIdentPart(text.charCodeAt(e))) e++;
    this.pos = e;
    this.push(TokenKind.Label, start, e, '');
    return true;
  }

  /**
   * An unterminated triple-quoted string ends before the next line that starts a top-level
   * declaration (or at the end of its own line if none follows), so the rest of the file parses.
   */
  private unterminatedTripleEnd(q: number): number {
    const re = /\r?\n(?=(?:fn|class|struct|enum|trait|impl|use|import|export|describe|pub|val|var)\b)/g;
    re.lastIndex = q;
    const m = re.exec(this.text);
    return m ? m.index : this.n;
  }

  /** The longest operator at `p`, or '' (returns interned literals: no allocation per token). */
  private operator(p: number): string {
    const t = this.text;
    const d = t.charCodeAt(p + 1);
    const e = t.charCodeAt(p + 2);
    switch (t.charCodeAt(p)) {
      case 46: // .
        if (d === 46) return e === 46 ? '...' : e === 61 ? '..=' : '..';
        return d === 63 ? '.?' : d === 33 && e !== 61 ? '.!' : '.';
      case 43: // +
        return d === 61 ? '+=' : '+';
      case 45: // -
        return d === 62 ? '->' : d === 61 ? '-=' : '-';
      case 42: // *
        if (d === 42) return e === 61 ? '**=' : '**';
        return d === 61 ? '*=' : '*';
      case 47: // /   (`//` and `/*` are handled as wrong comments before this)
        return d === 61 ? '/=' : '/';
      case 37: // %
        return d === 61 ? '%=' : '%';
      case 61: // =
        return d === 61 ? '==' : d === 62 ? '=>' : '=';
      case 33: // !
        return d === 61 ? '!=' : '!';
      case 60: // <
        if (d === 60) return e === 60 ? '<<<' : '<<';
        return d === 61 ? '<=' : '<';
      case 62: // >
        if (d === 62) return e === 62 ? '>>>' : '>>';
        return d === 61 ? '>=' : '>';
      case 58: // :
        return d === 58 ? '::' : d === 61 ? ':=' : ':';
      case 63: // ?
        return d === 46 ? '?.' : d === 63 ? '??' : '?';
      case 124: // |
        return d === 62 ? '|>' : d === 124 ? '||' : d === 61 ? '|=' : '|';
      case 38: // &
        return d === 38 ? '&&' : d === 61 ? '&=' : '&';
      case 126: // ~
        return d === 62 ? '~>' : d === 61 ? '~=' : '~';
      case 94: // ^
        return d === 61 ? '^=' : '^';
      case 64:
        return '@';
      case 36:
        return '$';
      case 44:
        return ',';
      case 59:
        return ';';
      case 92:
        return '\\';
      case 96:
        return '`';
      default:
        return '';
    }
  }
}

function describeChar(cp: number): string {
  if (cp < 32 || cp === 127) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(cp)}'`;
}
