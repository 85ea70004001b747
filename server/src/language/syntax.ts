// The syntax tree: one homogeneous node type with a kind, a UTF-16 offset span and children.
// Leaves (names, literals, operators) have no children; their text is source.slice(start, end).
// Offsets are UTF-16 code units into the text given to parse(); the LSP edge converts them.

export enum SyntaxKind {
  Module,
  Error,
  // --- declarations ---
  FnDecl, // fn / me / static fn / extern fn / async fn, with or without a body
  ClassDecl, // class / struct / actor / bitfield
  EnumDecl,
  Variant, // enum variant
  TraitDecl,
  ImplDecl,
  TypeAlias, // type X = T, alias X = T
  VarDecl, // val / var / let / const, module-level or local
  Field, // name: Type inside a class/struct/trait
  UseDecl, // use / import / from ... import
  ExportDecl, // export / internal_export / export use
  ModDecl, // mod x / pub mod x
  Decorator, // @name(args)
  Attribute, // #[...] / #![...]
  Docstring, // a triple-quoted (or plain) string as the first statement of a body
  // --- declaration parts ---
  Name, // an identifier at a declaration or reference site (leaf)
  Modifiers, // pub, pub(package), static, async, extern, ...: children are Keyword leaves
  Keyword, // a keyword or modifier word (leaf)
  TypeParams,
  TypeParam,
  ParamList,
  Param,
  ReturnType,
  TypeRef, // a type expression
  WhereClause,
  Block, // an indented block or an inline body after ':'
  ImportPath, // dotted module path in use/import/export (children: Name segments)
  ImportList, // {A, B as C} / (A, B)
  ImportItem, // A [as C]
  ImportGlob, // *
  // --- statements ---
  ExprStmt,
  Assign,
  If,
  ElseClause, // elif/else-if/else part of an if (or of for/while)
  For,
  While,
  Loop,
  Match,
  MatchArm,
  Return,
  Break,
  Continue,
  Pass,
  Defer,
  With,
  Asm, // opaque: asm statements and blocks are not parsed
  BlockCall, // `name args:` + block, e.g. describe "x":, before_each:, unsafe:, when cond:
  // --- expressions ---
  NameRef, // identifier in expression position (leaf)
  Literal, // number, string, true/false/nil (leaf)
  StringLit, // string literal (leaf), flags in node.flags
  Member, // a.b, a?.b, a::b, a.0
  Call, // f(args) and no-paren calls f a, b
  ArgList,
  Arg, // positional, or named (first child Name)
  Index, // a[i], a[1:4]
  Slice,
  Binary,
  Unary,
  Postfix, // x?, x.?
  Cast, // x as T
  Lambda, // \x: e, x => e, fn(x): e, move \x: e
  Tuple,
  Paren,
  List,
  Dict,
  DictEntry,
  SetLit,
  Comprehension,
  CompFor,
  CompIf,
  IfExpr,
  MatchExpr,
  Range,
  Spread,
  CustomBlock, // m{ ... }, sh{ ... } raw payload (leaf)
  Symbol, // :name (test DSL)
  MethodRef, // &:len
  Launch, // kernel<<<grid, block>>>(args)
  TypeArgs, // f<T>(x), Map<K, V>.new()
  Generic, // a name with type arguments in expression position: Map<K, V>
  TypeTest, // type-test pattern `case i64 v:`: a type and the name it binds
  DoExpr, // `do:` + a block: a block expression whose value is its last statement
}

export interface TextSpan {
  start: number;
  end: number;
}

export interface SyntaxNode extends TextSpan {
  kind: SyntaxKind;
  children: SyntaxNode[];
  parent: SyntaxNode | undefined;
  /** Kind-specific bits, see NodeFlags. */
  flags: number;
}

export const enum NodeFlags {
  None = 0,
  /** StringLit: triple-quoted. */
  TripleQuoted = 1 << 0,
  /** StringLit: raw (r"..." or '...'): no escapes, no interpolation. */
  Raw = 1 << 1,
  /** StringLit: has a `_suffix`. */
  Suffixed = 1 << 2,
  /** Call: written without parentheses (`print x`). */
  NoParens = 1 << 3,
  /** Block: inline body on the header line (`fn f(): x`). */
  Inline = 1 << 4,
  /** Arg / Param: named (`f(a: 1)`), or variadic param. */
  Named = 1 << 5,
  Variadic = 1 << 6,
  /** UseDecl: relative (`use .x`). */
  Relative = 1 << 7,
  /** Produced while recovering from an error: may be incomplete. */
  Recovered = 1 << 8,
}

export function childOfKind(node: SyntaxNode, kind: SyntaxKind): SyntaxNode | undefined {
  for (const c of node.children) if (c.kind === kind) return c;
  return undefined;
}

export function childrenOfKind(node: SyntaxNode, kind: SyntaxKind): SyntaxNode[] {
  return node.children.filter((c) => c.kind === kind);
}

/** Depth-first pre-order walk; return false from `visit` to skip a node's children. Iterative:
 *  a 5 MB `a + a + ...` line is a million-deep left-leaning tree. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** The innermost node whose span contains `offset` (start <= offset <= end), or the root. */
export function nodeAt(root: SyntaxNode, offset: number): SyntaxNode {
  let node = root;
  for (;;) {
    const next = node.children.find((c) => c.start <= offset && offset <= c.end && c.end > c.start);
    if (!next) return node;
    node = next;
  }
}
