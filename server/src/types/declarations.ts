// Reading declarations as types: type annotations (TypeRef nodes) into Type values, the type
// parameters of a declaration, the members of a type (its body, its impl blocks in any file, the
// default methods of the traits those impls name) and the signatures of functions and variants.
// Everything here is syntax plus the world's answers; nothing is guessed.
import { childOfKind, SyntaxKind, type SyntaxNode } from '../language/syntax';
import { prim, SCALARS, substitute as substituteParams, type Type, UNKNOWN } from './type';
import type { Decl, SourceFile, TypeWorld } from './world';

const TYPE_DECLS = new Set([SyntaxKind.ClassDecl, SyntaxKind.EnumDecl, SyntaxKind.TraitDecl]);
const MAX_ALIAS_DEPTH = 8;

export function textOf(file: SourceFile, n: SyntaxNode): string {
  return file.parse().text.slice(n.start, n.end);
}

export function isTypeDecl(n: SyntaxNode): boolean {
  return TYPE_DECLS.has(n.kind);
}

/** A Decl for a declaration node with a Name child (undefined for a nameless, broken one). */
export function declOf(file: SourceFile, node: SyntaxNode): Decl | undefined {
  const nameNode = childOfKind(node, SyntaxKind.Name);
  return nameNode ? { file, node, nameNode, name: { text: textOf(file, nameNode) } } : undefined;
}

/** `class Box<T, U>` → [T, U]. */
export function typeParamsOf(file: SourceFile, node: SyntaxNode): string[] {
  const tps = childOfKind(node, SyntaxKind.TypeParams);
  if (!tps) return [];
  const out: string[] = [];
  for (const tp of tps.children) {
    const n = childOfKind(tp, SyntaxKind.Name);
    if (n) out.push(textOf(file, n));
  }
  return out;
}

/** The type an `impl` block is for (its last TypeRef) and the trait it implements, when it names one. */
export function implParts(impl: SyntaxNode): { target?: SyntaxNode; trait?: SyntaxNode } {
  const refs = impl.children.filter((c) => c.kind === SyntaxKind.TypeRef);
  const hasFor = impl.children.some((c) => c.kind === SyntaxKind.Keyword && c.end - c.start === 3);
  return hasFor && refs.length >= 2 ? { target: refs[refs.length - 1], trait: refs[0] } : { target: refs[0] };
}

/** The head name of a TypeRef (`Box` of `Box<T>`), when it is a plain name. */
export function headName(file: SourceFile, ref: SyntaxNode): string | undefined {
  const names = ref.children.filter((c) => c.kind === SyntaxKind.NameRef);
  if (names.length !== 1 || ref.children[0] !== names[0]) return undefined;
  return textOf(file, names[0]);
}

/** Type-argument names written on an impl target (`impl Box<U>:` → [U]). */
export function targetArgNames(file: SourceFile, ref: SyntaxNode): string[] {
  const args = childOfKind(ref, SyntaxKind.TypeArgs);
  return args ? args.children.map((a) => headName(file, a) ?? '') : [];
}

/**
 * The context a type annotation is read in: the generic parameters visible at it and what `Self`
 * means. Built by walking up from the annotation.
 */
export interface TypeScope {
  params: Set<string>;
  self?: Type;
}

export class Annotations {
  constructor(private readonly world: TypeWorld) {}

  /** Type parameters visible at a node: of enclosing functions, types and impls. */
  scopeAt(file: SourceFile, node: SyntaxNode): TypeScope {
    const params = new Set<string>();
    let self: Type | undefined;
    for (let p: SyntaxNode | undefined = node; p; p = p.parent) {
      if (p.kind === SyntaxKind.FnDecl || p.kind === SyntaxKind.TypeAlias || TYPE_DECLS.has(p.kind)) {
        for (const t of typeParamsOf(file, p)) params.add(t);
        if (TYPE_DECLS.has(p.kind) && !self) {
          const d = declOf(file, p);
          if (d)
            self = { k: 'named', decl: d, args: typeParamsOf(file, p).map((name) => ({ k: 'param', name })) };
        }
      } else if (p.kind === SyntaxKind.ImplDecl) {
        for (const t of typeParamsOf(file, p)) params.add(t);
        const target = implParts(p).target;
        if (target) {
          for (const t of targetArgNames(file, target)) if (t) params.add(t);
          if (!self) self = this.read(file, target, { params });
        }
      }
    }
    return self ? { params, self } : { params };
  }

  /** The Type a TypeRef spells, read in `scope`. Unknown where unsure (unions, qualified names). */
  read(file: SourceFile, ref: SyntaxNode | undefined, scope: TypeScope, depth = 0): Type {
    if (!ref || depth > 16) return UNKNOWN;
    if (ref.kind === SyntaxKind.NameRef) return this.named(file, textOf(file, ref), [], scope, depth);
    if (ref.kind !== SyntaxKind.TypeRef) return UNKNOWN;
    const text = textOf(file, ref).trim();
    if (text.endsWith('?') && !text.startsWith('fn')) {
      const inner = this.core(file, ref, text.slice(0, -1).trim(), scope, depth);
      return inner.k === 'unknown' ? UNKNOWN : { k: 'option', inner };
    }
    return this.core(file, ref, text, scope, depth);
  }

  private core(file: SourceFile, ref: SyntaxNode, text: string, scope: TypeScope, depth: number): Type {
    const kids = ref.children;
    const sub = kids.filter((c) => c.kind === SyntaxKind.TypeRef);
    if (text.startsWith('fn')) {
      const arrow = file.parse().text.indexOf('->', ref.start);
      if (arrow < 0 || arrow >= ref.end)
        return { k: 'fn', params: sub.map((s) => this.read(file, s, scope, depth + 1)), ret: UNKNOWN };
      const params = kids.filter((c) => c.kind === SyntaxKind.TypeRef && c.end <= arrow);
      const ret = kids.find(
        (c) => c.start > arrow && (c.kind === SyntaxKind.TypeRef || c.kind === SyntaxKind.NameRef),
      );
      const retText = file
        .parse()
        .text.slice(arrow + 2, ref.end)
        .trim();
      const retType =
        ret && textOf(file, ret).trim() === retText ? this.read(file, ret, scope, depth + 1) : UNKNOWN;
      return { k: 'fn', params: params.map((s) => this.read(file, s, scope, depth + 1)), ret: retType };
    }
    if (text.startsWith('[')) {
      if (sub.length !== 1) return UNKNOWN;
      const elem = this.read(file, sub[0], scope, depth + 1);
      return { k: 'list', elem };
    }
    if (text.startsWith('{')) {
      if (sub.length !== 2) return UNKNOWN;
      return {
        k: 'dict',
        key: this.read(file, sub[0], scope, depth + 1),
        value: this.read(file, sub[1], scope, depth + 1),
      };
    }
    if (text.startsWith('(')) {
      if (sub.length === 0) return prim('()');
      const names = sub.map((s) => {
        const i = kids.indexOf(s);
        const before = kids[i - 1];
        return before?.kind === SyntaxKind.Name ? textOf(file, before) : undefined;
      });
      const elems = sub.map((s) => this.read(file, s, scope, depth + 1));
      if (sub.length === 1 && names[0] === undefined) return elems[0];
      return names.some((n) => n !== undefined) ? { k: 'tuple', elems, names } : { k: 'tuple', elems };
    }
    const head = kids[0];
    if (head?.kind !== SyntaxKind.NameRef) return UNKNOWN;
    // `a.B`, `A | B`: qualified or union types stay unknown.
    if (kids.some((c, i) => i > 0 && c.kind !== SyntaxKind.TypeArgs)) return UNKNOWN;
    const argsNode = childOfKind(ref, SyntaxKind.TypeArgs);
    const args = argsNode ? argsNode.children.map((a) => this.read(file, a, scope, depth + 1)) : [];
    return this.named(file, textOf(file, head), args, scope, depth);
  }

  /** A type by name with arguments: parameters, scalars, the built-in shapes, then declarations. */
  named(file: SourceFile, name: string, args: Type[], scope: TypeScope, depth: number): Type {
    if (scope.params.has(name)) return { k: 'param', name };
    if (name === 'Self') return scope.self ?? UNKNOWN;
    const scalar = SCALARS.get(name);
    if (scalar !== undefined) return prim(scalar);
    const arg = (i: number): Type => args[i] ?? UNKNOWN;
    switch (name) {
      case 'Option':
        return args.length === 1 ? { k: 'option', inner: arg(0) } : UNKNOWN;
      case 'Result':
        return args.length === 2 ? { k: 'result', ok: arg(0), err: arg(1) } : UNKNOWN;
      case 'List':
      case 'Array':
        if (args.length === 1) return { k: 'list', elem: arg(0) };
        break;
      case 'Dict':
      case 'Map':
        if (args.length === 2) return { k: 'dict', key: arg(0), value: arg(1) };
        break;
    }
    const decls = this.world.resolveType(file, name);
    if (decls.length !== 1) return UNKNOWN; // none, or several candidates: not sure which
    const decl = decls[0];
    if (decl.node.kind === SyntaxKind.TypeAlias) {
      if (depth > MAX_ALIAS_DEPTH) return UNKNOWN;
      const params = typeParamsOf(decl.file, decl.node);
      const body = this.read(
        decl.file,
        childOfKind(decl.node, SyntaxKind.TypeRef),
        { params: new Set(params) },
        depth + 1,
      );
      const env = new Map(params.map((p, i): [string, Type] => [p, args[i] ?? UNKNOWN]));
      return substituteParams(body, env);
    }
    if (!TYPE_DECLS.has(decl.node.kind)) return UNKNOWN;
    const params = typeParamsOf(decl.file, decl.node);
    return { k: 'named', decl, args: params.map((_, i) => args[i] ?? UNKNOWN) };
  }
}

export type MemberKind = 'field' | 'method' | 'variant' | 'alias';

export interface Member {
  decl: Decl;
  kind: MemberKind;
  isStatic: boolean;
  /** Type parameters of the owner as the member's block names them (`impl Box<U>:` → [U]). */
  ownerParams: string[];
}

/** Members declared directly in a body block (a type's, an impl's, a trait's). */
export function bodyMembers(file: SourceFile, owner: SyntaxNode, ownerParams: string[]): Member[] {
  const body = childOfKind(owner, SyntaxKind.Block);
  if (!body) return [];
  const out: Member[] = [];
  for (const m of body.children) {
    let kind: MemberKind | undefined;
    switch (m.kind) {
      case SyntaxKind.Field:
      case SyntaxKind.VarDecl:
        kind = 'field';
        break;
      case SyntaxKind.FnDecl:
        kind = 'method';
        break;
      case SyntaxKind.Variant:
        kind = 'variant';
        break;
      case SyntaxKind.TypeAlias:
        kind = 'alias';
        break;
    }
    if (!kind) continue;
    const decl = declOf(file, m);
    if (!decl) continue;
    out.push({ decl, kind, isStatic: kind === 'variant' || isStaticFn(file, m), ownerParams });
  }
  return out;
}

export function isStaticFn(file: SourceFile, fn: SyntaxNode): boolean {
  if (fn.kind !== SyntaxKind.FnDecl) return false;
  const mods = childOfKind(fn, SyntaxKind.Modifiers);
  return mods !== undefined && mods.children.some((k) => textOf(file, k) === 'static');
}

/**
 * Every member of a type declaration: its body, then its impl blocks anywhere, then the default
 * methods of the traits those impls (and `with`/`implements` clauses) name. A name found earlier
 * shadows a trait default of the same name.
 */
export function membersOf(world: TypeWorld, type: Decl): Member[] {
  const own = typeParamsOf(type.file, type.node);
  const out: Member[] = bodyMembers(type.file, type.node, own);
  const traits: { file: SourceFile; ref: SyntaxNode }[] = [];
  for (const ref of type.node.children)
    if (ref.kind === SyntaxKind.TypeRef) traits.push({ file: type.file, ref });
  for (const impl of world.implsOf(type)) {
    const { target, trait } = implParts(impl.node);
    const names = target ? targetArgNames(impl.file, target) : [];
    out.push(...bodyMembers(impl.file, impl.node, names.length > 0 ? names : own));
    if (trait) traits.push({ file: impl.file, ref: trait });
  }
  const seen = new Set(out.map((m) => m.decl.name.text));
  for (const t of traits) {
    const name = headName(t.file, t.ref);
    if (!name) continue;
    const decls = world.resolveType(t.file, name).filter((d) => d.node.kind === SyntaxKind.TraitDecl);
    if (decls.length !== 1) continue;
    for (const m of bodyMembers(decls[0].file, decls[0].node, [])) {
      if (seen.has(m.decl.name.text)) continue;
      seen.add(m.decl.name.text);
      out.push(m);
    }
  }
  return out;
}

/**
 * A type's members by name, for each member list the engine keeps (TypeEngine.members): a member name
 * is looked up at every use (`p.x` on every line), and a scan of every member of the type for each was
 * linear in the type's size. Keyed by the list, so a table goes when the engine replaces its list.
 */
const BY_NAME = new WeakMap<readonly Member[], Map<string, Member[]>>();

/** The members of `members` named `name`, in their order: `members.filter(m => m.decl.name.text === name)`. */
export function membersNamed(members: readonly Member[], name: string): Member[] {
  let byName = BY_NAME.get(members);
  if (!byName) {
    byName = new Map();
    for (const m of members) {
      const same = byName.get(m.decl.name.text);
      if (same) same.push(m);
      else byName.set(m.decl.name.text, [m]);
    }
    BY_NAME.set(members, byName);
  }
  return byName.get(name)?.slice() ?? [];
}
