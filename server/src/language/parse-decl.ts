// Declarations: functions, types, bindings, imports/exports, modules, decorators and attributes.
import {
  parseArgList,
  parseExpr,
  parseExprOrBlock,
  parseExprStmtLevel,
  parseParamList,
  parsePattern,
  parseType,
  skipLayout,
} from './parse-expr';
import { Body, parseBlockAfterColon, parseStatement } from './parse-stmt';
import { Parser, type Tok } from './parser-core';
import { childOfKind, NodeFlags, SyntaxKind, SyntaxNode } from './syntax';
import { TokenKind } from './tokens';

const MODIFIERS = new Set([
  'pub',
  'pri',
  'priv',
  'private',
  'public',
  'internal',
  'protected',
  'static',
  'async',
  'extern',
  'kernel',
  'unsafe',
  'override',
  'abstract',
  'inline',
  'shared',
  'ghost',
  'mut',
  'comptime',
  'open',
  'final',
  'virtual',
  'pure',
  'export',
  'lazy',
  'sync',
  'const',
  'var',
  'actor',
  'gpu',
  'isolated',
  'partial',
  'sealed',
  'default',
]);

const CLASS_WORDS = new Set(['class', 'struct', 'actor', 'bitfield', 'union', 'object', 'record', 'data']);
const TRAIT_WORDS = new Set(['trait', 'interface', 'mixin', 'protocol']);
const BINDING_WORDS = new Set(['val', 'var', 'let', 'const']);
/**
 * Every word the parser reads as a modifier or a declaration word in some position. The declaration scan
 * (declaration-header.ts) leaves a declaration named by one of them to the parser.
 */
export const DECLARATION_WORDS: ReadonlySet<string> = new Set([
  ...MODIFIERS,
  ...CLASS_WORDS,
  ...TRAIT_WORDS,
  ...BINDING_WORDS,
]);
/** Declaration words the core lexer reserves: never a plain name at the start of a statement. */
const RESERVED_DECL = new Set(['class', 'struct', 'enum', 'trait']);
/** Scopes allowed in `pub(...)`. */
const SCOPES = new Set(['package', 'friend', 'peer', 'up']);

function nameAt(p: Parser, k: number): Tok {
  return p.peek(k);
}

function isName(p: Parser, t: Tok, value?: string): boolean {
  return p.kind(t) === TokenKind.Name && (value === undefined || p.value(t) === value);
}

/** What declaration (if any) starts `k` tokens ahead: returns its keyword, or undefined. */
function declarationAt(p: Parser, k: number, body: Body): string | undefined {
  const t = nameAt(p, k);
  if (p.kind(t) !== TokenKind.Name) return undefined;
  const next = nameAt(p, k + 1);
  const w = p.value(t);
  // `fn (` with a space is a declaration missing its name; `fn(` glued is an anonymous function.
  if (w === 'fn')
    return isName(p, next) || (p.atOp('(', next) && p.start(next) > p.end(t)) || p.atOp(':', next)
      ? w
      : undefined;
  if (w === 'me')
    return isName(p, next) && (p.atOp('(', nameAt(p, k + 2)) || p.atOp('<', nameAt(p, k + 2)))
      ? w
      : undefined;
  if (CLASS_WORDS.has(w) || TRAIT_WORDS.has(w) || w === 'enum') {
    if (isName(p, next)) return w;
    // Reserved words: `class :` is a declaration missing its name, not a block call named `class`.
    return RESERVED_DECL.has(w) && (p.atOp(':', next) || p.atLineEnd(next)) ? w : undefined;
  }
  if (w === 'impl')
    return isName(p, next) || p.atOp('<', next) || p.atOp('[', next) || p.atOp('(', next) ? w : undefined;
  if (w === 'extend') return isName(p, next) ? w : undefined;
  if (w === 'type') {
    const after = nameAt(p, k + 2);
    return isName(p, next) && (p.atOp('=', after) || p.atOp('<', after)) ? w : undefined;
  }
  if (w === 'alias')
    return isName(p, next) && (p.atOp('=', nameAt(p, k + 2)) || p.value(next) === 'fn') ? w : undefined;
  if (BINDING_WORDS.has(w)) {
    if (isName(p, next, 'fn') || isName(p, next, 'me')) return 'modifier';
    if (isName(p, next) || (p.kind(next) === TokenKind.Op && ['(', '[', '{'].includes(p.value(next))))
      return w;
    // `val`/`var` are reserved: `val = 1` is a binding missing its name.
    return (w === 'val' || w === 'var') && (p.atOp('=', next) || p.atLineEnd(next)) ? w : undefined;
  }
  if (w === 'use' || w === 'import') {
    const path =
      isName(p, next) ||
      p.kind(next) === TokenKind.String ||
      (p.kind(next) === TokenKind.Op && p.value(next)[0] === '.');
    return path || p.atLineEnd(next) ? w : undefined; // a bare `use` is a declaration missing its path
  }

  if (w === 'from')
    return (isName(p, next) || p.kind(next) === TokenKind.String || p.atOp('.', next)) &&
      lineHas(p, k, 'import')
      ? w
      : undefined;
  if (w === 'mod') return isName(p, next) || (k > 0 && p.atLineEnd(next)) ? w : undefined; // `pub mod` alone
  if (w === 'export' || w === 'internal_export') return w;
  if (body === Body.Class && p.atOp(':', next)) return 'field';
  return undefined;
}

function lineHas(p: Parser, k: number, word: string): boolean {
  for (let j = k + 1; j < k + 64; j++) {
    const t = nameAt(p, j);
    if (p.atLineEnd(t) || p.kind(t) === TokenKind.Indent) return false;
    if (isName(p, t, word)) return true;
  }
  return false;
}

/** How many modifier tokens start here (`pub(package) static`), if a declaration follows them. */
function modifierRun(p: Parser, body: Body): number {
  let k = 0;
  for (;;) {
    const t = nameAt(p, k);
    if (!isName(p, t) || !MODIFIERS.has(p.value(t))) break;
    const d = declarationAt(p, k, body);
    if (d !== undefined && d !== 'modifier' && p.value(t) !== 'export' && k > 0) break;
    if ((p.value(t) === 'const' || p.value(t) === 'var') && d !== 'modifier') break;
    k++;
    if (p.atOp('(', nameAt(p, k)) && p.start(nameAt(p, k)) === p.end(t)) {
      // pub(scope): the scope is one word; a missing `)` is reported when the modifiers are parsed.
      k++;
      if (!p.atLineEnd(nameAt(p, k)) && !p.atOp(')', nameAt(p, k))) k++;
      if (p.atOp(')', nameAt(p, k))) k++;
    }
  }
  if (k === 0) return 0;
  const d = declarationAt(p, k, body);
  return d !== undefined && d !== 'modifier' ? k : 0;
}

export function startsDeclaration(p: Parser): boolean {
  return modifierRun(p, Body.Enum) > 0 || declarationAt(p, 0, Body.Enum) !== undefined;
}

/** Parse a declaration starting here, with any modifiers; false when none starts here. */
export function parseKeywordDeclaration(p: Parser, body: Body): boolean {
  const run = modifierRun(p, body);
  let modifiers: SyntaxNode | undefined;
  if (run > 0) {
    if (
      isName(p, p.cur, 'export') &&
      run === 1 &&
      (isName(p, p.peek(), 'use') || isName(p, p.peek(), 'import'))
    ) {
      parseExport(p);
      return true;
    }
    modifiers = p.open(SyntaxKind.Modifiers);
    const stop = p.i + run;
    while (p.i < stop) {
      const kw = p.leaf(SyntaxKind.Keyword);
      if (p.atOp('(') && p.start() === kw.end) parseScope(p, kw, stop);
    }
    p.close(modifiers);
  }
  const word = declarationAt(p, 0, body);
  if (word === undefined || word === 'modifier') {
    if (modifiers) {
      p.error(`Expected a declaration after the modifiers, found ${p.describe()}`, 'expected-declaration');
    }
    return modifiers !== undefined;
  }
  parseDeclaration(p, word);
  if (modifiers) p.adopt(p.lastChild()!, [modifiers]);
  return true;
}

/** `pub(package)`: the scope joins the keyword leaf; unknown or unclosed scopes are errors. */
function parseScope(p: Parser, kw: SyntaxNode, stop: number): void {
  p.bump(); // (
  const scope = p.cur;
  if (p.i < stop && !p.atOp(')')) p.bump();
  const word = p.text.slice(p.start(scope), p.end(scope));
  if (p.kind(scope) !== TokenKind.Name || !SCOPES.has(word)) {
    p.error(
      `Unknown visibility scope '${word}': expected package, friend, peer or up`,
      'bad-scope',
      p.span(scope),
    );
  } else if (!p.atOp(')')) {
    p.error(`Expected ')' after the visibility scope, found ${p.describe()}`, 'expected-token');
  }
  if (p.i < stop) p.eatOp(')');
  kw.end = p.lastEnd;
}

function parseDeclaration(p: Parser, word: string): void {
  if (word === 'fn' || word === 'me') parseFn(p);
  else if (CLASS_WORDS.has(word)) parseTypeDecl(p, SyntaxKind.ClassDecl, Body.Class);
  else if (TRAIT_WORDS.has(word)) parseTypeDecl(p, SyntaxKind.TraitDecl, Body.Class);
  else if (word === 'enum') parseTypeDecl(p, SyntaxKind.EnumDecl, Body.Enum);
  else if (word === 'impl' || word === 'extend') parseImpl(p);
  else if (word === 'type' || word === 'alias') parseTypeAlias(p);
  else if (BINDING_WORDS.has(word)) parseVarDecl(p);
  else if (word === 'use' || word === 'import' || word === 'from') parseUse(p);
  else if (word === 'mod') parseMod(p);
  else if (word === 'export' || word === 'internal_export') parseExport(p);
  else if (word === 'field') parseField(p);
}

function parseName(p: Parser, what: string): void {
  if (p.at(TokenKind.Name)) {
    const name = p.leaf(SyntaxKind.Name);
    // Qualified definitions: fn Type.method(...)
    while ((p.atOp('.') || p.atOp('::')) && p.kind(p.peek()) === TokenKind.Name && p.start() === name.end) {
      p.bump();
      name.end = p.end(p.bump());
    }
  } else {
    p.error(`Expected ${what} name, found ${p.describe()}`, 'expected-name');
  }
}

export function parseFn(p: Parser): void {
  const fn = p.open(SyntaxKind.FnDecl);
  p.leaf(SyntaxKind.Keyword);
  parseName(p, 'a function');
  if (p.atOp('<')) parseTypeParams(p);
  if (p.atOp('(')) parseParamList(p);
  if (p.atOp('->')) {
    const ret = p.open(SyntaxKind.ReturnType);
    p.bump();
    parseType(p);
    p.close(ret);
  }
  if (p.atName('where')) parseWhere(p);
  if (p.atOp(':') && oldReturnType(p)) {
    p.bump(); // = : old form `fn f(): T =` with the expression body after it
    const block = p.open(SyntaxKind.Block);
    block.flags |= NodeFlags.Inline;
    parseExprOrBlock(p);
    p.close(block);
  } else if (p.eatOp(':')) {
    parseBlockAfterColon(p);
  } else if (p.eatOp('=')) {
    const block = p.open(SyntaxKind.Block);
    block.flags |= NodeFlags.Inline;
    parseExprOrBlock(p);
    p.close(block);
  } else if (!p.atLineEnd()) {
    p.error(`Expected ':' to start the function body, found ${p.describe()}`, 'expected-token');
  }
  p.close(fn);
}

/** `: T =` after a parameter list (old syntax): parse `T` as the return type if `=` follows it. */
function oldReturnType(p: Parser): boolean {
  if (p.atLineEnd(p.peek()) || p.kind(p.peek()) === TokenKind.Indent) return false;
  return p.speculate(() => {
    p.bump(); // :
    const ret = p.open(SyntaxKind.ReturnType);
    const ok = parseType(p) !== undefined;
    p.close(ret);
    return ok && p.atOp('=');
  });
}

function parseTypeParams(p: Parser): void {
  const params = p.open(SyntaxKind.TypeParams);
  p.bump();
  while (!p.atLineEnd()) {
    p.steps++;
    if (p.kind() === TokenKind.Op && p.value()[0] === '>' && p.splitGreater()) break;
    const param = p.open(SyntaxKind.TypeParam);
    if (p.atName('const') || p.atName('comptime')) p.leaf(SyntaxKind.Keyword);
    if (!p.at(TokenKind.Name)) {
      p.close(param);
      break;
    }
    p.leaf(SyntaxKind.Name);
    if (p.eatOp(':')) {
      parseType(p);
      while (p.eatOp('+')) parseType(p);
    }
    if (p.eatOp('=')) parseType(p);
    p.close(param);
    if (!p.eatOp(',')) break;
  }
  if (p.kind() === TokenKind.Op && p.value()[0] === '>') p.splitGreater();
  p.expectOp('>', 'to close the type parameters');
  p.close(params);
}

function parseWhere(p: Parser): void {
  const where = p.open(SyntaxKind.WhereClause);
  p.leaf(SyntaxKind.Keyword);
  do {
    if (!parseType(p)) break;
    if (p.atOp(':') && !p.atLineEnd(p.peek()) && p.kind(p.peek()) !== TokenKind.Indent) {
      p.bump();
      parseType(p);
      while (p.eatOp('+')) parseType(p);
    }
  } while (p.eatOp(','));
  p.close(where);
}

/** class / struct / trait / enum: header, then a body of members. */
function parseTypeDecl(p: Parser, kind: SyntaxKind, body: Body): void {
  const node = p.open(kind);
  p.leaf(SyntaxKind.Keyword);
  parseName(p, 'a type');
  if (p.atOp('<')) parseTypeParams(p);
  // Header tail: with A, B / implements X / (Parent) / : u8 representation.
  for (;;) {
    p.steps++;
    if (
      p.atName('with') ||
      p.atName('implements') ||
      p.atName('extends') ||
      p.atName('for') ||
      p.atName('is')
    ) {
      p.leaf(SyntaxKind.Keyword);
      do parseType(p);
      while (p.eatOp(','));
    } else if (p.atName('where')) {
      parseWhere(p);
    } else if (p.atOp('(')) {
      if (kind === SyntaxKind.ClassDecl) {
        p.error("Simple has no inheritance: use 'with Trait' or a field", 'no-inheritance');
      }
      parseArgList(p, '(', ')');
    } else {
      break;
    }
  }
  if (p.eatOp(':')) {
    if (kind === SyntaxKind.EnumDecl && p.at(TokenKind.Name) && p.atOp(':', p.peek())) {
      parseType(p); // enum E: u8:
      p.eatOp(':');
    }
    parseBlockAfterColon(p, body);
  } else if (!p.atLineEnd()) {
    p.error(`Expected ':' after the declaration header, found ${p.describe()}`, 'expected-token');
  }
  p.close(node);
}

function parseImpl(p: Parser): void {
  const node = p.open(SyntaxKind.ImplDecl);
  p.leaf(SyntaxKind.Keyword);
  if (p.atName('enum') || p.atName('class') || p.atName('struct')) p.leaf(SyntaxKind.Keyword); // extend enum X
  if (p.atOp('<')) parseTypeParams(p);
  parseType(p);
  if (p.atName('for')) {
    p.leaf(SyntaxKind.Keyword);
    parseType(p);
  }
  if (p.atName('where')) parseWhere(p);
  if (p.eatOp(':')) parseBlockAfterColon(p, Body.Class);
  else if (!p.atLineEnd())
    p.error(`Expected ':' after the impl header, found ${p.describe()}`, 'expected-token');
  p.close(node);
}

function parseTypeAlias(p: Parser): void {
  const node = p.open(SyntaxKind.TypeAlias);
  p.leaf(SyntaxKind.Keyword);
  if (p.atName('fn')) p.leaf(SyntaxKind.Keyword); // alias fn len = inner.len
  parseName(p, 'an alias');
  if (p.atOp('<')) parseTypeParams(p);
  if (p.expectOp('=', 'in the alias')) parseType(p);
  p.close(node);
}

export function parseVarDecl(p: Parser): void {
  const node = p.open(SyntaxKind.VarDecl);
  p.leaf(SyntaxKind.Keyword);
  while (isName(p, p.cur) && ['mut', 'val', 'var', 'let'].includes(p.value()) && isName(p, p.peek())) {
    p.leaf(SyntaxKind.Keyword);
  }
  if (
    p.at(TokenKind.Name) &&
    (p.atOp(':', p.peek()) || p.atOp('=', p.peek()) || p.atOp(',', p.peek()) || p.atLineEnd(p.peek()))
  ) {
    p.leaf(SyntaxKind.Name);
    while (p.atOp(',') && isName(p, p.peek())) {
      p.bump();
      p.leaf(SyntaxKind.Name);
    }
  } else if (!parsePattern(p)) {
    p.error(`Expected a name or pattern to bind, found ${p.describe()}`, 'expected-name');
  }
  if (p.eatOp(':')) parseType(p);
  if (p.eatOp('=') || p.eatOp(':=')) {
    if (p.at(TokenKind.Newline) && p.kind(p.peek()) === TokenKind.Indent) parseBlockAfterColon(p);
    else if (!parseExprStmtLevel(p))
      p.error(`Expected a value after '=', found ${p.describe()}`, 'expected-expression');
  }
  if (p.atName('else') && p.atOp(':', p.peek())) {
    const clause = p.open(SyntaxKind.ElseClause);
    p.leaf(SyntaxKind.Keyword);
    p.bump();
    parseBlockAfterColon(p);
    p.close(clause);
  }
  p.close(node);
}

export function parseField(p: Parser): void {
  const node = p.open(SyntaxKind.Field);
  p.leaf(SyntaxKind.Name);
  p.bump(); // :
  parseType(p);
  if (p.eatOp('=')) parseExpr(p);
  p.close(node);
}

/** One enum line: `Red`, `Some(T)`, `Error = 1`, `A, B, C`, `case X`. */
export function parseEnumVariants(p: Parser): void {
  if (p.atName('case') && isName(p, p.peek())) p.bump();
  do {
    if (!p.at(TokenKind.Name)) {
      p.error(`Expected an enum variant, found ${p.describe()}`, 'expected-name');
      return;
    }
    const v = p.open(SyntaxKind.Variant);
    p.leaf(SyntaxKind.Name);
    if (p.atOp('(')) parseVariantPayload(p);
    if (p.eatOp('=')) parseExpr(p);
    if (p.eatOp(':')) parseBlockAfterColon(p, Body.Class);
    p.close(v);
  } while (p.eatOp(',') && !p.atLineEnd());
}

function parseVariantPayload(p: Parser): void {
  const list = p.open(SyntaxKind.ParamList);
  p.bump();
  skipLayout(p);
  while (!p.atBracketEnd(')')) {
    p.steps++;
    const param = p.open(SyntaxKind.Param);
    if (p.at(TokenKind.Name) && p.atOp(':', p.peek())) {
      p.leaf(SyntaxKind.Name);
      p.bump();
    }
    const ok = parseType(p);
    if (ok && p.eatOp('=')) parseExpr(p);
    p.close(param);
    skipLayout(p);
    if (!ok || !p.eatOp(',')) break;
    skipLayout(p);
  }
  p.expectOp(')', 'to close the variant payload');
  p.close(list);
}

// ------------------------------------------------------------------ modules

export function parseUse(p: Parser): void {
  const node = p.open(SyntaxKind.UseDecl);
  const kw = p.leaf(SyntaxKind.Keyword);
  if (p.text.slice(kw.start, kw.end) === 'from') {
    parseImportPath(p, node);
    if (p.atName('import')) {
      p.leaf(SyntaxKind.Keyword);
      parseImportItems(p);
    } else {
      p.error(`Expected 'import' after the module path, found ${p.describe()}`, 'expected-token');
    }
  } else {
    do {
      parseImportPath(p, node);
      if (p.atOp('(')) parseImportList(p, ')');
      if (p.atName('as')) {
        p.leaf(SyntaxKind.Keyword);
        parseName(p, 'an alias');
      }
    } while (p.eatOp(',') && !p.atLineEnd());
  }
  p.close(node);
}

function parseImportItems(p: Parser): void {
  if (p.atOp('{')) parseImportList(p, '}');
  else if (p.atOp('(')) parseImportList(p, ')');
  else if (p.atOp('*')) glob(p);
  else {
    const list = p.open(SyntaxKind.ImportList);
    do parseImportItem(p);
    while (p.eatOp(',') && !p.atLineEnd());
    p.close(list);
  }
}

function glob(p: Parser): void {
  const g = p.open(SyntaxKind.ImportGlob);
  p.bump();
  p.close(g);
}

/** `.rel.a.b::c` with a trailing `.{...}`, `.*` or `(...)`; `simple-lang/math.F64` accepted. */
function parseImportPath(p: Parser, decl: SyntaxNode): void {
  const path = p.open(SyntaxKind.ImportPath);
  while (p.atOp('.') || p.atOp('..') || p.atOp('...')) {
    decl.flags |= NodeFlags.Relative;
    p.bump();
  }
  for (;;) {
    p.steps++;
    const t = p.cur;
    if (p.kind(t) === TokenKind.Name || p.kind(t) === TokenKind.Int) {
      const seg = p.leaf(SyntaxKind.Name);
      // simple-lang/math.F64: a hyphenated name is one segment
      while (p.atOp('-') && gluedName(p)) {
        p.bump();
        seg.end = p.end(p.bump());
      }
    } else if (p.kind(t) === TokenKind.String) {
      p.leaf(SyntaxKind.StringLit);
      break;
    } else if (p.atOp('{')) {
      parseImportList(p, '}');
      break;
    } else if (p.atOp('*')) {
      glob(p);
      break;
    } else {
      p.error(`Expected a module name, found ${p.describe()}`, 'expected-name');
      break;
    }
    if ((p.atOp('.') || p.atOp('::')) && !p.atLineEnd(p.peek())) {
      p.bump();
      continue;
    }
    if (p.atOp('/') && gluedName(p)) {
      p.bump();
      continue;
    }
    break;
  }
  p.close(path);
}

/** The operator at the cursor sits between two names with no spaces: `simple-lang`, `lang/I64`. */
function gluedName(p: Parser): boolean {
  const op = p.cur;
  const next = p.peek();
  return p.start(op) === p.lastEnd && p.start(next) === p.end(op) && p.kind(next) === TokenKind.Name;
}

function parseImportList(p: Parser, close: string): void {
  const list = p.open(SyntaxKind.ImportList);
  p.bump();
  skipLayout(p);
  while (!p.atBracketEnd(close)) {
    p.steps++;
    const before = p.i;
    parseImportItem(p);
    skipLayout(p);
    if (!p.eatOp(',')) {
      if (p.i === before) p.bump();
      break;
    }
    skipLayout(p);
  }
  p.expectOp(close, 'to close the import list');
  p.close(list);
}

function parseImportItem(p: Parser): void {
  const item = p.open(SyntaxKind.ImportItem);
  if (p.atOp('*')) glob(p);
  else if (p.at(TokenKind.Name)) {
    p.leaf(SyntaxKind.Name);
    while ((p.atOp('.') || p.atOp('::')) && !p.atLineEnd(p.peek())) {
      p.bump();
      if (p.at(TokenKind.Name)) p.leaf(SyntaxKind.Name);
      else if (p.atOp('{')) parseImportList(p, '}');
      else if (p.atOp('*')) glob(p);
      else break;
    }
  } else p.error(`Expected an imported name, found ${p.describe()}`, 'expected-name');
  if (p.atName('as')) {
    p.leaf(SyntaxKind.Keyword);
    parseName(p, 'an alias');
  }
  p.close(item);
}

function parseExport(p: Parser): void {
  const node = p.open(SyntaxKind.ExportDecl);
  p.leaf(SyntaxKind.Keyword);
  if (p.atName('use') || p.atName('import')) {
    parseUse(p);
  } else if (p.atOp('*')) {
    glob(p);
  } else {
    do {
      const item = p.open(SyntaxKind.ImportItem);
      parseImportPath(p, node);
      if (p.atName('as')) {
        p.leaf(SyntaxKind.Keyword);
        parseName(p, 'an alias');
      }
      p.close(item);
    } while (p.eatOp(',') && !p.atLineEnd());
  }
  p.close(node);
}

function parseMod(p: Parser): void {
  const node = p.open(SyntaxKind.ModDecl);
  p.leaf(SyntaxKind.Keyword);
  parseImportPath(p, node);
  p.eatOp(';');
  if (p.eatOp(':')) parseBlockAfterColon(p, Body.Module);
  p.close(node);
}

// ------------------------------------------------------------------ decorators

/** `@deco(args)` lines and `#[attr]`s, then the declaration (or statement) they decorate. */
export function parseDecorated(p: Parser, body: Body): void {
  const decorations: SyntaxNode[] = [];
  while (p.atOp('@') || p.atOp('#[') || p.atOp('#![')) {
    p.steps++;
    decorations.push(p.atOp('@') ? parseDecorator(p) : parseAttribute(p));
    while (p.at(TokenKind.Newline) || p.atOp(';')) p.bump();
  }
  if (p.atLineEnd() || p.at(TokenKind.Indent)) {
    // Inner attributes (#![...]) and `@end` markers stand alone; a decorator must decorate something.
    const last = decorations[decorations.length - 1];
    const name = childOfKind(last, SyntaxKind.Name);
    if (
      last.kind === SyntaxKind.Decorator &&
      !childOfKind(last, SyntaxKind.Block) &&
      (!name || p.text.slice(name.start, name.end) !== 'end')
    ) {
      p.error('Decorator without a declaration after it', 'dangling-decorator', last);
    }
    return;
  }
  const count = p.top.children.length;
  parseStatement(p, body);
  if (p.top.children.length > count) p.adopt(p.top.children[count], decorations);
}

function parseDecorator(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.Decorator);
  p.bump(); // @
  if (p.at(TokenKind.Name)) {
    const name = p.leaf(SyntaxKind.Name);
    while (p.atOp('.') && p.kind(p.peek()) === TokenKind.Name) {
      p.bump();
      name.end = p.end(p.bump());
    }
  } else {
    p.error(`Expected a decorator name after '@', found ${p.describe()}`, 'expected-name');
  }
  if (p.atOp('(') && p.start() === p.lastEnd) parseArgList(p, '(', ')');
  if (p.atOp(':') && (p.atLineEnd(p.peek()) || p.kind(p.peek()) === TokenKind.Indent)) {
    p.bump();
    parseBlockAfterColon(p); // @when(cond): block
  }
  return p.close(node);
}

function parseAttribute(p: Parser): SyntaxNode {
  const node = p.open(SyntaxKind.Attribute);
  let depth = 0;
  do {
    const t = p.bump();
    if (p.kind(t) === TokenKind.Op) {
      if (
        p.value(t) === '[' ||
        p.value(t) === '#[' ||
        p.value(t) === '#![' ||
        p.value(t) === '(' ||
        p.value(t) === '{'
      )
        depth++;
      else if (p.value(t) === ']' || p.value(t) === ')' || p.value(t) === '}') depth--;
    }
  } while (depth > 0 && !p.atLineEnd());
  return p.close(node);
}
