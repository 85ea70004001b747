// The parser's cursor and tree builder: token access, node open/close, speculation, errors.
// Grammar lives in parse-stmt.ts, parse-decl.ts and parse-expr.ts as functions of this class.
import { NodeFlags, SyntaxKind, SyntaxNode } from './syntax';
import { TokenKind, TokenStore } from './tokens';
import type { SyntaxDiagnostic } from './types';

const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

/** Deepest nesting of blocks and brackets parsed recursively; deeper input is skipped with an error. */
export const MAX_DEPTH = 200;

/**
 * One statement of the module body as the parse met it: where it starts, where its nodes and errors
 * begin in the root's children and the diagnostics, and the furthest token its parse looked at. The
 * incremental reparse (incremental.ts) reuses statements whose tokens and lookahead an edit left alone.
 */
export interface ParseUnit {
  /** Offset of the statement's first token. */
  start: number;
  /** Index of that token in the parser's token array. */
  token: number;
  /** root.children.length when the statement began. */
  child: number;
  /** diagnostics.length when the statement began. */
  diagnostic: number;
  /** Start offset of the furthest token examined before the next statement began (set then). */
  reach: number;
}

/** A token of the parser's stream, by index (see TokenStore). */
export type Tok = number;

interface Mark {
  i: number;
  children: number;
  stack: number;
  diagnostics: number;
  splits: number;
  lastEnd: number;
}

export class Parser {
  i = 0;
  /** Work counter: every token consumed and every loop turn counts one. */
  steps = 0;
  depth = 0;
  readonly diagnostics: SyntaxDiagnostic[] = [];
  /** Expression context flags. */
  noIn = false;
  inPattern = false;
  /** `as` ends the expression (with-items bind names with `as`). */
  noAs = false;
  /** Inside speculation errors mark failure instead of being reported. */
  speculating = 0;
  failed = false;
  /** Offsets of `<` whose type arguments never closed: speculating there again must fail at once
   *  (otherwise `f<a<a<a...` re-parses the rest of the line at every `<`). */
  readonly unclosedTypeArgs = new Set<number>();
  /** An error has been reported for the current statement: further ones are noise. */
  statementHasError = false;
  lastEnd = 0;
  /** Highest token index bumped to or peeked at: how far the parse has looked (see ParseUnit.reach). */
  maxSeen = 0;
  /** Asked before each module-level statement of an incremental reparse: true stops the parse there. */
  resync: ((p: Parser) => boolean) | undefined;
  /** Module-level statements, in order (recorded by parseStatements at depth 0). */
  readonly units: ParseUnit[] = [];
  /** Start offset of the statement being parsed. */
  statementStart = 0;
  readonly root: SyntaxNode;
  private readonly stack: SyntaxNode[];
  /** Tokens the parser split (`>>` closing two generic lists): where, and the token as it was. */
  readonly splits: { index: number; start: number; end: number; value: string; flags: number }[] = [];

  /** The token stream; a private copy is taken before the first `>>` split (see splitGreater). */
  tokens: TokenStore;
  private ownTokens = false;

  constructor(
    readonly text: string,
    tokens: TokenStore,
    /** Offsets of brackets the lexer reported as never closed. */
    private readonly unclosedBrackets: readonly number[] = [],
  ) {
    this.root = {
      kind: SyntaxKind.Module,
      start: 0,
      end: text.length,
      children: [],
      parent: undefined,
      flags: 0,
    };
    this.stack = [this.root];
    this.tokens = tokens;
  }

  // ------------------------------------------------------------- cursor

  /** The current token. */
  get cur(): Tok {
    return this.i;
  }

  peek(k = 1): Tok {
    const at = Math.min(this.i + k, this.tokens.length - 1);
    if (at > this.maxSeen) this.maxSeen = at;
    return at;
  }

  kind(t: Tok = this.i): TokenKind {
    return this.tokens.kind(t);
  }
  /** Operator text of an Op token, the name of a Name token, '' otherwise. */
  value(t: Tok = this.i): string {
    return this.tokens.value(t);
  }
  start(t: Tok = this.i): number {
    return this.tokens.start(t);
  }
  end(t: Tok = this.i): number {
    return this.tokens.end(t);
  }
  flags(t: Tok = this.i): number {
    return this.tokens.flags(t);
  }
  span(t: Tok = this.i): { start: number; end: number } {
    return { start: this.tokens.start(t), end: this.tokens.end(t) };
  }

  bump(): Tok {
    const t = this.i;
    const kind = this.tokens.kind(t);
    this.steps++;
    if (kind !== TokenKind.EOF && ++this.i > this.maxSeen) this.maxSeen = this.i;
    if (kind !== TokenKind.Newline && kind !== TokenKind.Indent && kind !== TokenKind.Dedent) {
      this.lastEnd = this.tokens.end(t);
    }
    return t;
  }

  /** Just after a block's DEDENT: the expression that owned the block cannot continue. */
  afterBlock(): boolean {
    return this.i > 0 && this.tokens.kind(this.i - 1) === TokenKind.Dedent;
  }

  atOp(value: string, t: Tok = this.i): boolean {
    return this.tokens.kind(t) === TokenKind.Op && this.tokens.value(t) === value;
  }

  atName(value?: string, t: Tok = this.i): boolean {
    return this.tokens.kind(t) === TokenKind.Name && (value === undefined || this.tokens.value(t) === value);
  }

  at(kind: TokenKind): boolean {
    return this.tokens.kind(this.i) === kind;
  }

  eatOp(value: string): boolean {
    if (!this.atOp(value)) return false;
    this.bump();
    return true;
  }

  /** The closer, or the end of the statement (an unclosed bracket given up by the lexer). */
  atBracketEnd(close: string): boolean {
    const k = this.tokens.kind(this.i);
    return this.atOp(close) || k === TokenKind.Newline || k === TokenKind.Dedent || k === TokenKind.EOF;
  }

  /** End of a logical line: NEWLINE, DEDENT, EOF or `;`. */
  atLineEnd(t: Tok = this.i): boolean {
    const k = this.tokens.kind(t);
    return (
      k === TokenKind.Newline ||
      k === TokenKind.Dedent ||
      k === TokenKind.EOF ||
      (k === TokenKind.Op && this.tokens.value(t) === ';')
    );
  }

  isLayout(t: Tok = this.i): boolean {
    const k = this.tokens.kind(t);
    return k === TokenKind.Newline || k === TokenKind.Indent || k === TokenKind.Dedent;
  }

  /** Two adjacent tokens (no whitespace between). */
  adjacent(a: Tok, b: Tok): boolean {
    return this.tokens.end(a) === this.tokens.start(b);
  }

  /** Split a `>`-prefixed operator (`>>`, `>=`, `>>>`) so generics can close one `>` at a time. */
  splitGreater(): boolean {
    const tokens = this.tokens;
    const i = this.i;
    const value = tokens.value(i);
    if (tokens.kind(i) !== TokenKind.Op || value[0] !== '>') return false;
    if (value === '>') return true;
    if (!this.ownTokens) {
      // The lexer's stream is shared with the caller (kept for incremental reuse): split in a copy.
      this.tokens = tokens.slice();
      this.ownTokens = true;
    }
    return this.splitAt(i, value);
  }

  private splitAt(i: number, value: string): boolean {
    const tokens = this.tokens;
    const start = tokens.start(i);
    const end = tokens.end(i);
    const flags = tokens.flags(i);
    this.splits.push({ index: i, start, end, value, flags });
    tokens.insertGap(i + 1);
    tokens.set(i, TokenKind.Op, start, start + 1, '>', flags);
    tokens.set(i + 1, TokenKind.Op, start + 1, end, value.slice(1), 0);
    if (this.maxSeen > i) this.maxSeen++;
    return true;
  }

  /** A module-level statement begins at the current token (called by parseStatements at depth 0). */
  beginUnit(): void {
    const units = this.units;
    if (units.length > 0) this.extendReach(units[units.length - 1]);
    const start = this.tokens.start(this.i);
    units.push({
      start,
      token: this.i,
      child: this.root.children.length,
      diagnostic: this.diagnostics.length,
      reach: start,
    });
  }

  private extendReach(unit: ParseUnit): void {
    const seen = this.tokens.start(this.maxSeen);
    if (seen > unit.reach) unit.reach = seen;
  }

  /** The module body is done: the last statement's reach. */
  endUnits(): void {
    const units = this.units;
    if (units.length > 0) this.extendReach(units[units.length - 1]);
  }

  // ------------------------------------------------------------- tree

  get top(): SyntaxNode {
    return this.stack[this.stack.length - 1];
  }

  open(kind: SyntaxKind, start = this.nextStart()): SyntaxNode {
    const parent = this.top;
    const node: SyntaxNode = { kind, start, end: start, children: [], parent, flags: 0 };
    parent.children.push(node);
    this.stack.push(node);
    return node;
  }

  close(node: SyntaxNode, kind?: SyntaxKind): SyntaxNode {
    while (this.stack.length > 1) {
      const n = this.stack.pop()!;
      // A node that consumed nothing sits where the parse stood: right after the last token.
      if (this.lastEnd < n.start) n.start = this.lastEnd;
      n.end = Math.max(n.start, this.lastEnd);
      if (n === node) break;
    }
    if (kind !== undefined) node.kind = kind;
    return node;
  }

  /** Wrap `node` (the last child of the open node) in a new open node of `kind`. */
  precede(node: SyntaxNode, kind: SyntaxKind): SyntaxNode {
    const parent = this.top;
    const wrapper: SyntaxNode = {
      kind,
      start: node.start,
      end: node.end,
      children: [node],
      parent,
      flags: 0,
    };
    const idx = parent.children.lastIndexOf(node);
    if (idx >= 0) parent.children[idx] = wrapper;
    else parent.children.push(wrapper);
    node.parent = wrapper;
    this.stack.push(wrapper);
    return wrapper;
  }

  /** Wrap the last `count` children of the open node in a new closed node of `kind`. */
  wrapLast(count: number, kind: SyntaxKind): SyntaxNode {
    const parent = this.top;
    const parts = parent.children.splice(parent.children.length - count, count);
    const node: SyntaxNode = {
      kind,
      start: parts[0].start,
      end: parts[parts.length - 1].end,
      children: parts,
      parent,
      flags: 0,
    };
    for (const c of parts) c.parent = node;
    parent.children.push(node);
    return node;
  }

  /** Consume the current token as a leaf node. */
  leaf(kind: SyntaxKind, flags = 0): SyntaxNode {
    const t = this.bump();
    const node: SyntaxNode = {
      kind,
      start: this.tokens.start(t),
      end: this.tokens.end(t),
      children: NO_CHILDREN,
      parent: this.top,
      flags,
    };
    this.top.children.push(node);
    return node;
  }

  /** Move already-parsed siblings (decorators) into `node`, in front of its children. */
  adopt(node: SyntaxNode, nodes: SyntaxNode[]): void {
    if (nodes.length === 0) return;
    const siblings = node.parent!.children;
    // The nodes are siblings right before `node`: search from the end, not the whole parent.
    for (const n of nodes) {
      const at = siblings.lastIndexOf(n);
      if (at >= 0) siblings.splice(at, 1);
      n.parent = node;
    }
    node.children.unshift(...nodes);
    node.start = Math.min(node.start, nodes[0].start);
  }

  lastChild(): SyntaxNode | undefined {
    const c = this.top.children;
    return c[c.length - 1];
  }

  private nextStart(): number {
    return this.tokens.start(this.i);
  }

  /**
   * Final pass: every span inside its parent's (recovery can leave empty nodes at odd places), over the
   * root's children [first, last) and everything under them (an incremental parse clamps only what it
   * parsed: a copied statement was clamped by its own parse, or needed nothing).
   */
  clampSpans(first = 0, last = this.root.children.length): void {
    const root = this.root;
    const stack: SyntaxNode[] = [];
    for (let k = first; k < last; k++) {
      const c = root.children[k];
      clampInto(c, root);
      if (c.children.length > 0) stack.push(c);
    }
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const c of n.children) {
        clampInto(c, n);
        if (c.children.length > 0) stack.push(c);
      }
    }
  }

  // ------------------------------------------------------------- speculation

  mark(): Mark {
    return {
      i: this.i,
      children: this.top.children.length,
      stack: this.stack.length,
      diagnostics: this.diagnostics.length,
      splits: this.splits.length,
      lastEnd: this.lastEnd,
    };
  }

  reset(m: Mark): void {
    while (this.splits.length > m.splits) {
      const s = this.splits.pop()!;
      this.tokens.remove(s.index + 1);
      this.tokens.set(s.index, TokenKind.Op, s.start, s.end, s.value, s.flags);
      if (this.maxSeen > s.index) this.maxSeen--;
    }
    this.stack.length = m.stack;
    this.top.children.length = m.children;
    this.diagnostics.length = m.diagnostics;
    this.i = m.i;
    this.lastEnd = m.lastEnd;
  }

  /** Run `fn` speculatively: keep its result if it succeeds, roll everything back if not. */
  speculate(fn: () => boolean): boolean {
    const m = this.mark();
    const failed = this.failed;
    this.speculating++;
    this.failed = false;
    let ok = false;
    try {
      ok = fn() && !this.failed;
    } finally {
      this.speculating--;
    }
    this.failed = failed;
    if (!ok) this.reset(m);
    return ok;
  }

  // ------------------------------------------------------------- errors

  error(message: string, code = 'syntax', span?: { start: number; end: number }): void {
    if (this.speculating > 0) {
      this.failed = true;
      return;
    }
    if (this.statementHasError) return;
    this.statementHasError = true;
    let start = span ? span.start : this.start();
    let end = span ? span.end : this.end();
    if (!span && (this.isLayout() || this.kind() === TokenKind.EOF)) {
      const prev = this.previousSignificant();
      start = this.start(prev >= 0 ? prev : this.i);
      end = this.end(prev >= 0 ? prev : this.i);
    }
    this.diagnostics.push({ start, end, severity: 'error', code, message });
  }

  /** Index of the last non-layout token before the current one, or -1. */
  previousSignificant(): Tok {
    for (let k = this.i - 1; k >= 0; k--) if (!this.isLayout(k)) return k;
    return -1;
  }

  describe(t: Tok = this.i): string {
    switch (this.tokens.kind(t)) {
      case TokenKind.Newline:
        return 'end of line';
      case TokenKind.Indent:
        return 'indentation';
      case TokenKind.Dedent:
        return 'end of block';
      case TokenKind.EOF:
        return 'end of file';
      case TokenKind.String:
        return 'string';
      case TokenKind.Int:
      case TokenKind.Float:
        return 'number';
      default:
        return `'${this.text.slice(this.start(t), Math.min(this.end(t), this.start(t) + 40))}'`;
    }
  }

  expectOp(value: string, context?: string): boolean {
    if (this.eatOp(value)) return true;
    // A missing closer was already reported by the lexer as an unclosed bracket.
    if (value === ')' || value === ']' || value === '}') {
      if (this.atLineEnd()) return false;
      const at = this.start();
      if (this.unclosedBrackets.some((o) => o >= this.statementStart && o < at)) return false;
    }
    this.error(
      `Expected '${value}'${context ? ' ' + context : ''}, found ${this.describe()}`,
      'expected-token',
    );
    return false;
  }

  /** Skip the rest of a malformed line; an indented block after it is still parsed (as Error). */
  skipLine(parseBlock: () => void): void {
    const err = this.open(SyntaxKind.Error);
    err.flags |= NodeFlags.Recovered;
    while (!this.atLineEnd() && this.kind() !== TokenKind.Indent) this.bump();
    if (this.kind() === TokenKind.Indent) parseBlock();
    this.close(err);
  }

  /**
   * Skip a balanced run of tokens (a too-deep bracket or block) without recursion. Brackets the
   * lexer gave up on never close: the run also ends at the end of the statement.
   */
  skipBalanced(): void {
    let blocks = 0;
    let brackets = 0;
    do {
      const t = this.bump();
      const kind = this.kind(t);
      if (kind === TokenKind.Indent) blocks++;
      else if (kind === TokenKind.Dedent) blocks--;
      else if (kind === TokenKind.Op) {
        const v = this.value(t);
        if (v === '(' || v === '[' || v === '{' || v === '#[' || v === '#![') brackets++;
        else if (v === ')' || v === ']' || v === '}') brackets--;
      }
      const next = this.kind();
      if (next === TokenKind.EOF) return;
      if (blocks <= 0 && (next === TokenKind.Newline || next === TokenKind.Dedent)) return;
    } while (blocks > 0 || brackets > 0);
  }
}

/** Moves `c`'s span inside its parent `n`'s. */
function clampInto(c: SyntaxNode, n: SyntaxNode): void {
  if (c.start < n.start) c.start = n.start;
  if (c.start > n.end) c.start = n.end;
  if (c.end > n.end) c.end = n.end;
  if (c.end < c.start) c.end = c.start;
}
