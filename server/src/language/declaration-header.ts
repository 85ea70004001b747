// The declaration scan's reader of declaration headers (declaration-scan.ts): a tokenizer for the few
// tokens of a header and the small grammar of the parts the scan accepts (parameters, types, plain
// expressions, call arguments). Anything outside it throws UNSURE, and the scan gives up on the file.
import { RESERVED } from './keywords';
import { DECLARATION_WORDS } from './parse-decl';

/** Thrown (and caught in scanOutline) where the scanner is not certain. */
class Unsure extends Error {}
export const UNSURE = new Unsure();

export const enum T {
  Id,
  Num,
  Str,
  Punct,
}

/** The tokens of one statement's header: kinds, starts, ends (UTF-16 offsets), in parallel arrays. */
interface Tokens {
  kind: T[];
  start: number[];
  end: number[];
}

/**
 * Words that never name a declaration the scan answers for: its own list, and every modifier or
 * declaration word of the parser (DECLARATION_WORDS, parse-decl.ts), so that the two cannot drift.
 */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'fn',
  'me',
  'if',
  'elif',
  'else',
  'for',
  'while',
  'loop',
  'match',
  'case',
  'return',
  'break',
  'continue',
  'pass',
  'use',
  'import',
  'from',
  'enum',
  'impl',
  'type',
  'alias',
  'await',
  'in',
  'is',
  'as',
  'not',
  'and',
  'or',
  'mod',
  'self',
  'with',
  'yield',
  'lambda',
  'where',
  'it',
  'describe',
  'context',
  'when',
  'do',
  'then',
  'extend',
  'internal_export',
  'asm',
  'spawn',
  'xor',
  'feature',
  'test',
  ...DECLARATION_WORDS,
]);

/** Literal words that are operands. */
const LITERAL_WORDS = new Set(['true', 'false', 'nil']);

const SIMPLE_ESCAPES = 'tnr0\\"\'';

/** Brackets nested deeper than this in a header are left to the parser. */
const MAX_NESTING = 12;

const BINARY = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', 'and', 'or']);

/** Tokens of the header being read, the read position and the bracket depth. */
export class HeaderReader {
  protected toks: Tokens = { kind: [], start: [], end: [] };
  protected p = 0;
  protected depth = 0;

  constructor(protected readonly text: string) {}

  /** `<T, U>` */
  protected typeParams(): void {
    this.p++;
    for (;;) {
      const t = this.expect(T.Id);
      if (KEYWORDS.has(this.tokText(t))) throw UNSURE;
      if (this.isPunct(',')) this.p++;
      else break;
    }
    if (!this.isPunct('>')) throw UNSURE;
    this.p++;
  }

  /** After a parameter's or a field's name: `: type`, then an optional `= value`. */
  protected typedTail(): void {
    if (!this.isPunct(':')) throw UNSURE;
    this.p++;
    this.type();
    if (this.isPunct('=')) {
      this.p++;
      this.expression();
    }
  }

  protected params(): void {
    if (!this.isPunct('(')) throw UNSURE;
    this.p++;
    while (!this.isPunct(')')) {
      if (this.isWord('self')) this.p++;
      else {
        // A parameter's name is any word but a reserved one (`record: Entry` is a parameter).
        const n = this.expect(T.Id);
        if (RESERVED.has(this.tokText(n)) || this.tokText(n) === 'self') throw UNSURE;
        this.typedTail();
      }
      if (this.isPunct(',')) this.p++;
      else if (!this.isPunct(')')) throw UNSURE;
    }
    this.p++;
  }

  protected type(): void {
    if (++this.depth > MAX_NESTING) throw UNSURE;
    if (this.isWord('fn') && this.punctAt(this.p + 1) === '(') {
      // A function type: fn(T, U) -> R
      this.p++;
      this.typeList(')');
      if (this.isPunct('->')) {
        this.p++;
        this.type();
      }
    } else if (this.isPunct('(')) {
      this.typeList(')');
    } else if (this.isPunct('[')) {
      this.p++;
      this.type();
      if (!this.isPunct(']')) throw UNSURE;
      this.p++;
    } else if (this.isPunct('{')) {
      this.p++;
      this.type();
      if (!this.isPunct(':')) throw UNSURE;
      this.p++;
      this.type();
      if (!this.isPunct('}')) throw UNSURE;
      this.p++;
    } else {
      const t = this.expect(T.Id);
      const w = this.tokText(t);
      if (KEYWORDS.has(w) && w !== 'self') throw UNSURE;
      if (this.isPunct('<')) {
        this.p++;
        for (;;) {
          this.type();
          if (this.isPunct(',')) this.p++;
          else break;
        }
        if (!this.isPunct('>')) throw UNSURE;
        this.p++;
      }
    }
    if (this.isPunct('?')) this.p++;
    this.depth--;
  }

  /** `(T, U)`: from the opening bracket to `close`. */
  protected typeList(close: string): void {
    this.p++;
    while (!this.isPunct(close)) {
      this.type();
      if (this.isPunct(',')) this.p++;
      else if (!this.isPunct(close)) throw UNSURE;
    }
    this.p++;
  }

  /** Call arguments up to and including `)`: [name:] expression, comma separated. */
  protected args(): void {
    while (!this.isPunct(')')) {
      if (this.kindAt(this.p) === T.Id && this.punctAt(this.p + 1) === ':') this.p += 2;
      this.expression();
      if (this.isPunct(',')) this.p++;
      else if (!this.isPunct(')')) throw UNSURE;
    }
    this.p++;
  }

  /** A plain expression: operands joined by binary operators; operands are literals, names, calls. */
  protected expression(): void {
    // Deep nesting is where the parser's depth limits (and their errors) live: not ours to model.
    if (++this.depth > MAX_NESTING) throw UNSURE;
    for (;;) {
      if (this.isPunct('-') || this.isWord('not')) this.p++;
      this.operand();
      const k = this.kindAt(this.p);
      const op = k === T.Punct ? this.punctAt(this.p) : k === T.Id ? this.word(this.p) : undefined;
      if (op === undefined || !BINARY.has(op)) break;
      this.p++;
    }
    this.depth--;
  }

  protected operand(): void {
    const k = this.kindAt(this.p);
    if (k === T.Num || k === T.Str) this.p++;
    else if (k === T.Id) {
      const w = this.tokText(this.p);
      if (KEYWORDS.has(w) && w !== 'self') throw UNSURE;
      this.p++;
      if (LITERAL_WORDS.has(w)) return;
    } else if (this.isPunct('(')) {
      this.p++;
      this.expression();
      if (!this.isPunct(')')) throw UNSURE;
      this.p++;
    } else if (this.isPunct('[')) {
      this.p++;
      while (!this.isPunct(']')) {
        this.expression();
        if (this.isPunct(',')) this.p++;
        else if (!this.isPunct(']')) throw UNSURE;
      }
      this.p++;
    } else throw UNSURE;
    // Postfix: .name, calls.
    for (;;) {
      if (this.isPunct('.')) {
        this.p++;
        this.expect(T.Id);
      } else if (this.isPunct('(')) {
        this.p++;
        this.args();
      } else return;
    }
  }

  // ------------------------------------------------------------------ tokens

  /** `dots`: a run of dots is single dots (the relative path of an import). */
  protected tokenize(from: number, to: number, dots = false): void {
    const t = this.text;
    const kind: T[] = [];
    const start: number[] = [];
    const end: number[] = [];
    let q = from;
    while (q < to) {
      const c = t.charCodeAt(q);
      if (c === 32 || c === 9) {
        q++;
        continue;
      }
      if (c === 10 || c === 13) {
        // A header over several lines breaks only after an opening bracket or a comma: the parser
        // reads some line breaks inside brackets (after `:` in a parameter, say) as the line's end.
        const last = kind.length - 1;
        const prev = last >= 0 && kind[last] === T.Punct ? t.charCodeAt(start[last]) : 0;
        if (prev !== 40 && prev !== 44 && prev !== 91 && prev !== 123) throw UNSURE;
        q++;
        continue;
      }
      const s = q;
      if (isLetter(c) || c === 95) {
        q++;
        while (q < to && isWordChar(t.charCodeAt(q))) q++;
        const d = t.charCodeAt(q);
        if (d === 34 || d === 39) throw UNSURE; // a prefixed string
        kind.push(T.Id);
      } else if (c === 48 && (t.charCodeAt(q + 1) === 120 || t.charCodeAt(q + 1) === 88)) {
        q += 2;
        while (q < to && (isHexDigit(t.charCodeAt(q)) || t.charCodeAt(q) === 95)) q++;
        if (q === s + 2 || (q < to && (isWordChar(t.charCodeAt(q)) || t.charCodeAt(q) === 46))) throw UNSURE;
        kind.push(T.Num);
      } else if (c >= 48 && c <= 57) {
        q++;
        while (q < to && ((t.charCodeAt(q) >= 48 && t.charCodeAt(q) <= 57) || t.charCodeAt(q) === 95)) q++;
        if (t.charCodeAt(q) === 46 && isDigit(t.charCodeAt(q + 1))) {
          q += 2;
          while (q < to && isDigit(t.charCodeAt(q))) q++;
          // An exponent: 2.5e-3
          const e = t.charCodeAt(q);
          const sign = t.charCodeAt(q + 1) === 43 || t.charCodeAt(q + 1) === 45 ? 1 : 0;
          if ((e === 101 || e === 69) && isDigit(t.charCodeAt(q + 1 + sign))) {
            q += 1 + sign;
            while (q < to && isDigit(t.charCodeAt(q))) q++;
          }
        }
        if (q < to && (isWordChar(t.charCodeAt(q)) || t.charCodeAt(q) === 46)) throw UNSURE;
        kind.push(T.Num);
      } else if (c === 34) {
        q++;
        for (;;) {
          if (q >= to) throw UNSURE;
          const d = t.charCodeAt(q);
          if (d === 34) break;
          // Simple escapes (\t, \", ...) are part of the string; interpolation, other escapes and line
          // breaks are the lexer's business.
          if (d === 92) {
            if (!SIMPLE_ESCAPES.includes(t[q + 1])) throw UNSURE;
            q += 2;
            continue;
          }
          if (d === 123 || d === 125 || d === 10 || d === 13) throw UNSURE;
          q++;
        }
        q++;
        if (t.charCodeAt(q) === 34 || (q < to && isWordChar(t.charCodeAt(q)))) throw UNSURE;
        kind.push(T.Str);
      } else if (c === 35) {
        // A comment to the end of its line (a `#[` attribute is code we do not model).
        if (t.charCodeAt(q + 1) === 91 || t.charCodeAt(q + 1) === 33) throw UNSURE;
        while (q < to && t.charCodeAt(q) !== 10 && t.charCodeAt(q) !== 13) q++;
        continue;
      } else {
        const two = t.slice(q, q + 2);
        if (two === '->' || two === '==' || two === '!=' || two === '<=' || two === '>=') {
          if (t.charCodeAt(q + 2) === 61 || t.charCodeAt(q + 2) === 62) throw UNSURE;
          q += 2;
        } else if ('()[]{},:.=+-*/%<>?'.includes(t[q])) {
          const d = t.charCodeAt(q + 1);
          // Operators we do not model when doubled or compounded (`..`, `::`, `**`, `//`, `+=`, `?.`, `??`).
          if (!(dots && c === 46) && '.:*/?'.includes(t[q]) && (d === c || d === 46 || d === 58 || d === 63))
            throw UNSURE;
          if ('+-*/%'.includes(t[q]) && (d === 61 || d === 62)) throw UNSURE;
          if (t[q] === '=' && (d === 61 || d === 62)) throw UNSURE;
          q++;
        } else throw UNSURE;
        kind.push(T.Punct);
      }
      start.push(s);
      end.push(q);
    }
    this.toks = { kind, start, end };
  }

  protected kindAt(p: number): T | undefined {
    return this.toks.kind[p];
  }

  protected tokText(p: number): string {
    return this.text.slice(this.toks.start[p], this.toks.end[p]);
  }

  protected word(p: number): string | undefined {
    return this.toks.kind[p] === T.Id ? this.tokText(p) : undefined;
  }

  protected punctAt(p: number): string | undefined {
    return this.toks.kind[p] === T.Punct ? this.tokText(p) : undefined;
  }

  protected isWord(w: string): boolean {
    return this.word(this.p) === w;
  }

  protected isPunct(s: string): boolean {
    return this.punctAt(this.p) === s;
  }

  protected expect(k: T): number {
    if (this.toks.kind[this.p] !== k) throw UNSURE;
    return this.p++;
  }
}

export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95;
}
