// Expressions, patterns and types. Patterns are parsed as expressions (a superset) with
// `inPattern` set, which turns off `->`/`=>` so match-arm separators stay separators.
import { OPERATOR_WORDS } from './keywords';
import { parseBlockAfterColon, parseMatchArms } from './parse-stmt';
import { lex } from './lexer';
import { MAX_DEPTH, Parser } from './parser-core';
import { stringParts } from './strings';
import { NodeFlags, SyntaxKind, SyntaxNode } from './syntax';
import { Token, TokenFlags, TokenKind } from './tokens';

interface BinaryOp {
  prec: number;
  right?: boolean;
}

const BINARY: Record<string, BinaryOp> = {
  '=>': { prec: 1, right: true },
  ':=': { prec: 1, right: true },
  '|>': { prec: 2 },
  '~>': { prec: 2 },
  or: { prec: 3 },
  '||': { prec: 3 },
  xor: { prec: 3 },
  and: { prec: 4 },
  '&&': { prec: 4 },
  '==': { prec: 6 },
  '!=': { prec: 6 },
  '<': { prec: 6 },
  '<=': { prec: 6 },
  '>': { prec: 6 },
  '>=': { prec: 6 },
  is: { prec: 6 },
  in: { prec: 6 },
  '??': { prec: 7 },
  '|': { prec: 8 },
  '^': { prec: 9 },
  '&': { prec: 10 },
  '<<': { prec: 11 },
  '>>': { prec: 11 },
  '..': { prec: 12 },
  '..=': { prec: 12 },
  '+': { prec: 13 },
  '-': { prec: 13 },
  '*': { prec: 14 },
  '/': { prec: 14 },
  '%': { prec: 14 },
  '@': { prec: 14 },
  as: { prec: 15 },
  '**': { prec: 17, right: true },
};
const NOT_PREC = 5;
const UNARY_PREC = 16;
const BROADCAST = new Set(['+', '-', '*', '/', '^']);

export const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '~=', '|=', '&=', '^=']);

/** Words that, as a type prefix, modify the type after them (`mut T`, `dyn Trait`). */
const TYPE_PREFIX = new Set([
  'mut',
  'dyn',
  'ref',
  'iso',
  'impl',
  'own',
  'const',
  'shared',
  'weak',
  'unique',
  'out',
  'inout',
]);

export function canStartExpr(p: Parser, t: Token = p.cur): boolean {
  switch (t.kind) {
    case TokenKind.Name:
      return !OPERATOR_WORDS.has(t.value) || t.value === 'not' || t.value === 'if';
    case TokenKind.Op:
      return ['(', '[', '{', '\\', '-', '+', '~', '!', '&', '*', '**', '...', '..'].includes(t.value);
    case TokenKind.Newline:
    case TokenKind.Indent:
    case TokenKind.Dedent:
    case TokenKind.EOF:
    case TokenKind.Error:
    case TokenKind.Comment:
    case TokenKind.Directive:
      return false;
    default:
      return true;
  }
}

/** Can `t` begin an argument of a no-paren call (`print x`, `describe "x":`)? */
function canStartNoParenArg(p: Parser, t: Token): boolean {
  if (!(t.flags & TokenFlags.SpaceBefore)) return false;
  switch (t.kind) {
    case TokenKind.Name:
      return !OPERATOR_WORDS.has(t.value) || t.value === 'not';
    case TokenKind.Op:
      return t.value === '\\' || (t.value === '&' && p.atOp(':', p.peek()));
    case TokenKind.Int:
    case TokenKind.Float:
    case TokenKind.String:
    case TokenKind.Label:
    case TokenKind.Atom:
    case TokenKind.Symbol:
    case TokenKind.CustomBlock:
      return true;
    default:
      return false;
  }
}

function isCallable(n: SyntaxNode): boolean {
  return n.kind === SyntaxKind.NameRef || n.kind === SyntaxKind.Member || n.kind === SyntaxKind.Call;
}

/** An expression that may be a no-paren call (`print x, y`, `user.set name: "A"`). */
export function parseExprStmtLevel(p: Parser): SyntaxNode | undefined {
  const e = parseExpr(p);
  if (!e || !isCallable(e) || p.afterBlock() || !canStartNoParenArg(p, p.cur)) return e;
  if (p.inPattern && p.at(TokenKind.Name)) return parseTypeTest(p, e);
  const call = p.precede(e, SyntaxKind.Call);
  call.flags |= NodeFlags.NoParens;
  const args = p.open(SyntaxKind.ArgList);
  do {
    parseArg(p, false, !p.inPattern); // a pattern (`after 100:`) has no named arguments
  } while (p.eatOp(',') && !p.atLineEnd());
  p.close(args);
  return p.close(call);
}

/** A type-test pattern `i64 v` / `text s`: the type, then the name it binds. */
function parseTypeTest(p: Parser, type: SyntaxNode): SyntaxNode {
  const test = p.precede(type, SyntaxKind.TypeTest);
  if (p.at(TokenKind.Name)) p.leaf(SyntaxKind.Name);
  else p.error(`Expected a name to bind after the type, found ${p.describe()}`, 'expected-name');
  return p.close(test);
}

export function parseExpr(p: Parser, minPrec = 0): SyntaxNode | undefined {
  if (p.depth > MAX_DEPTH) {
    p.error('Expression nested too deeply', 'too-deep');
    const err = p.open(SyntaxKind.Error);
    p.skipBalanced();
    return p.close(err);
  }
  p.depth++;
  try {
    return parseBinary(p, minPrec);
  } finally {
    p.depth--;
  }
}

function parseBinary(p: Parser, minPrec: number): SyntaxNode | undefined {
  let lhs = parseUnary(p);
  if (!lhs) return undefined;
  for (;;) {
    p.steps++;
    if (p.afterBlock()) break;
    const t = p.cur;
    let opText: string;
    let width = 1;
    if (t.kind === TokenKind.Op) {
      opText = t.value;
      if (opText === '.' && BROADCAST.has(p.peek().value) && p.peek().kind === TokenKind.Op) {
        opText = p.peek().value;
        width = 2;
      }
      if (opText === '&' && p.atOp(':', p.peek())) break;
      if (opText === '=>' && p.inPattern) break;
      if (opText === '|' && p.inPattern && (t.flags & TokenFlags.LineStart) !== 0) break;
    } else if (t.kind === TokenKind.Name) {
      opText = t.value;
      if (opText === 'in' && p.noIn) break;
      if (opText === 'as' && p.noAs) break;
      if (opText === 'not' && p.atName('in', p.peek())) {
        if (p.noIn) break;
        width = 2;
        opText = 'in';
      }
    } else {
      break;
    }
    const op = BINARY[opText];
    if (!op || op.prec < minPrec) break;
    const node = p.precede(lhs, opText === 'as' ? SyntaxKind.Cast : SyntaxKind.Binary);
    for (let k = 0; k < width; k++) p.leaf(SyntaxKind.Keyword);
    if (opText === 'as') {
      parseType(p);
    } else if (opText === 'is' && p.atName('not')) {
      p.leaf(SyntaxKind.Keyword);
      parseOperand(p, op);
    } else if ((opText === '..' || opText === '..=') && !canStartExpr(p)) {
      node.kind = SyntaxKind.Range;
    } else if (opText === '=>') {
      node.kind = SyntaxKind.Lambda;
      parseLambdaBody(p);
    } else {
      if (opText === '..' || opText === '..=') node.kind = SyntaxKind.Range;
      parseOperand(p, op);
    }
    lhs = p.close(node);
  }
  return lhs;
}

function parseOperand(p: Parser, op: BinaryOp): void {
  const rhs = parseExpr(p, op.right ? op.prec : op.prec + 1);
  if (!rhs)
    p.error(`Expected an expression after the operator, found ${p.describe()}`, 'expected-expression');
}

function parseUnary(p: Parser): SyntaxNode | undefined {
  const t = p.cur;
  let prefix = false;
  let operandPrec = UNARY_PREC;
  if (t.kind === TokenKind.Op) {
    const v = t.value;
    if (v === '&' && p.atOp(':', p.peek())) {
      const ref = p.open(SyntaxKind.MethodRef);
      p.bump();
      p.bump();
      if (p.at(TokenKind.Name)) p.leaf(SyntaxKind.Name);
      else p.error('Expected a method name after &:', 'expected-name');
      return p.close(ref);
    }
    if (v === '..' || v === '..=') {
      const r = p.open(SyntaxKind.Range);
      p.leaf(SyntaxKind.Keyword);
      if (canStartExpr(p)) parseExpr(p, 13);
      return p.close(r);
    }
    prefix = ['-', '+', '~', '!', '&', '*', '**', '...'].includes(v);
  } else if (t.kind === TokenKind.Name) {
    const next = p.peek();
    const sameLine = !p.isLayout(next) && next.kind !== TokenKind.EOF;
    if (t.value === 'not') {
      prefix = true;
      operandPrec = NOT_PREC;
    } else if (['await', 'yield', 'spawn', 'move', 'throw', 'raise', 'lazy', 'go'].includes(t.value)) {
      prefix =
        sameLine &&
        canStartExpr(p, next) &&
        !(next.kind === TokenKind.Op && ['(', '['].includes(next.value) && p.adjacent(t, next));
      operandPrec = t.value === 'await' || t.value === 'move' ? UNARY_PREC : 2;
    }
  }
  if (!prefix) return parsePostfix(p);
  const node = p.open(
    t.value === '...' || t.value === '**' || t.value === '*' ? SyntaxKind.Spread : SyntaxKind.Unary,
  );
  p.leaf(SyntaxKind.Keyword);
  if (!parseExpr(p, operandPrec)) p.error(`Expected an expression after '${t.value}'`, 'expected-expression');
  return p.close(node);
}

function parsePostfix(p: Parser): SyntaxNode | undefined {
  let e = parsePrimary(p);
  if (!e) return undefined;
  for (;;) {
    p.steps++;
    if (p.afterBlock()) break;
    const t = p.cur;
    if (t.kind === TokenKind.String && e.kind === SyntaxKind.StringLit && !p.isLayout(t)) {
      // Adjacent string literals concatenate.
      p.bump();
      e.end = t.end;
      continue;
    }
    if (t.kind !== TokenKind.Op) break;
    const v = t.value;
    if (v === '(') {
      const call = p.precede(e, SyntaxKind.Call);
      parseArgList(p, '(', ')');
      e = p.close(call);
    } else if (v === '[') {
      e = parseIndex(p, e);
    } else if (v === '.' || v === '?.' || v === '::') {
      const next = p.peek();
      if (v === '.' && next.kind === TokenKind.Op && BROADCAST.has(next.value)) break;
      const m = p.precede(e, SyntaxKind.Member);
      p.bump();
      const n = p.cur;
      if (n.kind === TokenKind.Name || n.kind === TokenKind.Int) p.leaf(SyntaxKind.Name);
      else if (n.kind === TokenKind.Float)
        p.leaf(SyntaxKind.Name); // t.0.1 lexed as a float
      else if (p.atOp('<') && v === '::') parseTypeArgs(p);
      else if (p.atOp('{') || p.atOp('*'))
        p.bump(); // path forms in expressions
      else p.error(`Expected a member name after '${v}', found ${p.describe()}`, 'expected-name');
      e = p.close(m);
    } else if (v === '.?' || v === '.!' || v === '?' || (v === '!' && p.adjacent(p.tokens[p.i - 1], t))) {
      // `x!` written against its operand (`for x in xs!:`) is postfix; `!x` and `a != b` are not this.
      const post = p.precede(e, SyntaxKind.Postfix);
      p.bump();
      e = p.close(post);
    } else if (v === '->' && !p.inPattern && p.atName(undefined, p.peek())) {
      const m = p.precede(e, SyntaxKind.Member); // functional update x->f(): the arrow stays in the tree
      p.leaf(SyntaxKind.Keyword);
      p.leaf(SyntaxKind.Name);
      e = p.close(m);
    } else if (
      v === '<' &&
      p.adjacent(p.tokens[p.i - 1], t) &&
      (e.kind === SyntaxKind.NameRef || e.kind === SyntaxKind.Member)
    ) {
      if (!speculateTypeArgs(p)) break;
      e = p.lastChild()!;
    } else if (v === '<<<') {
      const launch = p.precede(e, SyntaxKind.Launch);
      p.bump();
      const args = p.open(SyntaxKind.ArgList);
      while (!p.atOp('>>>') && !p.atLineEnd()) {
        p.steps++;
        if (!parseExpr(p, 12)) break;
        if (!p.eatOp(',')) break;
      }
      p.close(args);
      p.expectOp('>>>', 'to close the launch configuration');
      e = p.close(launch);
    } else if (v === '{' && p.adjacent(p.tokens[p.i - 1], t) && e.kind === SyntaxKind.NameRef) {
      const lit = p.precede(e, SyntaxKind.Call); // struct literal Point{x: 1}
      parseBraced(p);
      e = p.close(lit);
    } else {
      break;
    }
  }
  return e;
}

/** `name<T, U>` in an expression is generic only when `(`, `.`, `::` or `{` follows the `>`. */
function speculateTypeArgs(p: Parser): boolean {
  if (p.unclosedTypeArgs.has(p.cur.start)) return false;
  const ok = p.speculate(() => {
    parseTypeArgs(p);
    const next = p.cur;
    return (
      next.kind === TokenKind.Op &&
      ['(', '.', '::', '{', '?.'].includes(next.value) &&
      p.adjacent(p.tokens[p.i - 1], next)
    );
  });
  if (ok) p.wrapLast(2, SyntaxKind.Generic);
  return ok;
}

function parseIndex(p: Parser, e: SyntaxNode): SyntaxNode {
  const idx = p.precede(e, SyntaxKind.Index);
  p.bump();
  skipLayout(p);
  while (!p.atBracketEnd(']')) {
    p.steps++;
    const before = p.i;
    const colon = (): boolean => p.atOp(':') || p.atOp('::'); // `xs[::2]` lexes `::` as one token
    if (colon() || canStartExpr(p)) {
      const slice = p.open(SyntaxKind.Slice);
      if (!colon()) parseExpr(p);
      let sliced = false;
      while (colon()) {
        sliced = true;
        p.leaf(SyntaxKind.Keyword); // the colons stay in the tree: xs[1:] differs from xs[:1]
        if (canStartExpr(p)) parseExpr(p);
      }
      p.close(slice, sliced ? SyntaxKind.Slice : undefined);
      if (!sliced) unwrap(slice);
    }
    skipLayout(p);
    if (!p.eatOp(',') && !p.eatOp(';')) break;
    skipLayout(p);
    if (p.i === before) break;
  }
  p.expectOp(']', 'to close the index');
  return p.close(idx);
}

/** Replace a wrapper node by its single child (used when a speculative wrapper was not needed). */
function unwrap(node: SyntaxNode): void {
  const parent = node.parent!;
  const i = parent.children.indexOf(node);
  if (i >= 0 && node.children.length === 1) {
    parent.children[i] = node.children[0];
    node.children[0].parent = parent;
  } else if (i >= 0 && node.children.length === 0) {
    parent.children.splice(i, 1);
  }
}

/**
 * Inside brackets the lexer suppresses layout; what remains is a block owned by an element (consumed
 * by its parser) or the NEWLINE/DEDENT the lexer emits when it gives up an unclosed bracket. So bracket
 * loops skip only a stray INDENT and stop at NEWLINE/DEDENT (see Parser.atBracketEnd).
 */
export function skipLayout(p: Parser): void {
  while (p.at(TokenKind.Indent)) p.bump();
}

/** `(args)` or `[args]`: positional, named (`a: 1`, `a = 1`), spread, lambdas, generator. */
export function parseArgList(p: Parser, open: string, close: string): SyntaxNode {
  const args = p.open(SyntaxKind.ArgList);
  p.bump(); // open
  skipLayout(p);
  while (!p.atBracketEnd(close)) {
    p.steps++;
    const before = p.i;
    if (!parseArg(p, true)) {
      p.error(`Unexpected ${p.describe()} in argument list`, 'unexpected-token');
      if (p.i === before && !p.atOp(close)) p.bump();
    }
    skipLayout(p);
    if (p.atName('for')) parseCompClauses(p);
    if (!p.eatOp(',')) {
      skipLayout(p);
      if (!p.atOp(close) && !p.at(TokenKind.EOF) && p.i !== before && canStartExpr(p)) continue;
      break;
    }
    skipLayout(p);
  }
  p.expectOp(close, `to close '${open}'`);
  return p.close(args);
}

/** One argument; `inParens` allows `name = value` (named) besides `name: value`. */
function parseArg(p: Parser, inParens: boolean, named = true): boolean {
  const t = p.cur;
  const next = p.peek();
  const arg = p.open(SyntaxKind.Arg);
  if (
    named &&
    t.kind === TokenKind.Name &&
    p.atOp(':', next) &&
    !p.atLineEnd(p.peek(2)) &&
    p.peek(2).kind !== TokenKind.Indent
  ) {
    arg.flags |= NodeFlags.Named;
    p.leaf(SyntaxKind.Name);
    p.bump();
    parseExprOrBlock(p);
  } else if (inParens && t.kind === TokenKind.Name && p.atOp('=', next)) {
    arg.flags |= NodeFlags.Named;
    p.leaf(SyntaxKind.Name);
    p.bump();
    parseExpr(p);
  } else if (!parseExpr(p)) {
    p.close(arg);
    arg.parent!.children.pop();
    return false;
  }
  p.close(arg);
  return true;
}

/** After a `:` inside an expression: an indented block or an expression. */
export function parseExprOrBlock(p: Parser): void {
  if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) {
    parseBlockAfterColon(p);
    return;
  }
  if (!parseExprStmtLevel(p)) p.error(`Expected an expression, found ${p.describe()}`, 'expected-expression');
}

function parsePrimary(p: Parser): SyntaxNode | undefined {
  const t = p.cur;
  switch (t.kind) {
    case TokenKind.Name:
      return parseNamePrimary(p, t);
    case TokenKind.Int:
    case TokenKind.Float:
    case TokenKind.Label:
    case TokenKind.Atom:
      return p.leaf(SyntaxKind.Literal);
    case TokenKind.String:
      return parseStringLit(p);
    case TokenKind.Symbol:
      return p.leaf(SyntaxKind.Symbol);
    case TokenKind.CustomBlock:
      return p.leaf(SyntaxKind.CustomBlock);
    case TokenKind.Op:
      switch (t.value) {
        case '(':
          return parseParen(p);
        case '[':
          return parseList(p);
        case '{':
          return parseBraced(p);
        case '\\':
          return parseLambda(p);
        case '|':
          return p.inPattern ? undefined : parseBarLambda(p);
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A string literal; the expressions of its `{...}` interpolations become its children, so names
 * used inside strings are visible to navigation and rename. Errors inside an interpolation are not
 * reported: the upstream rules for odd braces are loose, and a false error is worse than none.
 */
function parseStringLit(p: Parser): SyntaxNode {
  const t = p.cur;
  const node = p.leaf(SyntaxKind.StringLit);
  if (t.flags & TokenFlags.Suffixed) checkPathSuffix(p, t);
  const brace = p.text.indexOf('{', t.start);
  if (!(t.flags & TokenFlags.Interpolated) || brace < 0 || brace >= t.end) return node;

  for (const part of stringParts(p.text, t)) {
    if (part.kind !== 'interpolation') continue;
    const closed = p.text.charCodeAt(part.end - 1) === 125; // }
    const expr = parseInterpolation(p, part.start + 1, closed ? part.end - 1 : part.end);
    if (!expr) continue;
    if (node.children.length === 0) node.children = [];
    expr.parent = node;
    node.children.push(expr);
  }
  return node;
}

/** `"..."_path` makes a Path at compile time: no interpolation, no triple quotes (as upstream says). */
function checkPathSuffix(p: Parser, t: Token): void {
  if (!p.text.startsWith('_path', t.end - 5)) return;
  if (t.flags & TokenFlags.Triple) {
    p.error('_path does not support triple-quoted strings', 'path-literal', t);
  } else if (stringParts(p.text, t).some((part) => part.kind === 'interpolation')) {
    p.error('_path does not support interpolated strings', 'path-literal', t);
  }
}

function parseInterpolation(p: Parser, start: number, end: number): SyntaxNode | undefined {
  if (p.depth > MAX_DEPTH || end <= start) return undefined;
  const tokens = lex(p.text.slice(start, end)).tokens;
  for (const tok of tokens) {
    tok.start += start;
    tok.end += start;
  }
  const sub = new Parser(p.text, tokens);
  sub.depth = p.depth + 1;
  sub.speculating = 1; // errors only mark failure; nothing is reported
  const expr = parseExprStmtLevel(sub);
  p.steps += sub.steps + tokens.length;
  return expr;
}

function parseNamePrimary(p: Parser, t: Token): SyntaxNode | undefined {
  const next = p.peek();
  if (OPERATOR_WORDS.has(t.value) && t.value !== 'if') return undefined;
  switch (t.value) {
    case 'if':
      return parseIfExpr(p);
    case 'match':
      if (!p.atLineEnd(next) && !p.atOp('=', next) && !p.atOp('.', next)) return parseMatchExpr(p);
      break;
    case 'fn':
      if (p.atOp('(', next)) return parseFnExpr(p);
      break;
    case 'move':
    case 'async':
      if (p.atOp('\\', next) || (p.atName('fn', next) && p.atOp('(', p.peek(2)))) {
        const lam = p.open(SyntaxKind.Lambda);
        p.leaf(SyntaxKind.Keyword);
        if (p.atOp('\\')) parseLambdaInner(p);
        else parseFnExprInner(p);
        return p.close(lam);
      }
      break;
    case 'true':
    case 'false':
    case 'nil':
      return p.leaf(SyntaxKind.Literal);
  }
  return p.leaf(SyntaxKind.NameRef);
}

function parseParen(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.Paren);
  p.bump();
  skipLayout(p);
  let count = 0;
  let comma = false;
  while (!p.atBracketEnd(')')) {
    p.steps++;
    const before = p.i;
    if (p.at(TokenKind.Name) && p.atOp(':', p.peek()) && !p.atLineEnd(p.peek(2))) {
      // Named tuple element (quotient: q, remainder: r).
      const arg = p.open(SyntaxKind.Arg);
      arg.flags |= NodeFlags.Named;
      p.leaf(SyntaxKind.Name);
      p.bump();
      parseExprOrBlock(p);
      p.close(arg);
    } else if (!parseExprStmtLevel(p)) {
      p.error(`Unexpected ${p.describe()} in parentheses`, 'unexpected-token');
      if (p.i === before) p.bump();
    }
    count++;
    skipLayout(p);
    if (p.atName('for')) {
      node.kind = SyntaxKind.Comprehension;
      parseCompClauses(p);
    }
    if (!p.eatOp(',')) break;
    comma = true;
    skipLayout(p);
  }
  p.expectOp(')', "to close '('");
  if (node.kind === SyntaxKind.Paren && (comma || count !== 1)) node.kind = SyntaxKind.Tuple;
  return p.close(node);
}

function parseList(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.List);
  p.bump();
  skipLayout(p);
  if (p.atName('for')) {
    // [for x in xs if c: x * x]
    node.kind = SyntaxKind.Comprehension;
    parseCompClauses(p);
    if (p.eatOp(':')) parseExpr(p);
  }
  while (!p.atBracketEnd(']')) {
    p.steps++;
    const before = p.i;
    if (!parseExprStmtLevel(p)) {
      p.error(`Unexpected ${p.describe()} in list`, 'unexpected-token');
      if (p.i === before) p.bump();
    }
    skipLayout(p);
    if (p.atName('for')) {
      node.kind = SyntaxKind.Comprehension;
      parseCompClauses(p);
    }
    if (p.eatOp(';')) {
      parseExpr(p); // [0; 256]
      skipLayout(p);
    }
    if (!p.eatOp(',')) break;
    skipLayout(p);
  }
  p.expectOp(']', "to close '['");
  return p.close(node);
}

/** `{}` dict, set, dict comprehension; entries `k: v`, `**d`, nested blocks as values. */
function parseBraced(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.SetLit);
  p.bump();
  skipLayout(p);
  let dict = p.atOp('}');
  while (!p.atBracketEnd('}')) {
    p.steps++;
    const before = p.i;
    const entry = p.open(SyntaxKind.DictEntry);
    if (!parseExpr(p)) {
      p.error(`Unexpected ${p.describe()} in braces`, 'unexpected-token');
      if (p.i === before) p.bump();
    }
    if (p.eatOp(':')) {
      dict = true;
      skipLayoutBeforeValue(p);
      parseExprOrBlock(p);
      p.close(entry);
    } else {
      p.close(entry);
      unwrap(entry);
    }
    skipLayout(p);
    if (p.atName('for')) {
      node.kind = SyntaxKind.Comprehension;
      parseCompClauses(p);
    }
    if (!p.eatOp(',')) break;
    skipLayout(p);
  }
  p.expectOp('}', "to close '{'");
  if (node.kind === SyntaxKind.SetLit && dict) node.kind = SyntaxKind.Dict;
  return p.close(node);
}

function skipLayoutBeforeValue(p: Parser): void {
  if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) return;
  skipLayout(p);
}

/** `for targets in iter (if cond)*`, repeated. */
export function parseCompClauses(p: Parser): void {
  while (p.atName('for')) {
    p.steps++;
    const clause = p.open(SyntaxKind.CompFor);
    p.leaf(SyntaxKind.Keyword);
    parseTargets(p);
    if (p.atName('in')) {
      p.leaf(SyntaxKind.Keyword);
      parseExpr(p, 2);
    } else {
      p.error(`Expected 'in' in comprehension, found ${p.describe()}`, 'expected-token');
    }
    p.close(clause);
    while (p.atName('if')) {
      const cond = p.open(SyntaxKind.CompIf);
      p.leaf(SyntaxKind.Keyword);
      parseExpr(p, 2);
      p.close(cond);
    }
    skipLayout(p);
  }
}

/** Loop targets `k, v` up to `in`. */
export function parseTargets(p: Parser): void {
  const saved = p.noIn;
  p.noIn = true;
  do {
    if (!parseExpr(p)) {
      p.error(`Expected a loop variable, found ${p.describe()}`, 'expected-name');
      break;
    }
  } while (p.eatOp(','));
  p.noIn = saved;
}

function parseLambda(p: Parser): SyntaxNode {
  const lam = p.open(SyntaxKind.Lambda);
  parseLambdaInner(p);
  return p.close(lam);
}

/** `\x, y: body`, `\: body`, `\s: text: body` (typed parameter). */
function parseLambdaInner(p: Parser): void {
  p.bump(); // backslash
  const params = p.open(SyntaxKind.ParamList);
  while (!p.atOp(':') && !p.atLineEnd()) {
    p.steps++;
    const param = p.open(SyntaxKind.Param);
    if (p.at(TokenKind.Name)) p.leaf(SyntaxKind.Name);
    else if (p.atOp('(')) parseParen(p);
    else {
      p.close(param);
      break;
    }
    p.close(param);
    if (!p.eatOp(',')) break;
  }
  p.close(params);
  if (!p.expectOp(':', 'after lambda parameters')) return;
  // Typed single parameter: \s: text: body
  if (
    params.children.length === 1 &&
    p.at(TokenKind.Name) &&
    p.atOp(':', p.peek()) &&
    !p.atLineEnd(p.peek(2))
  ) {
    const param = params.children[0];
    const type = p.leaf(SyntaxKind.TypeRef);
    p.top.children.pop();
    param.children.push(type);
    type.parent = param;
    param.end = type.end;
    params.end = type.end;
    p.bump();
  }
  parseLambdaBody(p);
}

function parseLambdaBody(p: Parser): void {
  if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) {
    parseBlockAfterColon(p);
    return;
  }
  if (!parseExprStmtLevel(p)) p.error(`Expected a lambda body, found ${p.describe()}`, 'expected-expression');
}

/** `|x, y| body` closures (accepted for old code). */
function parseBarLambda(p: Parser): SyntaxNode | undefined {
  const lam = p.open(SyntaxKind.Lambda);
  p.bump();
  const params = p.open(SyntaxKind.ParamList);
  while (p.at(TokenKind.Name)) {
    const param = p.open(SyntaxKind.Param);
    p.leaf(SyntaxKind.Name);
    if (p.eatOp(':')) parseType(p);
    p.close(param);
    if (!p.eatOp(',')) break;
  }
  p.close(params);
  p.expectOp('|', 'to close the closure parameters');
  parseLambdaBody(p);
  return p.close(lam);
}

function parseFnExpr(p: Parser): SyntaxNode {
  const lam = p.open(SyntaxKind.Lambda);
  parseFnExprInner(p);
  return p.close(lam);
}

/** `fn(a: T) -> R: body` anonymous function. */
function parseFnExprInner(p: Parser): void {
  p.leaf(SyntaxKind.Keyword);
  parseParamList(p);
  if (p.atOp('->')) {
    const ret = p.open(SyntaxKind.ReturnType);
    p.bump();
    parseType(p);
    p.close(ret);
  }
  if (p.eatOp(':') || p.eatOp('=>')) parseLambdaBody(p);
}

function parseIfExpr(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.IfExpr);
  p.leaf(SyntaxKind.Keyword);
  parseCondition(p);
  if (p.expectOp(':', "after the 'if' condition")) parseExprOrBlock(p);
  for (;;) {
    p.steps++;
    let k = 0;
    if (p.at(TokenKind.Newline) && (p.atName('else', p.peek()) || p.atName('elif', p.peek()))) k = 1;
    const word = p.peek(k);
    if (!p.atName('else', word) && !p.atName('elif', word)) break;
    if (k) p.bump();
    const clause = p.open(SyntaxKind.ElseClause);
    const isElif = p.cur.value === 'elif' || p.atName('if', p.peek());
    p.leaf(SyntaxKind.Keyword);
    if (p.atName('if')) p.leaf(SyntaxKind.Keyword);
    if (isElif) parseCondition(p);
    if (p.expectOp(':', `after '${isElif ? 'elif' : 'else'}'`)) parseExprOrBlock(p);
    p.close(clause);
    if (!isElif) break;
  }
  return p.close(node);
}

function parseMatchExpr(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.MatchExpr);
  p.leaf(SyntaxKind.Keyword);
  parseExpr(p);
  if (p.expectOp(':', 'after the match subject')) parseMatchArms(p);
  return p.close(node);
}

/** `if`/`while` condition: an expression, or `val pattern = expr` (if-let). */
export function parseCondition(p: Parser): void {
  if ((p.atName('val') || p.atName('var') || p.atName('let')) && !p.atOp('=', p.peek())) {
    const bind = p.open(SyntaxKind.VarDecl);
    p.leaf(SyntaxKind.Keyword);
    parsePattern(p);
    if (p.expectOp('=', 'in the pattern binding')) parseExpr(p);
    p.close(bind);
    return;
  }
  if (!parseExpr(p)) p.error(`Expected a condition, found ${p.describe()}`, 'expected-expression');
}

export function parsePattern(p: Parser): SyntaxNode | undefined {
  const saved = p.inPattern;
  p.inPattern = true;
  try {
    return parseExprStmtLevel(p);
  } finally {
    p.inPattern = saved;
  }
}

// ------------------------------------------------------------------ parameters

/** `(a: T, b: T = 1, rest...)`. */
export function parseParamList(p: Parser): SyntaxNode {
  const list = p.open(SyntaxKind.ParamList);
  p.bump(); // (
  skipLayout(p);
  while (!p.atBracketEnd(')')) {
    p.steps++;
    const before = p.i;
    parseParam(p);
    skipLayout(p);
    if (!p.eatOp(',')) {
      if (p.i === before && !p.atOp(')')) {
        p.error(`Unexpected ${p.describe()} in parameter list`, 'unexpected-token');
        p.bump();
        continue;
      }
      break;
    }
    skipLayout(p);
  }
  p.expectOp(')', 'to close the parameter list');
  return p.close(list);
}

const PARAM_PREFIX = new Set([
  'mut',
  'var',
  'val',
  'move',
  'out',
  'inout',
  'ref',
  'own',
  'let',
  'comptime',
  'const',
]);

function parseParam(p: Parser): void {
  const param = p.open(SyntaxKind.Param);
  while (p.at(TokenKind.Name) && PARAM_PREFIX.has(p.cur.value) && p.peek().kind === TokenKind.Name) {
    p.leaf(SyntaxKind.Keyword);
  }
  if (p.atOp('...') || p.atOp('*') || p.atOp('**') || p.atOp('~') || p.atOp('&')) {
    param.flags |= NodeFlags.Variadic;
    p.bump();
  }
  if (p.at(TokenKind.Name)) {
    p.leaf(SyntaxKind.Name);
  } else if (p.atOp('(')) {
    parseParen(p); // destructuring parameter
  } else if (!p.atOp(')')) {
    if (!parseType(p)) {
      p.close(param);
      return;
    }
  }
  if (p.eatOp('...')) param.flags |= NodeFlags.Variadic;
  if (p.eatOp(':')) parseType(p);
  if (p.eatOp('...')) param.flags |= NodeFlags.Variadic;
  if (p.eatOp('=')) parseExpr(p);
  p.close(param);
}

// ------------------------------------------------------------------ types

/** A type: `A | B`, `T?`, `[T]`, `[T; N]`, `{K: V}`, `(A, B)`, `fn(A) -> R`, `Map<K, V>`, `mut T`. */
export function parseType(p: Parser): SyntaxNode | undefined {
  const node = p.open(SyntaxKind.TypeRef);
  if (!parseTypeAtom(p)) {
    p.close(node);
    node.parent!.children.pop();
    p.error(`Expected a type, found ${p.describe()}`, 'expected-type');
    return undefined;
  }
  while (p.atOp('|')) {
    p.steps++;
    p.bump();
    if (!parseTypeAtom(p)) p.error(`Expected a type after '|', found ${p.describe()}`, 'expected-type');
  }
  return p.close(node);
}

function parseTypeAtom(p: Parser): boolean {
  if (p.depth > MAX_DEPTH) {
    p.error('Type nested too deeply', 'too-deep');
    p.skipBalanced();
    return true;
  }
  p.depth++;
  try {
    return parseTypeAtomInner(p);
  } finally {
    p.depth--;
  }
}

function parseTypeAtomInner(p: Parser): boolean {
  const t = p.cur;
  if (t.kind === TokenKind.Name && TYPE_PREFIX.has(t.value) && startsType(p, p.peek())) {
    p.leaf(SyntaxKind.Keyword);
    return parseTypeAtom(p);
  }
  if (p.atOp('&') || p.atOp('*') || p.atOp('...')) {
    p.bump();
    return parseTypeAtom(p);
  }
  if (t.kind === TokenKind.Name && t.value === 'fn' && p.atOp('(', p.peek())) {
    p.leaf(SyntaxKind.Keyword);
    p.bump();
    parseTypeElements(p, 'the function type');
    if (p.eatOp('->')) parseTypeAtom(p);
  } else if (t.kind === TokenKind.Name) {
    p.leaf(SyntaxKind.NameRef);
    while ((p.atOp('.') || p.atOp('::')) && p.peek().kind === TokenKind.Name) {
      p.bump();
      p.leaf(SyntaxKind.NameRef);
    }
    if (p.atOp('<') && p.adjacent(p.tokens[p.i - 1], p.cur)) parseTypeArgs(p);
  } else if (t.kind === TokenKind.Int || t.kind === TokenKind.String) {
    p.leaf(SyntaxKind.Literal); // const generic argument
  } else if (p.atOp('[')) {
    p.bump();
    if (!p.atOp(']')) parseType(p);
    if (p.eatOp(';')) parseExpr(p);
    p.expectOp(']', 'to close the list type');
  } else if (p.atOp('{')) {
    p.bump();
    parseType(p);
    if (p.eatOp(':')) parseType(p);
    p.expectOp('}', 'to close the dict type');
  } else if (p.atOp('(')) {
    p.bump();
    parseTypeElements(p, 'the tuple type');
    if (p.atOp('->')) {
      p.bump();
      parseTypeAtom(p);
    }
  } else {
    return false;
  }
  while ((p.atOp('?') || (p.atOp('[') && p.atOp(']', p.peek()))) && p.adjacent(p.tokens[p.i - 1], p.cur)) {
    p.steps++;
    if (p.eatOp('?')) continue;
    p.bump();
    p.bump();
  }
  return true;
}

/** After `(`: `T, name: U, ...` up to `)` (function parameter types, tuple and named-tuple types). */
function parseTypeElements(p: Parser, what: string): void {
  while (!p.atOp(')') && !p.atLineEnd()) {
    p.steps++;
    if (p.at(TokenKind.Name) && p.atOp(':', p.peek())) {
      p.leaf(SyntaxKind.Name);
      p.bump();
    }
    if (!parseType(p)) break;
    if (!p.eatOp(',')) break;
  }
  p.expectOp(')', `to close ${what}`);
}

function startsType(_p: Parser, t: Token): boolean {
  return (
    t.kind === TokenKind.Name || (t.kind === TokenKind.Op && ['(', '[', '{', '&', '*'].includes(t.value))
  );
}

/** `<T, U>` after a type name; splits `>>` so nested generics close. */
export function parseTypeArgs(p: Parser): void {
  const args = p.open(SyntaxKind.TypeArgs);
  const openAt = p.cur.start;
  p.bump(); // <
  while (!p.atLineEnd()) {
    p.steps++;
    if (p.atOp('>') || (p.cur.kind === TokenKind.Op && p.cur.value[0] === '>' && p.splitGreater())) break;
    if (!parseType(p)) break;
    if (p.eatOp(':')) parseType(p); // bound inside type args
    if (p.eatOp('=')) parseType(p);
    if (!p.eatOp(',')) {
      if (p.cur.kind === TokenKind.Op && p.cur.value[0] === '>') p.splitGreater();
      break;
    }
  }
  if (!p.expectOp('>', 'to close the type arguments') && p.speculating > 0) p.unclosedTypeArgs.add(openAt);
  p.close(args);
}
