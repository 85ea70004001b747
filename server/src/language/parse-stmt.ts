// Statements, blocks and match arms. Recovery is by line: a malformed line gets one error and is
// skipped, but an indented block after it is still parsed so the outline below survives.
import {
  parseDecorated,
  parseEnumVariants,
  parseField,
  parseKeywordDeclaration,
  startsDeclaration,
} from './parse-decl';
import {
  ASSIGN_OPS,
  canStartExpr,
  parseCondition,
  parseExpr,
  parseExprStmtLevel,
  parsePattern,
  parseTargets,
} from './parse-expr';
import { MAX_DEPTH, Parser } from './parser-core';
import { NodeFlags, SyntaxKind, SyntaxNode } from './syntax';
import { TokenKind } from './tokens';

/** What kind of body a statement sits in: decides fields, variants and declarations. */
export const enum Body {
  Module,
  Block,
  Class,
  Enum,
}

export function parseStatements(p: Parser, body: Body): void {
  for (;;) {
    p.steps++;
    const t = p.cur;
    if (t.kind === TokenKind.EOF) return;
    if (t.kind === TokenKind.Dedent) {
      if (body === Body.Module && p.depth === 0) {
        p.bump();
        continue;
      }
      return;
    }
    if (t.kind === TokenKind.Newline || p.atOp(';')) {
      p.bump();
      continue;
    }
    if (t.kind === TokenKind.Indent) {
      // After a header whose `:` an error path consumed (`fn broken(:`), the block is its body:
      // keep it (for the outline) without a second error.
      if (p.previousSignificant()?.value === ':') quietBlock(p, body);
      else unexpectedIndent(p, body);
      continue;
    }
    const before = p.i;
    if (body === Body.Module && p.depth === 0) {
      if (p.resync?.(p)) return;
      p.beginUnit();
    }
    parseStatementLine(p, body);
    if (p.i === before) p.bump();
  }
}

/** One statement plus the check that the line ends after it. */
export function parseStatementLine(p: Parser, body: Body): void {
  const saved = p.statementHasError;
  const savedStart = p.statementStart;
  p.statementHasError = false;
  p.statementStart = p.cur.start;
  parseStatement(p, body);
  const prev = p.tokens[p.i - 1];
  if (!(prev && prev.kind === TokenKind.Dedent) && !p.atLineEnd()) {
    if (p.at(TokenKind.Indent)) {
      unexpectedIndent(p, body);
    } else {
      p.error(`Unexpected ${p.describe()}`, 'unexpected-token');
      p.skipLine(() => parseNestedBlock(p, body));
    }
  }
  p.statementHasError = saved;
  p.statementStart = savedStart;
}

function unexpectedIndent(p: Parser, body: Body): void {
  const saved = p.statementHasError;
  p.statementHasError = false;
  p.error('Unexpected indentation', 'unexpected-indent', p.peek());
  quietBlock(p, body);
  p.statementHasError = saved;
}

/** At INDENT: a block no statement owns, kept (as a recovered Error node) so its outline survives. */
function quietBlock(p: Parser, body: Body): void {
  const err = p.open(SyntaxKind.Error);
  err.flags |= NodeFlags.Recovered;
  parseNestedBlock(p, body);
  p.close(err);
}

/** At INDENT: the block's statements through the matching DEDENT. */
function parseNestedBlock(p: Parser, body: Body): void {
  if (p.depth > MAX_DEPTH) {
    p.error('Blocks nested too deeply', 'too-deep');
    p.skipBalanced();
    return;
  }
  p.bump(); // INDENT
  const block = p.open(SyntaxKind.Block);
  p.depth++;
  parseStatements(p, body);
  p.depth--;
  p.close(block);
  if (p.at(TokenKind.Dedent)) p.bump();
}

/** After a `:`: an indented block, or an inline body on the same line. */
export function parseBlockAfterColon(p: Parser, body: Body = Body.Block): void {
  if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) {
    p.bump();
    parseNestedBlock(p, body);
    return;
  }
  if (p.atLineEnd() || p.at(TokenKind.Indent)) {
    p.error(`Expected an indented block after ':'`, 'expected-block');
    return;
  }
  const block = p.open(SyntaxKind.Block);
  block.flags |= NodeFlags.Inline;
  parseStatement(p, body);
  while (p.atOp(';') && !p.atLineEnd(p.peek())) {
    p.bump();
    parseStatement(p, body);
  }
  p.close(block);
}

export function parseStatement(p: Parser, body: Body): void {
  const t = p.cur;
  if (t.kind === TokenKind.Op && (t.value === '@' || t.value === '#[' || t.value === '#![')) {
    parseDecorated(p, body);
    return;
  }
  if (t.kind === TokenKind.Name) {
    if (parseKeywordDeclaration(p, body)) return;
    if (parseControlFlow(p, body)) return;
    if (
      body === Body.Class &&
      p.atOp(':', p.peek()) &&
      !p.atLineEnd(p.peek(2)) &&
      p.peek(2).kind !== TokenKind.Indent
    ) {
      parseField(p);
      return;
    }
    if (body === Body.Enum && !startsDeclaration(p)) {
      parseEnumVariants(p);
      return;
    }
  }
  parseExprStatement(p);
}

function parseExprStatement(p: Parser): void {
  const stmt = p.open(SyntaxKind.ExprStmt);
  const e = parseExprStmtLevel(p);
  if (!e) {
    p.error(`Expected a statement, found ${p.describe()}`, 'unexpected-token');
    p.close(stmt);
    return;
  }
  if (p.atOp(',')) {
    // Tuple target without parentheses: a, b = b, a
    const tuple = p.precede(e, SyntaxKind.Tuple);
    while (p.eatOp(',') && !p.atLineEnd()) parseExpr(p);
    p.close(tuple);
  }
  while (p.cur.kind === TokenKind.Op && (ASSIGN_OPS.has(p.cur.value) || p.cur.value === ':=')) {
    p.steps++;
    stmt.kind = SyntaxKind.Assign;
    p.leaf(SyntaxKind.Keyword);
    if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) {
      parseBlockAfterColon(p);
      break;
    }
    if (!parseExprStmtLevel(p)) {
      p.error(`Expected a value after '=', found ${p.describe()}`, 'expected-expression');
      break;
    }
    if (p.atOp(',')) {
      const rhs = p.lastChild()!;
      const tuple = p.precede(rhs, SyntaxKind.Tuple);
      while (p.eatOp(',') && !p.atLineEnd()) parseExpr(p);
      p.close(tuple);
    }
  }
  if (stmt.kind === SyntaxKind.ExprStmt && p.atOp(':')) {
    // describe "x":, before_each:, unsafe:, when cond:, it "x": body
    stmt.kind = SyntaxKind.BlockCall;
    p.bump();
    // receive: holds message arms (`case Msg(x): ...`, `after 100: ...`) like a match.
    if (isReceiveWithArms(p, e)) parseMatchArms(p);
    else parseBlockAfterColon(p);
  }
  p.close(stmt);
}

/** `receive:` whose block starts with `case` or `|` holds message arms, like a match. */
function isReceiveWithArms(p: Parser, callee: SyntaxNode): boolean {
  if (callee.kind !== SyntaxKind.NameRef || p.text.slice(callee.start, callee.end) !== 'receive')
    return false;
  if (!(p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent)) return false;
  const first = p.peek(2);
  return p.atName('case', first) || p.atOp('|', first);
}

function parseControlFlow(p: Parser, body: Body): boolean {
  const t = p.cur;
  const next = p.peek();
  const nextIsOperatorLike =
    next.kind === TokenKind.Op && ['=', '.', ',', ')', '+=', '-=', '?.', '::', '['].includes(next.value);
  if (nextIsOperatorLike && t.value !== 'return' && t.value !== 'loop') return false;
  switch (t.value) {
    case 'if':
      parseIf(p);
      return true;
    case 'while':
      parseWhile(p);
      return true;
    case 'for':
      parseFor(p);
      return true;
    case 'loop':
      if (!p.atOp(':', next)) return false;
      simpleBlockStatement(p, SyntaxKind.Loop);
      return true;
    case 'match':
      if (p.atLineEnd(next)) return false;
      parseMatch(p);
      return true;
    case 'return':
      parseJump(p, SyntaxKind.Return);
      return true;
    case 'break':
      parseJump(p, SyntaxKind.Break);
      return true;
    case 'continue':
      parseJump(p, SyntaxKind.Continue);
      return true;
    case 'pass':
    case 'pass_todo':
    case 'pass_do_nothing':
    case 'pass_dn':
      parseJump(p, SyntaxKind.Pass);
      return true;
    case 'defer':
    case 'errdefer':
      parseDefer(p);
      return true;
    case 'with':
      parseWith(p);
      return true;
    case 'async':
      if (!p.atName('with', next)) return false;
      parseWith(p);
      return true;
    case 'asm':
      parseAsm(p);
      return true;
    case 'else':
    case 'elif':
      orphanElse(p);
      return true;
    case 'case':
      if (body === Body.Enum) return false;
      p.error("'case' outside of a 'match'", 'orphan-case');
      parseArm(p);
      return true;
  }
  return false;
}

function parseIf(p: Parser): void {
  const node = p.open(SyntaxKind.If);
  p.leaf(SyntaxKind.Keyword);
  parseCondition(p);
  if (p.expectOp(':', "after the 'if' condition")) parseBlockAfterColon(p);
  parseElseClauses(p, true);
  p.close(node);
}

/** `elif c:` / `else if c:` / `else:` after an if (or `else:` after for/while). */
function parseElseClauses(p: Parser, allowElif: boolean): void {
  for (;;) {
    p.steps++;
    const k = p.at(TokenKind.Newline) ? 1 : 0;
    const word = p.peek(k);
    const isElse = p.atName('else', word) && (p.atOp(':', p.peek(k + 1)) || p.atName('if', p.peek(k + 1)));
    const isElif = p.atName('elif', word);
    if (!isElse && !(isElif && allowElif)) return;
    if (k) p.bump();
    const clause = p.open(SyntaxKind.ElseClause);
    p.leaf(SyntaxKind.Keyword);
    const conditional = isElif || p.atName('if');
    if (p.atName('if')) p.leaf(SyntaxKind.Keyword);
    if (conditional) parseCondition(p);
    if (p.expectOp(':', `after '${conditional ? 'elif' : 'else'}'`)) parseBlockAfterColon(p);
    p.close(clause);
    if (!conditional) return;
  }
}

function orphanElse(p: Parser): void {
  p.error(`'${p.cur.value}' without a matching 'if'`, 'orphan-else');
  const err = p.open(SyntaxKind.Error);
  const isElif = p.cur.value === 'elif' || p.atName('if', p.peek());
  p.leaf(SyntaxKind.Keyword);
  if (p.atName('if')) p.leaf(SyntaxKind.Keyword);
  if (isElif) parseCondition(p);
  if (p.eatOp(':')) parseBlockAfterColon(p);
  p.close(err);
}

function parseWhile(p: Parser): void {
  const node = p.open(SyntaxKind.While);
  p.leaf(SyntaxKind.Keyword);
  parseCondition(p);
  if (p.expectOp(':', "after the 'while' condition")) parseBlockAfterColon(p);
  parseElseClauses(p, false);
  p.close(node);
}

function parseFor(p: Parser): void {
  const node = p.open(SyntaxKind.For);
  p.leaf(SyntaxKind.Keyword);
  parseTargets(p);
  if (p.atName('in')) {
    p.leaf(SyntaxKind.Keyword);
    if (!parseExpr(p)) p.error(`Expected what to iterate over, found ${p.describe()}`, 'expected-expression');
  } else {
    p.error(`Expected 'in' after the loop variable, found ${p.describe()}`, 'expected-token');
  }
  if (p.expectOp(':', "after the 'for' header")) parseBlockAfterColon(p);
  parseElseClauses(p, false);
  p.close(node);
}

function simpleBlockStatement(p: Parser, kind: SyntaxKind): void {
  const node = p.open(kind);
  p.leaf(SyntaxKind.Keyword);
  if (p.expectOp(':')) parseBlockAfterColon(p);
  p.close(node);
}

function parseMatch(p: Parser): void {
  const node = p.open(SyntaxKind.Match);
  p.leaf(SyntaxKind.Keyword);
  if (!parseExpr(p)) p.error(`Expected what to match on, found ${p.describe()}`, 'expected-expression');
  if (p.expectOp(':', 'after the match subject')) parseMatchArms(p);
  p.close(node);
}

/** The indented arms of a match (any of the four arm spellings). */
export function parseMatchArms(p: Parser): void {
  if (!(p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent)) {
    if (!p.atLineEnd()) {
      parseArm(p); // match x: case 1: a  (one arm on the header line)
      return;
    }
    p.error('Expected indented match arms', 'expected-block');
    return;
  }
  if (p.depth > MAX_DEPTH) {
    p.bump();
    p.error('Blocks nested too deeply', 'too-deep');
    p.skipBalanced();
    return;
  }
  p.bump();
  p.bump();
  const block = p.open(SyntaxKind.Block);
  p.depth++;
  for (;;) {
    p.steps++;
    if (p.at(TokenKind.Newline) || p.atOp(';')) {
      p.bump();
      continue;
    }
    if (p.at(TokenKind.Dedent) || p.at(TokenKind.EOF)) break;
    if (p.at(TokenKind.Indent)) {
      unexpectedIndent(p, Body.Block);
      continue;
    }
    const before = p.i;
    const saved = p.statementHasError;
    p.statementHasError = false;
    if (p.at(TokenKind.String) && p.atLineEnd(p.peek())) parseStatement(p, Body.Block);
    else parseArm(p);
    const prev = p.tokens[p.i - 1];
    if (!(prev && prev.kind === TokenKind.Dedent) && !p.atLineEnd()) {
      p.error(`Unexpected ${p.describe()} after the match arm`, 'unexpected-token');
      p.skipLine(() => parseNestedBlock(p, Body.Block));
    }
    p.statementHasError = saved;
    if (p.i === before) p.bump();
  }
  p.depth--;
  p.close(block);
  if (p.at(TokenKind.Dedent)) p.bump();
}

function parseArm(p: Parser): void {
  const arm = p.open(SyntaxKind.MatchArm);
  if (p.atName('case')) p.leaf(SyntaxKind.Keyword);
  else if (p.atOp('|')) p.bump();
  if (p.atName('else') && (p.atOp(':', p.peek()) || p.atOp('=>', p.peek()) || p.atOp('->', p.peek()))) {
    p.leaf(SyntaxKind.Keyword);
  } else if (!parsePattern(p)) {
    p.error(`Expected a pattern, found ${p.describe()}`, 'expected-pattern');
  }
  if (p.atName('if')) {
    p.leaf(SyntaxKind.Keyword);
    parseExpr(p);
  }
  if (p.eatOp(':')) {
    parseBlockAfterColon(p);
  } else if (p.eatOp('=>') || p.eatOp('->')) {
    if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent) {
      p.bump();
      parseNestedBlock(p, Body.Block);
    } else {
      const block = p.open(SyntaxKind.Block);
      block.flags |= NodeFlags.Inline;
      parseStatement(p, Body.Block);
      p.close(block);
    }
  } else {
    p.error(`Expected ':' or '=>' after the match pattern, found ${p.describe()}`, 'expected-token');
  }
  p.close(arm);
}

function parseJump(p: Parser, kind: SyntaxKind): void {
  const node = p.open(kind);
  p.leaf(SyntaxKind.Keyword);
  if (!p.atLineEnd() && canStartExpr(p)) parseExprStmtLevel(p);
  p.close(node);
}

function parseDefer(p: Parser): void {
  const node = p.open(SyntaxKind.Defer);
  p.leaf(SyntaxKind.Keyword);
  if (p.eatOp(':')) parseBlockAfterColon(p);
  else parseStatement(p, Body.Block);
  p.close(node);
}

function parseWith(p: Parser): void {
  const node = p.open(SyntaxKind.With);
  if (p.atName('async')) p.leaf(SyntaxKind.Keyword);
  p.leaf(SyntaxKind.Keyword);
  do {
    const saved = p.noAs;
    p.noAs = true;
    const item = parseExpr(p);
    p.noAs = saved;
    if (!item) {
      p.error(`Expected a context expression, found ${p.describe()}`, 'expected-expression');
      break;
    }
    if (p.atName('as')) {
      p.leaf(SyntaxKind.Keyword);
      parsePattern(p);
    }
  } while (p.eatOp(','));
  if (p.expectOp(':', "after the 'with' items")) parseBlockAfterColon(p);
  p.close(node);
}

/** Inline assembly is opaque: its lines and block are kept as one node, not parsed. */
function parseAsm(p: Parser): void {
  const node = p.open(SyntaxKind.Asm);
  p.leaf(SyntaxKind.Keyword);
  while (!p.atLineEnd() && !p.at(TokenKind.Indent)) p.bump();
  if (p.at(TokenKind.Newline) && p.peek().kind === TokenKind.Indent && p.prev()?.value === ':') {
    p.bump();
    p.skipBalanced();
  }
  p.close(node);
}
