// The type a position expects, and whether a value's type fits it. One place for the rule: completion
// ranks by it, lambda parameters are typed by it. Positions: arguments (positional and named, of
// functions, methods, static methods and constructors, with the callee's type parameters bound by the
// other arguments), `return` and tail expressions of a function or lambda with a known result (through
// `if`/`match` arms and blocks), annotated `val`s, assignments (the target's type), typed parameter and
// field defaults, conditions (bool), operands of comparisons and `??` with a typed side, `case` patterns
// (the scrutinee's type), list elements. Anything else expects unknown: nothing is guessed.
import { armPattern } from '../language/model';
import { childOfKind, SyntaxKind, type SyntaxNode } from '../language/syntax';
import { bodyMembers, textOf, typeParamsOf } from './declarations';
import type { TypeEngine } from './infer';
import { BOOL, hasParams, NUMBERS, substitute, type Type, unify, UNKNOWN } from './type';
import type { Decl, SourceFile } from './world';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const LOGICAL = new Set(['and', 'or', '&&', '||']);

export class Expectations {
  constructor(private readonly engine: TypeEngine) {}

  /** The type the position of `expr` expects (unknown when the position does not tell). */
  of(file: SourceFile, expr: SyntaxNode): Type {
    const p = expr.parent;
    if (!p) return UNKNOWN;
    switch (p.kind) {
      case SyntaxKind.Paren:
        return p.children.length === 1 ? this.of(file, p) : UNKNOWN;
      case SyntaxKind.VarDecl:
      case SyntaxKind.Param:
      case SyntaxKind.Field: {
        // `val x: T = |`, `fn f(x: T = |)`, `x: T = |` in a type body.
        const ref = childOfKind(p, SyntaxKind.TypeRef);
        if (!ref || expr.start < ref.end || expr.kind === SyntaxKind.TypeRef) return UNKNOWN;
        return this.annotation(file, ref);
      }
      case SyntaxKind.Arg:
        return this.argument(file, p, expr);
      case SyntaxKind.Return: {
        for (let n = p.parent; n; n = n.parent) {
          if (n.kind === SyntaxKind.FnDecl) return this.declaredResult(file, n);
          if (n.kind === SyntaxKind.Lambda) return this.lambdaResult(file, n);
        }
        return UNKNOWN;
      }
      case SyntaxKind.Assign: {
        const target = p.children[0];
        if (expr === target || p.children[p.children.length - 1] !== expr) return UNKNOWN;
        const t = this.engine.typeOf(file, target);
        const op = p.children.find((c) => c.kind === SyntaxKind.Keyword);
        const compound = op !== undefined && textOf(file, op) !== '=';
        // `n += |` keeps numbers and text; other compound operators say nothing sure.
        return !compound || (t.k === 'prim' && (NUMBERS.has(t.name) || t.name === 'text')) ? t : UNKNOWN;
      }
      case SyntaxKind.If:
      case SyntaxKind.While:
        // The condition (`if val` binds instead: its VarDecl is not an expression).
        return expr === operands(p)[0] && expr.kind !== SyntaxKind.Block ? BOOL : UNKNOWN;
      case SyntaxKind.ElseClause: {
        const parts = operands(p);
        const isElif = p.children[0] !== undefined && textOf(file, p.children[0]) !== 'else';
        if (isElif && expr === parts[0] && parts.length > 1) return BOOL;
        return p.parent?.kind === SyntaxKind.IfExpr && expr === parts[parts.length - 1]
          ? this.of(file, p.parent)
          : UNKNOWN;
      }
      case SyntaxKind.IfExpr: {
        const parts = operands(p);
        if (expr === parts[0]) return BOOL;
        return expr === parts[1] ? this.of(file, p) : UNKNOWN;
      }
      case SyntaxKind.Unary:
        return textOf(file, p.children[0]) === 'not' || textOf(file, p.children[0]) === '!' ? BOOL : UNKNOWN;
      case SyntaxKind.Binary:
        return this.operand(file, p, expr);
      case SyntaxKind.MatchArm: {
        const match = p.parent?.parent;
        if (armPattern(p) === expr) {
          const subject = match && operands(match)[0];
          return subject && subject.kind !== SyntaxKind.Block ? this.engine.typeOf(file, subject) : UNKNOWN;
        }
        // `case P: value` of a match expression.
        return match?.kind === SyntaxKind.MatchExpr ? this.of(file, match) : UNKNOWN;
      }
      case SyntaxKind.ExprStmt: {
        const block = p.parent;
        return block?.kind === SyntaxKind.Block && block.children[block.children.length - 1] === p
          ? this.blockValue(file, block)
          : UNKNOWN;
      }
      case SyntaxKind.Lambda:
        return p.children[p.children.length - 1] === expr ? this.lambdaResult(file, p) : UNKNOWN;
      case SyntaxKind.List: {
        const t = this.of(file, p);
        return t.k === 'list' ? t.elem : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** The value a block's last expression gives: a function's result, a lambda's, or an arm's. */
  private blockValue(file: SourceFile, block: SyntaxNode): Type {
    const owner = block.parent;
    if (!owner) return UNKNOWN;
    switch (owner.kind) {
      case SyntaxKind.FnDecl:
        return this.declaredResult(file, owner);
      case SyntaxKind.Lambda:
        return this.lambdaResult(file, owner);
      case SyntaxKind.DoExpr:
        return this.of(file, owner);
      case SyntaxKind.IfExpr:
        return this.of(file, owner);
      case SyntaxKind.ElseClause:
        return owner.parent ? this.armValue(file, owner.parent) : UNKNOWN;
      case SyntaxKind.If:
        return this.armValue(file, owner);
      case SyntaxKind.MatchArm: {
        const match = owner.parent?.parent;
        return match ? this.armValue(file, match) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** What the arms of an `if`/`match` give: the statement's own value where it ends its block. */
  private armValue(file: SourceFile, stmt: SyntaxNode): Type {
    if (stmt.kind === SyntaxKind.IfExpr || stmt.kind === SyntaxKind.MatchExpr) return this.of(file, stmt);
    const block = stmt.parent;
    if (block?.kind !== SyntaxKind.Block || block.children[block.children.length - 1] !== stmt)
      return UNKNOWN;
    return this.blockValue(file, block);
  }

  private declaredResult(file: SourceFile, fn: SyntaxNode): Type {
    const ret = childOfKind(fn, SyntaxKind.ReturnType);
    const ref = ret && childOfKind(ret, SyntaxKind.TypeRef);
    return ref ? this.annotation(file, ref) : UNKNOWN;
  }

  private lambdaResult(file: SourceFile, lambda: SyntaxNode): Type {
    const t = this.of(file, lambda);
    return t.k === 'fn' ? t.ret : UNKNOWN;
  }

  /** `a == |`, `| < n`: the other side's type; `a and |`: bool; `opt ?? |`: the optional's value. */
  private operand(file: SourceFile, bin: SyntaxNode, expr: SyntaxNode): Type {
    const op = bin.children.find((c) => c.kind === SyntaxKind.Keyword);
    const o = op ? textOf(file, op) : '';
    const [l, r] = [bin.children[0], bin.children[bin.children.length - 1]];
    if (LOGICAL.has(o)) return BOOL;
    if (COMPARISONS.has(o)) {
      const other = expr === l ? r : l;
      return other === expr ? UNKNOWN : this.engine.typeOf(file, other);
    }
    if (o === '??' && expr === r) {
      const left = this.engine.typeOf(file, l);
      return left.k === 'option' ? left.inner : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** An argument: of a constructor (its field), or of a function or method (its parameter). */
  private argument(file: SourceFile, arg: SyntaxNode, expr: SyntaxNode): Type {
    const label = arg.flags & 32 ? childOfKind(arg, SyntaxKind.Name) : undefined;
    if (label === expr) return UNKNOWN;
    const list = arg.parent;
    const call = list?.parent;
    if (!list || !call || call.kind !== SyntaxKind.Call) return UNKNOWN;
    const args = list.children.filter((a) => a.kind === SyntaxKind.Arg);
    const positional = args.filter((a) => !(a.flags & 32));
    const value = (a: SyntaxNode) => a.children[a.children.length - 1];
    const callee = call.children[0];
    if (callee.kind === SyntaxKind.NameRef && textOf(file, callee) === 'Some' && !label)
      if (this.engine.world.resolveName(file, callee).length === 0) {
        const t = this.of(file, call);
        return t.k === 'option' ? t.inner : UNKNOWN;
      }
    const ct = this.engine.typeOf(file, callee);
    // Parameters (or fields) by position and by name, with their declared types.
    let params: Type[];
    let names: string[];
    if (ct.k === 'meta') {
      const own = typeParamsOf(ct.decl.file, ct.decl.node);
      const fields = bodyMembers(ct.decl.file, ct.decl.node, own).filter((m) => m.kind === 'field');
      const scope = { params: new Set(own) };
      params = fields.map((f) => {
        const ref = childOfKind(f.decl.node, SyntaxKind.TypeRef);
        return ref ? this.engine.annotations.read(f.decl.file, ref, scope) : UNKNOWN;
      });
      names = fields.map((f) => f.decl.name.text);
      const known = new Map<string, Type>();
      own.forEach((p, i) => ct.args[i] && ct.args[i].k !== 'unknown' && known.set(p, ct.args[i]));
      params = params.map((t) => substitute(t, known));
    } else if (ct.k === 'fn') {
      params = ct.params;
      names = this.paramNames(file, callee);
    } else return UNKNOWN;
    const slot = (a: SyntaxNode): number => {
      const l = a.flags & 32 ? childOfKind(a, SyntaxKind.Name) : undefined;
      return l ? names.indexOf(textOf(file, l)) : positional.indexOf(a);
    };
    const i = slot(arg);
    if (i < 0 || i >= params.length) return UNKNOWN;
    if (!hasParams(params[i])) return params[i];
    // Bind the callee's type parameters from the other arguments (a lambda's type needs this one's).
    const env = new Map<string, Type>();
    for (const a of args) {
      const j = slot(a);
      const v = value(a);
      if (a === arg || j < 0 || !v || v.kind === SyntaxKind.Lambda) continue;
      unify(params[j], this.engine.typeOf(file, v), env);
    }
    const want = substitute(params[i], env);
    return hasParams(want) ? stripParams(want) : want;
  }

  /** The parameter names of the function a callee names (for named arguments). */
  private paramNames(file: SourceFile, callee: SyntaxNode): string[] {
    let decl: Decl | undefined;
    if (callee.kind === SyntaxKind.NameRef) {
      const decls = this.engine.world.resolveName(file, callee);
      decl = decls.length === 1 ? decls[0] : undefined;
    } else if (callee.kind === SyntaxKind.Member) {
      const name = callee.children[callee.children.length - 1];
      decl = name && this.engine.memberAt(file, name)?.members[0]?.decl;
    }
    const list = decl && childOfKind(decl.node, SyntaxKind.ParamList);
    if (!decl || !list) return [];
    return list.children
      .filter((p) => p.kind === SyntaxKind.Param)
      .map((p) => {
        const n = childOfKind(p, SyntaxKind.Name);
        return n ? textOf(decl.file, n) : '';
      });
  }

  private annotation(file: SourceFile, ref: SyntaxNode): Type {
    const a = this.engine.annotations;
    return a.read(file, ref, a.scopeAt(file, ref));
  }
}

/** The children of a node that are not keywords. */
function operands(n: SyntaxNode): SyntaxNode[] {
  return n.children.filter((c) => c.kind !== SyntaxKind.Keyword);
}

/** Type parameters a use did not bind read as unknown. */
export function stripParams(t: Type): Type {
  const env = new Map<string, Type>();
  const collect = (x: Type): void => {
    if (x.k === 'param') env.set(x.name, UNKNOWN);
    else if (x.k === 'list' || x.k === 'range') collect(x.elem);
    else if (x.k === 'fn') {
      x.params.forEach(collect);
      collect(x.ret);
    } else if (x.k === 'option') collect(x.inner);
    else if (x.k === 'tuple') x.elems.forEach(collect);
    else if (x.k === 'dict') {
      collect(x.key);
      collect(x.value);
    } else if (x.k === 'result') {
      collect(x.ok);
      collect(x.err);
    } else if (x.k === 'named' || x.k === 'meta') x.args.forEach(collect);
  };
  collect(t);
  return substitute(t, env);
}

/** How a value's type meets an expected type: it fits, it does not, or one of them is not known enough. */
export type Fit = 'fits' | 'differs' | 'unknown';

/**
 * Does a value of type `actual` fit where `expected` is wanted? `T` and `nil` fit `T?`; a `T?` where a
 * `T` is wanted is neutral (narrowing is not followed), elsewhere it does not fit; a trait or a
 * core type met through another spelling, `any`, parameters and unknown parts answer 'unknown', never
 * a guess; an inner part that is unknown does not spoil an outer match (`[?]` fits `[i64]`).
 */
export function fitOf(expected: Type, actual: Type, isOpen: (d: Decl) => boolean): Fit {
  const e = expected;
  const a = actual;
  if (e.k === 'unknown' || a.k === 'unknown' || e.k === 'param' || a.k === 'param') return 'unknown';
  if ((e.k === 'prim' && e.name === 'any') || (a.k === 'prim' && a.name === 'any')) return 'unknown';
  const inner = (x: Type, y: Type): Fit => (fitOf(x, y, isOpen) === 'differs' ? 'differs' : 'fits');
  if (e.k === 'option') {
    if (a.k === 'prim' && a.name === 'nil') return 'fits';
    if (a.k === 'option') return inner(e.inner, a.inner);
    return fitOf(e.inner, a, isOpen);
  }
  // An optional where its value is wanted: the code may have narrowed it (`if x != nil:`), which the
  // engine does not follow; neutral when the value would fit.
  if (a.k === 'option') return fitOf(e, a.inner, isOpen) === 'differs' ? 'differs' : 'unknown';
  // A type used as a value stands for its constructor (and an enum for its variants).
  const value = a.k === 'meta' ? ({ k: 'named', decl: a.decl, args: a.args } as Type) : a;
  if ((e.k === 'named' && isOpen(e.decl)) || (value.k === 'named' && isOpen(value.decl))) {
    return e.k === 'named' && value.k === 'named' && e.decl.node === value.decl.node ? 'fits' : 'unknown';
  }
  if (e.k !== value.k) return 'differs';
  switch (e.k) {
    case 'prim':
      return e.name === (value as typeof e).name ? 'fits' : 'differs';
    case 'named': {
      const v = value as typeof e;
      if (e.decl.node !== v.decl.node) return 'differs';
      return e.args.every((x, i) => !v.args[i] || inner(x, v.args[i]) === 'fits') ? 'fits' : 'differs';
    }
    case 'list':
    case 'range':
      return inner(e.elem, (value as typeof e).elem);
    case 'dict': {
      const v = value as typeof e;
      return inner(e.key, v.key) === 'fits' && inner(e.value, v.value) === 'fits' ? 'fits' : 'differs';
    }
    case 'result': {
      const v = value as typeof e;
      return inner(e.ok, v.ok) === 'fits' && inner(e.err, v.err) === 'fits' ? 'fits' : 'differs';
    }
    case 'tuple': {
      const v = value as typeof e;
      if (v.elems.length !== e.elems.length) return 'differs';
      return e.elems.every((x, i) => inner(x, v.elems[i]) === 'fits') ? 'fits' : 'differs';
    }
    case 'fn': {
      const v = value as typeof e;
      if (v.params.length !== e.params.length) return 'differs';
      return inner(e.ret, v.ret);
    }
    default:
      return 'unknown';
  }
}
