// The inference engine: the type of an expression or binding, and what a member name `x.name` refers
// to. Lazy (only what a question needs is computed) and memoised per file parse and world epoch, so a
// function body is typed at most once per version of the files it depends on. Unknown stays unknown.
import { armPattern, forTargets, patternPart } from '../language/model';
import { childOfKind, SyntaxKind, type SyntaxNode } from '../language/syntax';
import type { ParseResult } from '../language/types';
import {
  Annotations,
  bodyMembers,
  declOf,
  isStaticFn,
  isTypeDecl,
  type Member,
  membersNamed,
  membersOf,
  textOf,
  typeParamsOf,
} from './declarations';
import { Expectations } from './expected';
import { CORE_OF_NUMBER } from './prelude';
import { BOOL, hasParams, NUMBERS, prim, substitute, TEXT, type Type, unify, UNKNOWN } from './type';
import type { Decl, SourceFile, TypeWorld } from './world';

const MAX_DEPTH = 48;

interface FileMemo {
  epoch: string;
  types: Map<SyntaxNode, Type>;
}

/** Memo per parse (a file version); dropped when the world's epoch moves on. */
const MEMO = new WeakMap<ParseResult, FileMemo>();
const MEMBERS = new WeakMap<SyntaxNode, { epoch: string; members: Member[] }>();

/** A member name `x.name` as the engine sees it: the receiver's type and the members it names. */
export interface MemberAnswer {
  receiver: Type;
  members: Member[];
}

export class TypeEngine {
  readonly annotations: Annotations;
  private readonly expectations = new Expectations(this);
  private depth = 0;

  constructor(readonly world: TypeWorld) {
    this.annotations = new Annotations(world);
  }

  private memo(file: SourceFile): Map<SyntaxNode, Type> {
    const result = file.parse();
    let m = MEMO.get(result);
    if (!m || m.epoch !== this.world.epoch)
      MEMO.set(result, (m = { epoch: this.world.epoch, types: new Map() }));
    return m.types;
  }

  // ------------------------------------------------------------------ public questions

  /** The type of an expression node (or of a binding's name leaf). */
  typeOf(file: SourceFile, node: SyntaxNode): Type {
    const memo = this.memo(file);
    const hit = memo.get(node);
    if (hit) return hit;
    if (this.depth > MAX_DEPTH) return UNKNOWN;
    memo.set(node, UNKNOWN); // a cycle reads unknown
    this.depth++;
    let t: Type;
    try {
      t = this.compute(file, node);
    } finally {
      this.depth--;
    }
    memo.set(node, t);
    return t;
  }

  /** `a.b` (b the name leaf of a Member): the receiver's type and the members named b. */
  memberAt(file: SourceFile, name: SyntaxNode): MemberAnswer | undefined {
    const label = this.constructorField(file, name);
    if (label) return label;
    const member = name.parent;
    if (!member || member.kind !== SyntaxKind.Member || member.children[0] === name) return undefined;
    const found = this.find(this.receiverType(file, member), textOf(file, name));
    return found.receiver.k === 'unknown' ? undefined : found;
  }

  /** `Point(x: 1)`: the label of a named argument of a constructor names a field of the type built. */
  private constructorField(file: SourceFile, name: SyntaxNode): MemberAnswer | undefined {
    const arg = name.parent;
    if (!arg || arg.kind !== SyntaxKind.Arg || !(arg.flags & 32) || arg.children[0] !== name)
      return undefined;
    const call = arg.parent?.parent;
    if (!call || call.kind !== SyntaxKind.Call) return undefined;
    const callee = this.typeOf(file, call.children[0]);
    if (callee.k !== 'meta') return undefined;
    const receiver: Type = { k: 'named', decl: callee.decl, args: callee.args };
    const fields = this.lookup(receiver, textOf(file, name)).filter((m) => m.kind === 'field');
    return { receiver, members: fields };
  }

  /** Every member a value of this type offers (completion). */
  membersOfType(t: Type): Member[] {
    const owner = this.ownerOf(t);
    if (!owner) return [];
    const all = this.members(owner.decl);
    // Through the type: no fields; through a value: no variants.
    return t.k === 'meta' ? all.filter((m) => m.kind !== 'field') : all.filter((m) => m.kind !== 'variant');
  }

  /** The type a member has when read on a receiver (`Box<i64>.item` → i64; methods as fn types). */
  memberType(receiver: Type, m: Member): Type {
    const owner = this.ownerOf(receiver);
    const env = new Map<string, Type>();
    if (owner) m.ownerParams.forEach((p, i) => env.set(p, owner.args[i] ?? UNKNOWN));
    switch (m.kind) {
      case 'field': {
        const ref = childOfKind(m.decl.node, SyntaxKind.TypeRef);
        if (ref)
          return substitute(
            this.annotations.read(m.decl.file, ref, this.annotations.scopeAt(m.decl.file, ref)),
            env,
          );
        if (m.decl.node.kind === SyntaxKind.VarDecl)
          return substitute(this.initializerType(m.decl.file, m.decl.node), env);
        return UNKNOWN;
      }
      case 'method':
        return substitute(this.fnType(m.decl.file, m.decl.node), env);
      case 'variant': {
        const en = m.decl.node.parent?.parent;
        const enumDecl = en && en.kind === SyntaxKind.EnumDecl ? declOf(m.decl.file, en) : undefined;
        if (!enumDecl) return UNKNOWN;
        const self: Type = { k: 'named', decl: enumDecl, args: owner?.args ?? [] };
        const payload = childOfKind(m.decl.node, SyntaxKind.ParamList);
        if (!payload) return self;
        return substitute({ k: 'fn', params: this.paramTypes(m.decl.file, payload), ret: self }, env);
      }
      default:
        return UNKNOWN;
    }
  }

  // ------------------------------------------------------------------ members

  private members(decl: Decl): Member[] {
    const hit = MEMBERS.get(decl.node);
    if (hit && hit.epoch === this.world.epoch) return hit.members;
    const members = membersOf(this.world, decl);
    MEMBERS.set(decl.node, { epoch: this.world.epoch, members });
    return members;
  }

  /** The declaration whose members a type has, with its arguments (core types for built-in shapes). */
  ownerOf(t: Type): { decl: Decl; args: Type[] } | undefined {
    const core = (name: string, args: Type[]) => {
      const decl = this.world.core(name);
      return decl ? { decl, args } : undefined;
    };
    switch (t.k) {
      case 'named':
      case 'meta':
        return { decl: t.decl, args: t.args };
      case 'prim':
        if (t.name === 'text') return core('text', []);
        if (NUMBERS.has(t.name)) return core(CORE_OF_NUMBER[t.name] ?? t.name, []);
        if (t.name === 'bool' || t.name === 'char') return core(t.name, []);
        return undefined;
      case 'list':
        return core('List', [t.elem]);
      case 'dict':
        return core('Dict', [t.key, t.value]);
      case 'option':
        return core('Option', [t.inner]);
      case 'result':
        return core('Result', [t.ok, t.err]);
      case 'range':
        return core('Range', [t.elem]);
      default:
        return undefined;
    }
  }

  /**
   * Members named `name` of a receiver. An optional receiver whose Option declares no such member is
   * read as its value (code uses `x.name` on a `T?` after a nil check narrowed it).
   */
  private find(receiver: Type, name: string): MemberAnswer {
    const members = this.lookup(receiver, name);
    if (members.length === 0 && receiver.k === 'option')
      return { receiver: receiver.inner, members: this.lookup(receiver.inner, name) };
    return { receiver, members };
  }

  private lookup(receiver: Type, name: string): Member[] {
    const owner = this.ownerOf(receiver);
    if (!owner) return [];
    return membersNamed(this.members(owner.decl), name);
  }

  // ------------------------------------------------------------------ expressions

  private compute(file: SourceFile, n: SyntaxNode): Type {
    switch (n.kind) {
      case SyntaxKind.Literal:
        return literalType(textOf(file, n));
      case SyntaxKind.StringLit:
        // `"x"_path`, `"1.2.3.4"_ip`: a suffixed literal is of the suffix's type, not text.
        return /["']$/.test(textOf(file, n)) ? TEXT : UNKNOWN;
      case SyntaxKind.NameRef:
      case SyntaxKind.Name:
        return this.nameType(file, n);
      case SyntaxKind.Paren:
        return n.children.length === 1 ? this.typeOf(file, n.children[0]) : UNKNOWN;
      case SyntaxKind.Member:
        return this.memberExprType(file, n);
      case SyntaxKind.Call:
        return this.callType(file, n);
      case SyntaxKind.Index:
        return this.indexType(file, n);
      case SyntaxKind.Postfix: {
        const inner = this.typeOf(file, n.children[0]);
        if (textOf(file, n).endsWith('.?')) return BOOL;
        if (inner.k === 'option') return inner.inner;
        if (inner.k === 'result') return inner.ok;
        return UNKNOWN;
      }
      case SyntaxKind.Cast: {
        const ref = childOfKind(n, SyntaxKind.TypeRef);
        return ref ? this.annotations.read(file, ref, this.annotations.scopeAt(file, ref)) : UNKNOWN;
      }
      case SyntaxKind.Binary:
        return this.binaryType(file, n);
      case SyntaxKind.Unary: {
        const op = textOf(file, n.children[0]);
        if (op === 'not' || op === '!') return BOOL;
        const t = this.typeOf(file, n.children[n.children.length - 1]);
        return op === '-' && t.k === 'prim' && NUMBERS.has(t.name) ? t : op === '-' ? UNKNOWN : UNKNOWN;
      }
      case SyntaxKind.Tuple:
        return { k: 'tuple', elems: n.children.map((c) => this.typeOf(file, c)) };
      case SyntaxKind.List: {
        // `[]` and `[...xs]` are lists too, of elements not known here (their members are a list's).
        const first = n.children[0];
        if (!first || first.kind === SyntaxKind.Spread) return { k: 'list', elem: UNKNOWN };
        return { k: 'list', elem: this.typeOf(file, first) };
      }
      case SyntaxKind.Dict: {
        const e = n.children[0];
        if (!e || e.kind !== SyntaxKind.DictEntry || e.children.length !== 2) return UNKNOWN;
        return { k: 'dict', key: this.typeOf(file, e.children[0]), value: this.typeOf(file, e.children[1]) };
      }
      case SyntaxKind.Range: {
        const bound = n.children.find((c) => c.kind !== SyntaxKind.Keyword);
        return { k: 'range', elem: bound ? this.typeOf(file, bound) : UNKNOWN };
      }
      case SyntaxKind.Comprehension: {
        const head = n.children[0];
        if (!head || head.kind === SyntaxKind.CompFor) return UNKNOWN;
        if (head.kind === SyntaxKind.DictEntry) return UNKNOWN;
        return { k: 'list', elem: this.typeOf(file, head) };
      }
      case SyntaxKind.IfExpr:
      case SyntaxKind.MatchExpr:
        return this.branchesType(file, n);
      case SyntaxKind.Lambda:
        return this.lambdaType(file, n);
      case SyntaxKind.Generic: {
        const base = this.typeOf(file, n.children[0]);
        const args = childOfKind(n, SyntaxKind.TypeArgs);
        if (base.k !== 'meta' || !args) return UNKNOWN;
        const scope = this.annotations.scopeAt(file, n);
        return {
          k: 'meta',
          decl: base.decl,
          args: args.children.map((a) => this.annotations.read(file, a, scope)),
        };
      }
      default:
        return UNKNOWN;
    }
  }

  private binaryType(file: SourceFile, n: SyntaxNode): Type {
    const op = n.children.find((c) => c.kind === SyntaxKind.Keyword);
    const o = op ? textOf(file, op) : '';
    const [l, r] = [n.children[0], n.children[n.children.length - 1]];
    switch (o) {
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'and':
      case 'or':
      case 'not':
      case 'in':
      case 'is':
      case '&&':
      case '||':
        return BOOL;
      case '??': {
        const left = this.typeOf(file, l);
        if (left.k === 'option') return left.inner;
        return this.typeOf(file, r);
      }
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '**': {
        const a = this.typeOf(file, l);
        const b = this.typeOf(file, r);
        if (o === '+' && a.k === 'prim' && a.name === 'text') return TEXT;
        if (a.k === 'prim' && b.k === 'prim' && NUMBERS.has(a.name) && a.name === b.name) return a;
        if (o === '+' && a.k === 'list' && b.k === 'list') return a;
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /** `if`/`match` as an expression: the type its branches agree on. */
  private branchesType(file: SourceFile, n: SyntaxNode): Type {
    const values: SyntaxNode[] = [];
    const take = (x: SyntaxNode | undefined): void => {
      if (!x) return;
      if (x.kind === SyntaxKind.Block) {
        const last = x.children[x.children.length - 1];
        if (last?.kind === SyntaxKind.ExprStmt) values.push(last.children[0]);
        else values.push(x); // unknown
      } else values.push(x);
    };
    if (n.kind === SyntaxKind.IfExpr) {
      const parts = n.children.filter((c) => c.kind !== SyntaxKind.Keyword);
      take(parts[1]);
      for (const e of n.children.filter((c) => c.kind === SyntaxKind.ElseClause)) {
        const ps = e.children.filter((c) => c.kind !== SyntaxKind.Keyword);
        take(ps[ps.length - 1]);
      }
    } else {
      const body = childOfKind(n, SyntaxKind.Block);
      for (const arm of body?.children ?? []) {
        if (arm.kind !== SyntaxKind.MatchArm) continue;
        const value = arm.children[arm.children.length - 1];
        take(value === armPattern(arm) ? undefined : value);
      }
    }
    let agreed: Type | undefined;
    for (const v of values) {
      const t = v.kind === SyntaxKind.Block ? UNKNOWN : this.typeOf(file, v);
      if (t.k === 'prim' && t.name === 'nil') continue;
      if (t.k === 'unknown') return UNKNOWN;
      if (!agreed) agreed = t;
      else if (!sameType(agreed, t)) return UNKNOWN;
    }
    return agreed ?? UNKNOWN;
  }

  private indexType(file: SourceFile, n: SyntaxNode): Type {
    const base = this.typeOf(file, n.children[0]);
    const idx = n.children[1];
    const slicing = idx && (idx.kind === SyntaxKind.Slice || idx.kind === SyntaxKind.Range);
    switch (base.k) {
      case 'list':
        return slicing ? base : base.elem;
      case 'dict':
        return slicing ? UNKNOWN : base.value;
      case 'prim':
        return base.name === 'text' ? TEXT : UNKNOWN;
      case 'tuple': {
        const i = idx && idx.kind === SyntaxKind.Literal ? Number(textOf(file, idx)) : NaN;
        return Number.isInteger(i) ? (base.elems[i] ?? UNKNOWN) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** The receiver of a Member, seen through `?.` (an optional receiver's value). */
  private receiverType(file: SourceFile, member: SyntaxNode): Type {
    const recv = member.children[0];
    let t = this.typeOf(file, recv);
    const between = file.parse().text.slice(recv.end, member.children[1]?.start ?? recv.end);
    if (between.includes('?') && t.k === 'option') t = t.inner;
    return t;
  }

  private memberExprType(file: SourceFile, n: SyntaxNode): Type {
    const name = n.children[n.children.length - 1];
    if (!name || n.children.length < 2) return UNKNOWN;
    const text = textOf(file, name);
    const found = this.find(this.receiverType(file, n), text);
    const recv = found.receiver;
    const safe = file.parse().text.slice(n.children[0].end, name.start).includes('?');
    const wrap = (t: Type): Type =>
      safe && t.k !== 'unknown' && t.k !== 'option' ? { k: 'option', inner: t } : t;
    if (/^\d+$/.test(text)) return recv.k === 'tuple' ? wrap(recv.elems[Number(text)] ?? UNKNOWN) : UNKNOWN;
    if (recv.k === 'tuple' && recv.names) {
      const i = recv.names.indexOf(text);
      return i >= 0 ? wrap(recv.elems[i]) : UNKNOWN;
    }
    const members = found.members;
    if (members.length === 0) {
      // `Type.new(...)` without a declared `new`: the old constructor spelling.
      if (recv.k === 'meta' && text === 'new')
        return { k: 'fn', params: [], ret: { k: 'named', decl: recv.decl, args: recv.args } };
      return UNKNOWN;
    }
    const t = this.memberType(recv, members[0]);
    const isCallee = n.parent?.kind === SyntaxKind.Call && n.parent.children[0] === n;
    // `s.trim.upper`, `list.first`: a method named without a call is a zero-argument call.
    if (!isCallee && members[0].kind === 'method' && t.k === 'fn' && recv.k !== 'meta')
      return wrap(this.closeOver(t.ret, members[0]));
    if (!isCallee && members[0].kind === 'variant' && t.k === 'fn') return t.ret;
    return wrap(t);
  }

  /** Parameters a method declares itself (`fn map<U>`) stay unknown when a use does not bind them. */
  private closeOver(t: Type, m: Member | undefined): Type {
    if (!m || !hasParams(t)) return t;
    const own = typeParamsOf(m.decl.file, m.decl.node);
    return own.length === 0 ? t : substitute(t, new Map(own.map((p): [string, Type] => [p, UNKNOWN])));
  }

  private callType(file: SourceFile, call: SyntaxNode): Type {
    const callee = call.children[0];
    const argList = childOfKind(call, SyntaxKind.ArgList);
    const args = argList ? argList.children.filter((a) => a.kind === SyntaxKind.Arg) : [];
    const positional = args
      .filter((a) => !(a.flags & 32 /* Named */))
      .map((a) => a.children[a.children.length - 1]);
    if (callee.kind === SyntaxKind.NameRef) {
      const name = textOf(file, callee);
      const builtin = builtinConstructor(name);
      if (builtin && this.world.resolveName(file, callee).length === 0) {
        const arg = positional[0] ? this.typeOf(file, positional[0]) : UNKNOWN;
        return builtin(arg);
      }
    }
    const ct = this.typeOf(file, callee);
    if (ct.k === 'meta') return this.construct(file, ct, args);
    if (ct.k !== 'fn') return UNKNOWN;
    const env = new Map<string, Type>();
    ct.params.forEach((p, i) => {
      const a = positional[i];
      // A lambda's own type needs its expected parameters (from the other arguments), never the reverse.
      if (a) unify(p, this.typeOf(file, a), env);
    });
    const member = callee.kind === SyntaxKind.Member ? this.calleeMember(file, callee) : undefined;
    const fnDecl = callee.kind === SyntaxKind.NameRef ? this.singleDecl(file, callee) : undefined;
    let ret = substitute(ct.ret, env);
    if (member) ret = this.closeOver(ret, member);
    else if (fnDecl && hasParams(ret)) {
      const own = typeParamsOf(fnDecl.file, fnDecl.node);
      if (own.length > 0) ret = substitute(ret, new Map(own.map((p): [string, Type] => [p, UNKNOWN])));
    }
    return ret;
  }

  private calleeMember(file: SourceFile, callee: SyntaxNode): Member | undefined {
    const name = callee.children[callee.children.length - 1];
    return name ? this.find(this.receiverType(file, callee), textOf(file, name)).members[0] : undefined;
  }

  /** `Point(x: 1, y: 2)`, `Box(item: 3)`: an instance; type arguments from the fields given. */
  private construct(file: SourceFile, meta: Extract<Type, { k: 'meta' }>, args: SyntaxNode[]): Type {
    const params = typeParamsOf(meta.decl.file, meta.decl.node);
    if (params.length === 0 || meta.args.some((a) => a.k !== 'unknown'))
      return { k: 'named', decl: meta.decl, args: meta.args };
    const fields = bodyMembers(meta.decl.file, meta.decl.node, params).filter((m) => m.kind === 'field');
    const env = new Map<string, Type>();
    args.forEach((a, i) => {
      const label = a.flags & 32 ? childOfKind(a, SyntaxKind.Name) : undefined;
      const field = label ? fields.find((f) => f.decl.name.text === textOf(file, label)) : fields[i];
      const ref = field && childOfKind(field.decl.node, SyntaxKind.TypeRef);
      if (!ref) return;
      const declared = this.annotations.read(field.decl.file, ref, { params: new Set(params) });
      unify(declared, this.typeOf(file, a.children[a.children.length - 1]), env);
    });
    return { k: 'named', decl: meta.decl, args: params.map((p) => env.get(p) ?? UNKNOWN) };
  }

  private lambdaType(file: SourceFile, n: SyntaxNode): Type {
    const params = childOfKind(n, SyntaxKind.ParamList);
    const ps = params ? params.children.map((p) => this.paramBinding(file, p)) : [];
    const body = n.children[n.children.length - 1];
    const ret = body && body.kind !== SyntaxKind.Block && body !== params ? this.typeOf(file, body) : UNKNOWN;
    return { k: 'fn', params: ps, ret };
  }

  // ------------------------------------------------------------------ names and bindings

  private singleDecl(file: SourceFile, node: SyntaxNode): Decl | undefined {
    const decls = this.world.resolveName(file, node);
    return decls.length === 1 ? decls[0] : undefined;
  }

  private nameType(file: SourceFile, n: SyntaxNode): Type {
    const text = textOf(file, n);
    if (text === 'self') return this.annotations.scopeAt(file, n).self ?? UNKNOWN;
    if (text === 'true' || text === 'false') return BOOL;
    // A declaring name: its binding's type.
    if (isBindingLeaf(n)) return this.bindingType(file, n);
    const decl = this.singleDecl(file, n);
    // A name in a pattern that the scopes do not list as a declaration (`Some(z)`) binds itself.
    if (!decl) return /^[a-z_]/.test(text) ? this.patternBinding(file, n) : UNKNOWN;
    if (decl.nameNode === n) return this.bindingType(file, n); // a pattern name binds itself
    return this.declType(decl);
  }

  /** The type of what a declaration declares, read in its own file. */
  declType(decl: Decl): Type {
    const node = decl.node;
    if (isTypeDecl(node)) return { k: 'meta', decl, args: typeParamsOf(decl.file, node).map(() => UNKNOWN) };
    return this.typeOf(decl.file, decl.nameNode);
  }

  /** The type of a binding, given its name leaf. */
  private bindingType(file: SourceFile, name: SyntaxNode): Type {
    const p = name.parent!;
    switch (p.kind) {
      case SyntaxKind.FnDecl:
        return p.children.includes(name) ? this.fnType(file, p) : UNKNOWN;
      case SyntaxKind.ClassDecl:
      case SyntaxKind.EnumDecl:
      case SyntaxKind.TraitDecl: {
        const d = declOf(file, p);
        return d ? { k: 'meta', decl: d, args: typeParamsOf(file, p).map(() => UNKNOWN) } : UNKNOWN;
      }
      case SyntaxKind.Param:
        return this.paramBinding(file, p);
      case SyntaxKind.Field: {
        const ref = childOfKind(p, SyntaxKind.TypeRef);
        return ref ? this.annotations.read(file, ref, this.annotations.scopeAt(file, ref)) : UNKNOWN;
      }
      case SyntaxKind.TypeTest: {
        const ref = p.children.find((c) => c.kind === SyntaxKind.TypeRef || c.kind === SyntaxKind.NameRef);
        return ref ? this.annotations.read(file, ref, this.annotations.scopeAt(file, ref)) : UNKNOWN;
      }
      case SyntaxKind.Variant: {
        const en = p.parent?.parent;
        const d = en && en.kind === SyntaxKind.EnumDecl ? declOf(file, en) : undefined;
        return d ? { k: 'named', decl: d, args: typeParamsOf(file, en!).map(() => UNKNOWN) } : UNKNOWN;
      }
      case SyntaxKind.VarDecl:
        if (p.children.includes(name) && name.kind === SyntaxKind.Name) return this.varType(file, p);
    }
    return this.patternBinding(file, name);
  }

  private varType(file: SourceFile, decl: SyntaxNode): Type {
    const ref = childOfKind(decl, SyntaxKind.TypeRef);
    if (ref) return this.annotations.read(file, ref, this.annotations.scopeAt(file, ref));
    return this.initializerType(file, decl);
  }

  private initializerType(file: SourceFile, decl: SyntaxNode): Type {
    const init = initializer(decl);
    return init ? this.typeOf(file, init) : UNKNOWN;
  }

  private paramBinding(file: SourceFile, param: SyntaxNode): Type {
    const ref = childOfKind(param, SyntaxKind.TypeRef);
    if (ref) {
      const t = this.annotations.read(file, ref, this.annotations.scopeAt(file, ref));
      return param.flags & 64 /* Variadic */ ? { k: 'list', elem: t } : t;
    }
    const list = param.parent;
    const lambda = list?.parent;
    if (!list || !lambda || lambda.kind !== SyntaxKind.Lambda) return UNKNOWN;
    return this.expectedParam(file, lambda, list.children.indexOf(param));
  }

  /** A lambda parameter's type from the function type the lambda is passed as. */
  private expectedParam(file: SourceFile, lambda: SyntaxNode, index: number): Type {
    const expected = this.expectedType(file, lambda);
    return expected.k === 'fn' ? (expected.params[index] ?? UNKNOWN) : UNKNOWN;
  }

  /** The type the position of `expr` expects (expected.ts: arguments, results, assignments, ...). */
  expectedType(file: SourceFile, expr: SyntaxNode): Type {
    return this.expectations.of(file, expr);
  }

  /** A name bound inside a pattern: destructure the pattern's value along the path to the name. */
  private patternBinding(file: SourceFile, name: SyntaxNode): Type {
    for (let child = name, p = name.parent; p; child = p, p = p.parent) {
      switch (p.kind) {
        case SyntaxKind.VarDecl: {
          if (patternPart(p) !== child) return UNKNOWN;
          const value = this.varType(file, p);
          const conditional =
            p.parent?.kind === SyntaxKind.If ||
            p.parent?.kind === SyntaxKind.While ||
            p.parent?.kind === SyntaxKind.ElseClause;
          // `if val x = opt:` / `while val x = next():` unwrap the optional; a pattern matches it.
          if (conditional && child === name)
            return value.k === 'option' ? value.inner : value.k === 'unknown' ? UNKNOWN : value;
          return this.destructure(file, child, value, name);
        }
        case SyntaxKind.For:
        case SyntaxKind.CompFor: {
          const targets = forTargets(p);
          const i = targets.indexOf(child);
          if (i < 0) return UNKNOWN;
          const iter = p.children.slice(
            p.children.findIndex((c) => c.kind === SyntaxKind.Keyword && textOf(file, c) === 'in') + 1,
          )[0];
          const elem = iter ? elementType(this.typeOf(file, iter)) : UNKNOWN;
          if (targets.length === 1) return this.destructure(file, child, elem, name);
          if (elem.k === 'tuple') return this.destructure(file, child, elem.elems[i] ?? UNKNOWN, name);
          const it = iter ? this.typeOf(file, iter) : UNKNOWN;
          if (it.k === 'dict' && targets.length === 2)
            return this.destructure(file, child, i === 0 ? it.key : it.value, name);
          return UNKNOWN;
        }
        case SyntaxKind.MatchArm: {
          if (armPattern(p) !== child) return UNKNOWN;
          const match = p.parent?.parent;
          const subject = match?.children.find((c) => c.kind !== SyntaxKind.Keyword);
          if (!subject || subject.kind === SyntaxKind.Block) return UNKNOWN;
          return this.destructure(file, child, this.typeOf(file, subject), name);
        }
        case SyntaxKind.Lambda: {
          // `x => e`, `(a, b) => e`
          if (p.children[0] !== child) return UNKNOWN;
          const expected = this.expectedType(file, p);
          if (expected.k !== 'fn') return UNKNOWN;
          if (child === name) return expected.params[0] ?? UNKNOWN;
          const items = child.children;
          const j = items.indexOf(name);
          return j >= 0 ? (expected.params[j] ?? UNKNOWN) : UNKNOWN;
        }
        case SyntaxKind.Block:
        case SyntaxKind.Module:
          return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /** The part of `value` a pattern gives the name `target` inside it. */
  private destructure(file: SourceFile, pat: SyntaxNode, value: Type, target: SyntaxNode): Type {
    if (pat === target) return value;
    if (value.k === 'unknown') return UNKNOWN;
    const inside = (n: SyntaxNode) => n.start <= target.start && target.end <= n.end;
    switch (pat.kind) {
      case SyntaxKind.Paren:
        return pat.children.length === 1 ? this.destructure(file, pat.children[0], value, target) : UNKNOWN;
      case SyntaxKind.Tuple: {
        const i = pat.children.findIndex(inside);
        return value.k === 'tuple' && i >= 0
          ? this.destructure(file, pat.children[i], value.elems[i] ?? UNKNOWN, target)
          : UNKNOWN;
      }
      case SyntaxKind.List: {
        const c = pat.children.find(inside);
        return value.k === 'list' && c && c.kind !== SyntaxKind.Spread
          ? this.destructure(file, c, value.elem, target)
          : UNKNOWN;
      }
      case SyntaxKind.Binary: // or-pattern: the left side binds
        return this.destructure(file, pat.children[0], value, target);
      case SyntaxKind.Call:
        return this.destructureCall(file, pat, value, target);
      default:
        return UNKNOWN;
    }
  }

  /** `Some(x)`, `Ok(v)`, `Err(e)`, `Shape.Round(r)`, `Round(r: r)` against the scrutinee's type. */
  private destructureCall(file: SourceFile, pat: SyntaxNode, value: Type, target: SyntaxNode): Type {
    const callee = pat.children[0];
    const args =
      childOfKind(pat, SyntaxKind.ArgList)?.children.filter((a) => a.kind === SyntaxKind.Arg) ?? [];
    const i = args.findIndex((a) => a.start <= target.start && target.end <= a.end);
    if (i < 0) return UNKNOWN;
    const arg = args[i];
    const sub = arg.children[arg.children.length - 1];
    const name =
      callee.kind === SyntaxKind.NameRef
        ? textOf(file, callee)
        : callee.kind === SyntaxKind.Member
          ? textOf(file, callee.children[callee.children.length - 1])
          : '';
    if (name === 'Some' && value.k === 'option') return this.destructure(file, sub, value.inner, target);
    if (name === 'Ok' && value.k === 'result') return this.destructure(file, sub, value.ok, target);
    if (name === 'Err' && value.k === 'result') return this.destructure(file, sub, value.err, target);
    if (value.k !== 'named' || value.decl.node.kind !== SyntaxKind.EnumDecl) return UNKNOWN;
    const variant = this.lookup(value, name).find((m) => m.kind === 'variant');
    if (!variant) return UNKNOWN;
    const payload = childOfKind(variant.decl.node, SyntaxKind.ParamList);
    if (!payload) return UNKNOWN;
    const env = new Map(variant.ownerParams.map((p, j): [string, Type] => [p, value.args[j] ?? UNKNOWN]));
    let param: SyntaxNode | undefined = payload.children[i];
    const label = arg.flags & 32 ? childOfKind(arg, SyntaxKind.Name) : undefined;
    if (label)
      param = payload.children.find((p) => {
        const n = childOfKind(p, SyntaxKind.Name);
        return n !== undefined && textOf(variant.decl.file, n) === textOf(file, label);
      });
    const ref = param && childOfKind(param, SyntaxKind.TypeRef);
    if (!ref) return UNKNOWN;
    const t = substitute(
      this.annotations.read(variant.decl.file, ref, this.annotations.scopeAt(variant.decl.file, ref)),
      env,
    );
    return this.destructure(file, sub, t, target);
  }

  // ------------------------------------------------------------------ signatures

  /** `fn f<T>(a: T, b: i64) -> [T]` as a function type (parameters stay params until a call binds them). */
  fnType(file: SourceFile, fn: SyntaxNode): Type {
    const params = childOfKind(fn, SyntaxKind.ParamList);
    const ret = childOfKind(fn, SyntaxKind.ReturnType);
    const retRef = ret && childOfKind(ret, SyntaxKind.TypeRef);
    let retType: Type;
    if (retRef) retType = this.annotations.read(file, retRef, this.annotations.scopeAt(file, retRef));
    else {
      const body = childOfKind(fn, SyntaxKind.Block);
      // A one-line body `fn f(): expr` answers for itself; a body without any return type is unit only
      // when it is a `me` method or a statement body we cannot read: unknown.
      const only = body && body.flags & 16 /* Inline */ ? body.children[0] : undefined;
      retType = only && only.kind === SyntaxKind.ExprStmt ? this.typeOf(file, only.children[0]) : UNKNOWN;
    }
    return { k: 'fn', params: params ? this.paramTypes(file, params) : [], ret: retType };
  }

  private paramTypes(file: SourceFile, list: SyntaxNode): Type[] {
    return list.children
      .filter((p) => p.kind === SyntaxKind.Param)
      .map((p) => {
        const ref = childOfKind(p, SyntaxKind.TypeRef);
        return ref ? this.annotations.read(file, ref, this.annotations.scopeAt(file, ref)) : UNKNOWN;
      });
  }

  /** Is a function declared `static` (its members are reached through the type, not a value)? */
  isStatic(m: Member): boolean {
    return m.kind === 'variant' || isStaticFn(m.decl.file, m.decl.node);
  }
}

// ------------------------------------------------------------------ helpers

function literalType(text: string): Type {
  if (text === 'true' || text === 'false') return BOOL;
  if (text === 'nil') return prim('nil');
  const suffix = /^[0-9][0-9_.xXbBoOa-fA-FeE+-]*?(i8|i16|i32|i64|u8|u16|u32|u64|f32|f64)$/.exec(text);
  if (suffix && !/^0[xX]/.test(text)) return prim(suffix[1]);
  if (/^0[xXbBoO][0-9a-fA-F_]+$/.test(text) || /^[0-9][0-9_]*$/.test(text)) return prim('i64');
  if (/^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?$/.test(text)) return prim('f64');
  return UNKNOWN; // unit suffixes (`100_km`) and the rest
}

function builtinConstructor(name: string): ((arg: Type) => Type) | undefined {
  switch (name) {
    case 'Some':
      return (t) => (t.k === 'unknown' ? UNKNOWN : { k: 'option', inner: t });
    case 'Ok':
      return (t) => ({ k: 'result', ok: t, err: UNKNOWN });
    case 'Err':
      return (t) => ({ k: 'result', ok: UNKNOWN, err: t });
  }
  return undefined;
}

/** What a `for` over a value of this type yields. */
export function elementType(t: Type): Type {
  switch (t.k) {
    case 'list':
    case 'range':
      return t.elem;
    case 'dict':
      return { k: 'tuple', elems: [t.key, t.value] };
    default:
      return UNKNOWN;
  }
}

function initializer(decl: SyntaxNode): SyntaxNode | undefined {
  const pat = patternPart(decl);
  for (const c of decl.children) {
    if (c === pat || c.kind === SyntaxKind.Keyword || c.kind === SyntaxKind.Modifiers) continue;
    if (c.kind === SyntaxKind.Name || c.kind === SyntaxKind.TypeRef || c.kind === SyntaxKind.ElseClause)
      continue;
    if (c.kind === SyntaxKind.Decorator) continue;
    return c;
  }
  return undefined;
}

/** Is this leaf the name a declaration or pattern introduces (not a use)? */
function isBindingLeaf(n: SyntaxNode): boolean {
  const p = n.parent;
  if (!p) return false;
  if (n.kind === SyntaxKind.Name)
    return (
      p.kind === SyntaxKind.Param ||
      p.kind === SyntaxKind.VarDecl ||
      p.kind === SyntaxKind.FnDecl ||
      p.kind === SyntaxKind.Field ||
      p.kind === SyntaxKind.TypeTest ||
      p.kind === SyntaxKind.Variant ||
      isTypeDecl(p)
    );
  return false;
}

export function sameType(a: Type, b: Type): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'prim':
      return a.name === (b as typeof a).name;
    case 'named':
    case 'meta':
      return (
        a.decl.node === (b as typeof a).decl.node &&
        a.args.every((x, i) => sameType(x, (b as typeof a).args[i]))
      );
    case 'list':
      return sameType(a.elem, (b as typeof a).elem);
    case 'option':
      return sameType(a.inner, (b as typeof a).inner);
    default:
      return false;
  }
}
