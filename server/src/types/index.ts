// The type layer's public face: questions a feature asks about a position, answered from the engine.
// Protocol-free and I/O-free like language/: everything outside the file comes through a TypeWorld.
import { SyntaxKind, type SyntaxNode } from '../language/syntax';
import type { Member } from './declarations';
import { type Fit, fitOf } from './expected';
import { TypeEngine } from './infer';
import { nameLeafAt } from './leaf';
import { BOOL, isComplete, prim, show, type Type, UNKNOWN } from './type';
import type { Decl, SourceFile } from './world';

export { TypeEngine } from './infer';
export type { Fit } from './expected';
export { nameLeafAt } from './leaf';
export { memberSignatures } from './signature';
export { subtypesIn, supertypesOf } from './hierarchy';
export { unknownMembers } from './unknown-members';
export type { UnknownMember } from './unknown-members';
export { FileWorld, implsNamed, leafAt, localDecl, preludeDecl, typesNamed } from './file-world';
export { PRELUDE_KEY, preludeFile, preludeText } from './prelude';
export { isComplete, show } from './type';
export type { Type } from './type';
export type { Member, MemberKind } from './declarations';
export type { Decl, SourceFile, TypeWorld } from './world';

/** What the member name at `offset` (`x.na|me`) is declared as, by the receiver's type. Undefined when
 *  the offset is not on a member name or the receiver's type is unknown; an empty list when the type is
 *  known and declares no such member. */
export function memberTargets(
  engine: TypeEngine,
  file: SourceFile,
  offset: number,
): { receiver: Type; members: Member[] } | undefined {
  const leaf = nameLeafAt(file, offset);
  return leaf ? engine.memberAt(file, leaf) : undefined;
}

/** The inferred type of the name or expression under the cursor, when it is fully known. */
export function typeAt(
  engine: TypeEngine,
  file: SourceFile,
  offset: number,
): { type: Type; text: string } | undefined {
  const leaf = nameLeafAt(file, offset);
  if (!leaf) return undefined;
  const node =
    leaf.parent?.kind === SyntaxKind.Member && leaf.parent.children[0] !== leaf ? leaf.parent : leaf;
  const t = engine.typeOf(file, node);
  return isComplete(t) && t.k !== 'meta' ? { type: t, text: show(t) } : undefined;
}

/** The type expected where a name or a member name is being typed at `offset` (`f(|)`, `return a.|`):
 *  unknown when the position does not tell. */
export function expectedTypeAt(engine: TypeEngine, file: SourceFile, offset: number): Type {
  const leaf = nameLeafAt(file, offset);
  if (!leaf) return UNKNOWN;
  const node =
    leaf.parent?.kind === SyntaxKind.Member && leaf.parent.children[0] !== leaf ? leaf.parent : leaf;
  return engine.expectedType(file, node);
}

/**
 * How a completion candidate of type `t` fits the expected type. A function or method (`callable`)
 * fits by its result unless a function is expected; a type by the values it constructs. Traits and core
 * types spelled two ways answer 'unknown' (expected.ts).
 */
export function candidateFit(engine: TypeEngine, expected: Type, t: Type, callable: boolean): Fit {
  const value = callable && t.k === 'fn' && expected.k !== 'fn' ? t.ret : t;
  const world = engine.world;
  return fitOf(expected, value, (d) => {
    if (d.node.kind === SyntaxKind.TraitDecl) return true;
    return world.core(d.name.text)?.node === d.node;
  });
}

/** The types of the built-in values and literal words completion offers (`Some`, `nil`, `true`). */
export function builtinValueType(word: string): Type {
  switch (word) {
    case 'true':
    case 'false':
      return BOOL;
    case 'nil':
    case 'None':
      return prim('nil');
    case 'Some':
      return { k: 'option', inner: UNKNOWN };
    case 'Ok':
    case 'Err':
      return { k: 'result', ok: UNKNOWN, err: UNKNOWN };
    default:
      return UNKNOWN;
  }
}

/** The members a value offers after `.`, given the receiver expression's node. */
export function completionMembers(
  engine: TypeEngine,
  file: SourceFile,
  receiver: SyntaxNode,
): { type: Type; members: Member[] } | undefined {
  const t = engine.typeOf(file, receiver);
  if (t.k === 'unknown') return undefined;
  return { type: t, members: engine.membersOfType(t) };
}

/** A member's signature as shown in hover and completion details, read on its receiver. */
export function memberDetail(
  engine: TypeEngine,
  receiver: Type,
  m: Member,
  t = engine.memberType(receiver, m),
): string {
  if (m.kind === 'method' && t.k === 'fn') {
    const names = paramNames(m.decl);
    const params = t.params.map((p, i) => `${names[i] ?? `_${i}`}: ${show(p)}`).join(', ');
    const head = m.isStatic ? 'static fn' : 'fn';
    return `${head} ${m.decl.name.text}(${params})${t.ret.k === 'unknown' ? '' : ` -> ${show(t.ret)}`}`;
  }
  if (m.kind === 'variant') return m.decl.name.text;
  return `${m.decl.name.text}: ${show(t)}`;
}

function paramNames(decl: Decl): string[] {
  const list = decl.node.children.find((c) => c.kind === SyntaxKind.ParamList);
  if (!list) return [];
  const text = decl.file.parse().text;
  return list.children.map((p) => {
    const n = p.children.find((c) => c.kind === SyntaxKind.Name);
    return n ? text.slice(n.start, n.end) : '';
  });
}

/** A member offered after `receiver.`: its name, what it is, and its signature on that receiver. */
export interface MemberCompletion {
  label: string;
  kind: 'field' | 'method' | 'enumMember';
  detail: string;
  decl: Decl;
  isStatic: boolean;
  /** Its type read on the receiver (a method's function type, a variant's constructor or value). */
  type: Type;
  /** The member is reached the way it is meant (static through the type, the rest through a value). */
  fits: boolean;
}

/**
 * The members to offer at a member name being typed (`a.b.|`, `f().x|`), by the receiver's inferred
 * type: `offset` is the start of the name (or of the placeholder) in `file`. Undefined when the offset
 * is not after a dot or the receiver's type is unknown.
 */
export function membersAfterDot(
  engine: TypeEngine,
  file: SourceFile,
  offset: number,
): MemberCompletion[] | undefined {
  const leaf = nameLeafAt(file, offset);
  const member = leaf?.parent;
  if (!leaf || !member || member.kind !== SyntaxKind.Member || member.children[0] === leaf) return undefined;
  const found = completionMembers(engine, file, member.children[0]);
  if (!found) return undefined;
  const seen = new Set<string>();
  const out: MemberCompletion[] = [];
  for (const m of found.members) {
    const label = m.decl.name.text;
    if (seen.has(label)) continue;
    seen.add(label);
    const type = engine.memberType(found.type, m);
    out.push({
      label,
      kind: m.kind === 'method' ? 'method' : m.kind === 'variant' ? 'enumMember' : 'field',
      detail: memberDetail(engine, found.type, m, type),
      type,
      decl: m.decl,
      isStatic: m.isStatic,
      fits: m.isStatic === (found.type.k === 'meta'),
    });
  }
  return out;
}

/** An inferred type to show after a binding's name (`: [text]`). */
export interface TypeHint {
  offset: number;
  label: string;
}

/**
 * Types of bindings that do not spell them, inside `range`: `val`/`var` without an annotation, loop
 * variables (destructured too), `if val`/`elif val`/`while val` bindings and lambda parameters without
 * one. Only fully known types; types used as values (`val T = Point`) are left out.
 */
export function typeHints(
  engine: TypeEngine,
  file: SourceFile,
  range: { start: number; end: number },
): TypeHint[] {
  const out: TypeHint[] = [];
  const text = file.parse().text;
  const add = (leaf: SyntaxNode): void => {
    if (leaf.end < range.start || leaf.end > range.end) return;
    const name = text.slice(leaf.start, leaf.end);
    if (name === '_' || name === 'self' || !/^[a-z_]/.test(name)) return;
    const t = engine.typeOf(file, leaf);
    if (isComplete(t) && t.k !== 'meta' && !(t.k === 'prim' && t.name === 'nil'))
      out.push({ offset: leaf.end, label: `: ${show(t)}` });
  };
  const names = (pat: SyntaxNode | undefined): void => {
    if (!pat) return;
    if (pat.kind === SyntaxKind.NameRef) add(pat);
    else if (pat.kind === SyntaxKind.Tuple || pat.kind === SyntaxKind.Paren) pat.children.forEach(names);
  };
  const stack: SyntaxNode[] = [file.parse().root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.end < range.start || n.start > range.end) continue;
    switch (n.kind) {
      case SyntaxKind.VarDecl: {
        if (n.children.some((c) => c.kind === SyntaxKind.TypeRef)) break;
        const own = n.children.filter((c) => c.kind === SyntaxKind.Name);
        if (own.length === 1) add(own[0]);
        else if (own.length === 0)
          names(n.children.find((c) => c.kind !== SyntaxKind.Keyword && c.kind !== SyntaxKind.Modifiers));
        break;
      }
      case SyntaxKind.For:
      case SyntaxKind.CompFor:
        for (const c of n.children.slice(1)) {
          if (c.kind === SyntaxKind.Keyword) break;
          names(c);
        }
        break;
      case SyntaxKind.Param:
        if (
          n.parent?.parent?.kind === SyntaxKind.Lambda &&
          !n.children.some((c) => c.kind === SyntaxKind.TypeRef)
        ) {
          const name = n.children.find((c) => c.kind === SyntaxKind.Name);
          if (name) add(name);
        }
        break;
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The declarations of the type of the expression or binding under the cursor, for "go to type
 * definition": a declared type itself, or the declared types inside a list, an optional, a result or a
 * dict (`[Point]?` → Point). Core types of the prelude are included (callers keep what has a file).
 */
export function typeDeclsAt(engine: TypeEngine, file: SourceFile, offset: number): Decl[] {
  const leaf = nameLeafAt(file, offset);
  if (!leaf) return [];
  const node =
    leaf.parent?.kind === SyntaxKind.Member && leaf.parent.children[0] !== leaf ? leaf.parent : leaf;
  const out: Decl[] = [];
  const visit = (t: Type): void => {
    switch (t.k) {
      case 'named':
      case 'meta':
        if (!out.some((d) => d.node === t.decl.node)) out.push(t.decl);
        t.args.forEach(visit);
        return;
      case 'list':
      case 'range':
        return visit(t.elem);
      case 'option':
        return visit(t.inner);
      case 'result':
        visit(t.ok);
        return visit(t.err);
      case 'dict':
        visit(t.key);
        return visit(t.value);
      case 'tuple':
        return t.elems.forEach(visit);
    }
  };
  const t = engine.typeOf(file, node);
  visit(t.k === 'fn' ? t.ret : t);
  return out;
}
