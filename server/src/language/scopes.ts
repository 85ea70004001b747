// Name resolution within one file: which declaration a name refers to, and every use of it.
// Scopes: parameters (functions, lambdas), `val`/`var`/`let`/`const` (the nearest one before the use,
// so `val s = s ?? ""` refers to the earlier `s`), loop and comprehension targets, match-arm pattern
// bindings, `if val`/`while val`, `with ... as`, declarations (visible in their whole block: functions
// may be called before they are defined), and imported names (the import item is the answer here;
// following it into another file is the workspace's job). `self.x` resolves to a member of the
// enclosing type (or of an `impl` of it in this file) and `Type.x` to a member or variant of a type
// declared here. Anything else is unresolved: [] rather than a guess.
import { childOfKind, nodeAt, SyntaxKind, SyntaxNode, TextSpan, walk } from './syntax';
import type { ParseResult } from './types';

interface Binding {
  /** The name node at the declaration (a Name leaf, or a NameRef inside a pattern). */
  name: SyntaxNode;
}

const DECLARATIONS = new Set([
  SyntaxKind.FnDecl,
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.TypeAlias,
]);

const TYPES = new Set([SyntaxKind.ClassDecl, SyntaxKind.EnumDecl, SyntaxKind.TraitDecl]);

/** The declaration(s) the name at `offset` refers to (its own span when it is a declaration). */
export function definitionAt(result: ParseResult, offset: number): TextSpan[] {
  const node = nameNodeAt(result, offset);
  if (!node) return [];
  const binding = resolve(result, node);
  return binding ? [span(binding.name)] : [];
}

/** The declaration and every use of the name at `offset` in this file; [] when it is unresolved. */
export function occurrencesAt(result: ParseResult, offset: number): TextSpan[] {
  const node = nameNodeAt(result, offset);
  if (!node) return [];
  const target = resolve(result, node);
  if (!target) return [];
  const text = nameText(result, target.name);
  const out: TextSpan[] = [span(target.name)];
  walk(result.root, (n) => {
    if (n === target.name) return;
    if ((n.kind === SyntaxKind.NameRef || n.kind === SyntaxKind.Name) && nameText(result, n) === text) {
      const b = resolve(result, n);
      if (b && b.name === target.name) out.push(span(n));
    }
  });
  return out.sort((a, b) => a.start - b.start);
}

function span(n: SyntaxNode): TextSpan {
  return { start: n.start, end: n.end };
}

function nameText(result: ParseResult, n: SyntaxNode): string {
  return result.text.slice(n.start, n.end);
}

function nameNodeAt(result: ParseResult, offset: number): SyntaxNode | undefined {
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    const n = nodeAt(result.root, at);
    if ((n.kind === SyntaxKind.Name || n.kind === SyntaxKind.NameRef) && n.start <= at && at <= n.end)
      return n;
  }
  return undefined;
}

/** The binding a Name or NameRef node stands for, or undefined. */
function resolve(result: ParseResult, node: SyntaxNode): Binding | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  // A member name: `self.x`, `Type.x`.
  if (node.kind === SyntaxKind.Name && parent.kind === SyntaxKind.Member && parent.children[0] !== node) {
    return resolveMember(result, parent, node);
  }
  if (isDeclarationName(node)) return { name: node };
  if (node.kind !== SyntaxKind.NameRef) return undefined;
  // A pattern name in a binding position declares itself.
  if (bindsItself(result, node)) return { name: node };
  const text = nameText(result, node);
  for (
    let scope: SyntaxNode | undefined = parent, child: SyntaxNode = node;
    scope;
    child = scope, scope = scope.parent
  ) {
    const found = lookupIn(result, scope, child, node, text);
    if (found) return found;
  }
  return undefined;
}

/** Name leaves that declare: function/type/field/variant/param/binding names, import items. */
export function isDeclarationName(n: SyntaxNode): boolean {
  if (n.kind !== SyntaxKind.Name) return false;
  const p = n.parent!;
  switch (p.kind) {
    case SyntaxKind.FnDecl:
    case SyntaxKind.ClassDecl:
    case SyntaxKind.EnumDecl:
    case SyntaxKind.TraitDecl:
    case SyntaxKind.TypeAlias:
    case SyntaxKind.Field:
    case SyntaxKind.Variant:
    case SyntaxKind.Param:
    case SyntaxKind.VarDecl:
    case SyntaxKind.TypeTest:
    case SyntaxKind.TypeParam:
      return true;
    case SyntaxKind.ImportItem:
      return true;
  }
  return false;
}

/** Is this NameRef itself a binding (a name in a pattern of val/for/match/with/lambda)? */
function bindsItself(result: ParseResult, ref: SyntaxNode): boolean {
  for (let child = ref, p = ref.parent; p; child = p, p = p.parent) {
    switch (p.kind) {
      case SyntaxKind.VarDecl:
        return patternPart(p) === child && patternNames(result, child).includes(ref);
      case SyntaxKind.For:
      case SyntaxKind.CompFor:
        return forTargets(p).includes(child) && patternNames(result, child).includes(ref);
      case SyntaxKind.MatchArm:
        return armPattern(p) === child && patternNames(result, child).includes(ref);
      case SyntaxKind.With:
        return withTargets(p).includes(child) && patternNames(result, child).includes(ref);
      case SyntaxKind.Lambda:
        return fatArrowParams(p) === child && patternNames(result, child).includes(ref);
      case SyntaxKind.Block:
      case SyntaxKind.Module:
      case SyntaxKind.ArgList:
        return false;
    }
  }
  return false;
}

/** Bindings that `scope` makes visible to `child` (the ancestor of the use on the way up). */
function lookupIn(
  result: ParseResult,
  scope: SyntaxNode,
  child: SyntaxNode,
  use: SyntaxNode,
  text: string,
): Binding | undefined {
  const named = (n: SyntaxNode | undefined): Binding | undefined =>
    n && nameText(result, n) === text ? { name: n } : undefined;
  const fromPatterns = (patterns: SyntaxNode[]): Binding | undefined => {
    for (const pat of patterns) for (const n of patternNames(result, pat)) if (named(n)) return { name: n };
    return undefined;
  };
  switch (scope.kind) {
    case SyntaxKind.FnDecl:
    case SyntaxKind.Lambda: {
      const params = childOfKind(scope, SyntaxKind.ParamList);
      if (params && child !== params) {
        for (const p of params.children) {
          const found = named(childOfKind(p, SyntaxKind.Name)) ?? fromPatterns(p.children.filter(isPattern));
          if (found) return found;
        }
      }
      const arrow = fatArrowParams(scope);
      if (arrow && child !== arrow) return fromPatterns([arrow]);
      return undefined;
    }
    case SyntaxKind.For:
    case SyntaxKind.CompFor:
      return forTargets(scope).includes(child) ? undefined : fromPatterns(forTargets(scope));
    case SyntaxKind.Comprehension:
      return fromPatterns(scope.children.filter((c) => c.kind === SyntaxKind.CompFor).flatMap(forTargets));
    case SyntaxKind.MatchArm: {
      const pat = armPattern(scope);
      return pat && child !== pat ? fromPatterns([pat]) : undefined;
    }
    case SyntaxKind.With:
      return withTargets(scope).includes(child) ? undefined : fromPatterns(withTargets(scope));
    case SyntaxKind.If:
    case SyntaxKind.While: {
      // if val Some(x) = opt: x is visible in the first block
      const cond = scope.children[1];
      if (cond && cond.kind === SyntaxKind.VarDecl && child.kind === SyntaxKind.Block && cond !== child) {
        return fromPatterns([patternPart(cond)].filter((x): x is SyntaxNode => x !== undefined));
      }
      return undefined;
    }
    case SyntaxKind.Block:
    case SyntaxKind.Module:
      return lookupInBlock(result, scope, use, text);
  }
  return undefined;
}

/** Declarations of a block: the nearest binding before the use, or a declaration anywhere in it. */
function lookupInBlock(
  result: ParseResult,
  block: SyntaxNode,
  use: SyntaxNode,
  text: string,
): Binding | undefined {
  let before: Binding | undefined;
  let anywhere: Binding | undefined;
  for (const stmt of statementsOf(block)) {
    if (stmt.kind === SyntaxKind.VarDecl) {
      for (const n of varNames(result, stmt)) {
        if (nameText(result, n) !== text) continue;
        // The nearest one before the use (not its own initializer); at module level a later one
        // is still visible from function bodies, which run after the module is loaded.
        if (stmt.end <= use.start) before = { name: n };
        else if (block.kind === SyntaxKind.Module && stmt.start > use.start) anywhere ??= { name: n };
      }
    } else if (DECLARATIONS.has(stmt.kind)) {
      const name = childOfKind(stmt, SyntaxKind.Name);
      if (name && nameText(result, name) === text) anywhere ??= { name };
    } else if (stmt.kind === SyntaxKind.UseDecl || stmt.kind === SyntaxKind.ExportDecl) {
      anywhere ??= importedName(result, stmt, text);
    }
  }
  return before ?? anywhere;
}

/** Statements of a block, looking through transparent wrappers (`when cond:` blocks, recovered lines). */
export function statementsOf(block: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of block.children) {
    out.push(s);
    const inner = childOfKind(s, SyntaxKind.Block);
    if (inner && (s.kind === SyntaxKind.Error || isWhenBlock(s))) out.push(...statementsOf(inner));
  }
  return out;
}

/** `when cond:` (conditional compilation): its declarations belong to the enclosing block. */
function isWhenBlock(n: SyntaxNode): boolean {
  if (n.kind !== SyntaxKind.BlockCall) return false;
  const head = n.children[0];
  const callee = head?.kind === SyntaxKind.Call ? head.children[0] : head;
  return callee?.kind === SyntaxKind.NameRef && callee.end - callee.start === 4; // `when`
}

function importedName(result: ParseResult, decl: SyntaxNode, text: string): Binding | undefined {
  let found: Binding | undefined;
  walk(decl, (n) => {
    if (found) return false;
    if (n.kind !== SyntaxKind.ImportItem) return;
    const names = n.children.filter((c) => c.kind === SyntaxKind.Name);
    const visible = names[names.length - 1]; // the alias after `as`, or the (last) imported name
    if (visible && nameText(result, visible) === text) found = { name: visible };
  });
  return found;
}

export function varNames(result: ParseResult, decl: SyntaxNode): SyntaxNode[] {
  const names = decl.children.filter((c) => c.kind === SyntaxKind.Name);
  if (names.length > 0) return names;
  const pat = patternPart(decl);
  return pat ? patternNames(result, pat) : [];
}

export function patternPart(decl: SyntaxNode): SyntaxNode | undefined {
  return decl.children.find(
    (c) =>
      c.kind !== SyntaxKind.Keyword && c.kind !== SyntaxKind.Modifiers && c.kind !== SyntaxKind.Decorator,
  );
}

export function forTargets(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children.slice(1)) {
    if (c.kind === SyntaxKind.Keyword) break; // `in`
    out.push(c);
  }
  return out;
}

export function armPattern(arm: SyntaxNode): SyntaxNode | undefined {
  return arm.children.find((c) => c.kind !== SyntaxKind.Keyword);
}

export function withTargets(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  n.children.forEach((c, i) => {
    const prev = n.children[i - 1];
    if (
      prev &&
      prev.kind === SyntaxKind.Keyword &&
      prev.end - prev.start === 2 &&
      c.kind !== SyntaxKind.Block
    )
      out.push(c);
  });
  return out.filter((c) => c.kind !== SyntaxKind.Keyword);
}

/** `x => e` / `(a, b) => e`: the parameter side of a fat-arrow lambda. */
export function fatArrowParams(lambda: SyntaxNode): SyntaxNode | undefined {
  if (lambda.kind !== SyntaxKind.Lambda || childOfKind(lambda, SyntaxKind.ParamList)) return undefined;
  const first = lambda.children[0];
  return first && first.kind !== SyntaxKind.Keyword ? first : undefined;
}

export function isPattern(n: SyntaxNode): boolean {
  return n.kind === SyntaxKind.Paren || n.kind === SyntaxKind.Tuple;
}

/**
 * Names a pattern binds: bare names, names inside tuples/lists/constructor arguments, the name of a
 * type test (`case i64 v`). Not: constructors (`Some`), qualified variants (`Color.Red`), names that
 * start upper-case (constants and variants), named-argument labels, `_`.
 */
export function patternNames(result: ParseResult, pat: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    switch (n.kind) {
      case SyntaxKind.NameRef: {
        const t = nameText(result, n);
        if (t !== '_' && !/^[A-Z]/.test(t) && t !== 'nil' && t !== 'self') out.push(n);
        return;
      }
      case SyntaxKind.TypeTest: {
        const name = childOfKind(n, SyntaxKind.Name);
        if (name) out.push(name);
        return;
      }
      case SyntaxKind.Call: {
        const args = childOfKind(n, SyntaxKind.ArgList);
        if (args) for (const a of args.children) visit(a);
        return;
      }
      case SyntaxKind.Arg:
        for (const c of n.children) if (c.kind !== SyntaxKind.Name) visit(c);
        return;
      case SyntaxKind.Tuple:
      case SyntaxKind.Paren:
      case SyntaxKind.List:
      case SyntaxKind.Spread:
        for (const c of n.children) visit(c);
        return;
      case SyntaxKind.Binary: // or-patterns bind the same names on each side: take the left one
        visit(n.children[0]);
        return;
      case SyntaxKind.Dict:
      case SyntaxKind.SetLit:
        for (const e of n.children)
          visit(e.kind === SyntaxKind.DictEntry ? e.children[e.children.length - 1] : e);
        return;
    }
  };
  visit(pat);
  return out;
}

// ------------------------------------------------------------------ members

function resolveMember(result: ParseResult, member: SyntaxNode, name: SyntaxNode): Binding | undefined {
  const receiver = member.children[0];
  const text = nameText(result, name);
  let typeName: string | undefined;
  if (receiver.kind === SyntaxKind.NameRef && nameText(result, receiver) === 'self') {
    typeName = enclosingTypeName(result, member);
  } else if (receiver.kind === SyntaxKind.NameRef) {
    const b = resolve(result, receiver);
    const decl = b?.name.parent;
    if (decl && TYPES.has(decl.kind)) typeName = nameText(result, b!.name);
  }
  if (!typeName) return undefined;
  return memberOf(result, typeName, text);
}

function enclosingTypeName(result: ParseResult, n: SyntaxNode): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (TYPES.has(p.kind)) {
      const name = childOfKind(p, SyntaxKind.Name);
      return name ? nameText(result, name) : undefined;
    }
    if (p.kind === SyntaxKind.ImplDecl) return implTarget(result, p);
  }
  return undefined;
}

/** `impl Point:` → Point; `impl Show for Point:` → Point. */
export function implTarget(result: ParseResult, impl: SyntaxNode): string | undefined {
  const types = impl.children.filter((c) => c.kind === SyntaxKind.TypeRef);
  const target = types[types.length - 1];
  const head = target?.children.find((c) => c.kind === SyntaxKind.NameRef);
  return head ? nameText(result, head) : undefined;
}

/** A field, method or variant named `member` of the type `typeName` (its body or its impls here). */
function memberOf(result: ParseResult, typeName: string, member: string): Binding | undefined {
  let found: Binding | undefined;
  const bodies: SyntaxNode[] = [];
  walk(result.root, (n) => {
    const isType = TYPES.has(n.kind) && nameText(result, childOfKind(n, SyntaxKind.Name) ?? n) === typeName;
    const isImpl = n.kind === SyntaxKind.ImplDecl && implTarget(result, n) === typeName;
    if (isType || isImpl) {
      const body = childOfKind(n, SyntaxKind.Block);
      if (body) bodies.push(body);
    }
    return (
      n.kind === SyntaxKind.Module ||
      n.kind === SyntaxKind.Block ||
      n.kind === SyntaxKind.Error ||
      n.kind === SyntaxKind.BlockCall ||
      isType ||
      isImpl
    );
  });
  for (const body of bodies) {
    for (const m of body.children) {
      if (found) break;
      if (m.kind === SyntaxKind.VarDecl) {
        for (const n of varNames(result, m)) if (nameText(result, n) === member) found = { name: n };
      } else if (
        m.kind === SyntaxKind.FnDecl ||
        m.kind === SyntaxKind.Field ||
        m.kind === SyntaxKind.Variant ||
        m.kind === SyntaxKind.TypeAlias
      ) {
        const n = childOfKind(m, SyntaxKind.Name);
        if (n && nameText(result, n) === member) found = { name: n };
      }
    }
  }
  return found;
}

// ------------------------------------------------------------------ references for the workspace

/**
 * What the name at an offset refers to, as far as one file can tell. `local`: a declaration in this
 * file (the file's own answer is final). `import`: an item of a `use` list (follow it into the module).
 * `module`: a segment of an import path. `member`: `a.b` whose receiver this file cannot settle (a type
 * or module from elsewhere, `self` in an impl of a type declared elsewhere, a typed parameter). `free`:
 * a bare name declared nowhere in this file (a glob import may provide it).
 */
export type NameReference =
  | { kind: 'local'; name: string; span: TextSpan; target: TextSpan }
  | { kind: 'import'; name: string; span: TextSpan; item: TextSpan }
  | { kind: 'module'; name: string; span: TextSpan; pathSpan: TextSpan; segments: number }
  | { kind: 'member'; name: string; span: TextSpan; receiver: Receiver }
  | { kind: 'free'; name: string; span: TextSpan };

/** The receiver of `a.b`: a value of a named type, or a name to resolve (a type or module). */
export type Receiver = { type: string } | { ref: NameReference };

export function referenceAt(result: ParseResult, offset: number): NameReference | undefined {
  const node = nameNodeAt(result, offset);
  return node ? describe(result, node, 0) : undefined;
}

function describe(result: ParseResult, node: SyntaxNode, depth: number): NameReference | undefined {
  const name = nameText(result, node);
  const nodeSpan = span(node);
  const parent = node.parent;
  if (parent?.kind === SyntaxKind.ImportPath) {
    const segments = parent.children.filter((c) => c.kind === SyntaxKind.Name);
    const index = segments.indexOf(node);
    return { kind: 'module', name, span: nodeSpan, pathSpan: span(parent), segments: index + 1 };
  }
  const binding = resolve(result, node);
  if (binding) {
    const item = importItemOf(binding.name);
    if (item) return { kind: 'import', name, span: nodeSpan, item: span(item) };
    return { kind: 'local', name, span: nodeSpan, target: span(binding.name) };
  }
  if (node.kind === SyntaxKind.Name && parent?.kind === SyntaxKind.Member && parent.children[0] !== node) {
    if (depth > 8) return undefined;
    const receiver = receiverOf(result, parent, depth);
    return receiver ? { kind: 'member', name, span: nodeSpan, receiver } : undefined;
  }
  if (node.kind === SyntaxKind.NameRef && name !== 'self') return { kind: 'free', name, span: nodeSpan };
  return undefined;
}

function importItemOf(name: SyntaxNode): SyntaxNode | undefined {
  for (let p = name.parent; p; p = p.parent) {
    if (p.kind === SyntaxKind.ImportItem) return p;
    if (p.kind === SyntaxKind.Block || p.kind === SyntaxKind.Module) return undefined;
  }
  return undefined;
}

function receiverOf(result: ParseResult, member: SyntaxNode, depth: number): Receiver | undefined {
  const receiver = member.children[0];
  if (receiver.kind === SyntaxKind.NameRef && nameText(result, receiver) === 'self') {
    const type = enclosingTypeName(result, member);
    return type ? { type } : undefined;
  }
  if (receiver.kind === SyntaxKind.Call) {
    // `Point(1, 2).x`, `Point.new().x`: a constructor's result.
    const callee = receiver.children[0];
    if (callee?.kind === SyntaxKind.NameRef && /^[A-Z]/.test(nameText(result, callee)))
      return { type: nameText(result, callee) };
    return undefined;
  }
  if (receiver.kind === SyntaxKind.NameRef) {
    const b = resolve(result, receiver);
    const declared = b && declaredType(result, b.name);
    if (declared) return { type: declared };
  }
  if (receiver.kind === SyntaxKind.NameRef || receiver.kind === SyntaxKind.Member) {
    const inner =
      receiver.kind === SyntaxKind.NameRef ? receiver : receiver.children[receiver.children.length - 1];
    if (inner.kind !== SyntaxKind.NameRef && inner.kind !== SyntaxKind.Name) return undefined;
    const ref = describe(result, inner, depth + 1);
    return ref ? { ref } : undefined;
  }
  return undefined;
}

/** The type a parameter or variable is declared with (`p: Point`, `val p = Point(...)`), when evident. */
function declaredType(result: ParseResult, name: SyntaxNode): string | undefined {
  const decl = name.parent;
  if (!decl || (decl.kind !== SyntaxKind.Param && decl.kind !== SyntaxKind.VarDecl)) return undefined;
  const typeRef = childOfKind(decl, SyntaxKind.TypeRef);
  const head = typeRef?.children.find((c) => c.kind === SyntaxKind.NameRef);
  if (head) return nameText(result, head);
  if (decl.kind !== SyntaxKind.VarDecl) return undefined;
  const init = decl.children[decl.children.length - 1];
  if (init?.kind === SyntaxKind.Call) {
    const callee = init.children[0];
    if (callee?.kind === SyntaxKind.NameRef && /^[A-Z]/.test(nameText(result, callee)))
      return nameText(result, callee);
    // `Point.new(...)`
    if (callee?.kind === SyntaxKind.Member) {
      const base = callee.children[0];
      const method = callee.children[callee.children.length - 1];
      if (
        base.kind === SyntaxKind.NameRef &&
        /^[A-Z]/.test(nameText(result, base)) &&
        method &&
        nameText(result, method) === 'new'
      )
        return nameText(result, base);
    }
  }
  return undefined;
}

/** Is the declaration at `nameStart` a type (class, struct, enum, trait) in this file? */
export function isTypeDeclarationAt(result: ParseResult, nameStart: number): boolean {
  const n = nodeAt(result.root, nameStart);
  return n.kind === SyntaxKind.Name && n.parent !== undefined && TYPES.has(n.parent.kind);
}
