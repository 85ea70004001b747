// The type representation of the inference engine: small immutable values. `unknown` is a real answer
// ("not sure"), never replaced by a guess. Named types carry the declaration they come from (a user
// class/struct/enum/trait, or a core type of the prelude) and their type arguments; generic
// parameters stay `param` until a use substitutes them.
import type { Decl } from './world';

export type Type =
  | { k: 'unknown' }
  /** i64, f64, bool, text, char, unit (`()`), nil, any, ... by name. */
  | { k: 'prim'; name: string }
  | { k: 'list'; elem: Type }
  | { k: 'dict'; key: Type; value: Type }
  | { k: 'tuple'; elems: Type[]; names?: (string | undefined)[] }
  | { k: 'option'; inner: Type }
  | { k: 'result'; ok: Type; err: Type }
  | { k: 'fn'; params: Type[]; ret: Type }
  /** A range `a..b` of its bounds' type. */
  | { k: 'range'; elem: Type }
  /** A declared type: class, struct, enum, trait (or a core type of the prelude), with arguments. */
  | { k: 'named'; decl: Decl; args: Type[] }
  /** A type parameter not (yet) substituted. */
  | { k: 'param'; name: string }
  /** The type itself used as a value: `Point` in `Point.origin()`, `Color` in `Color.Red`. */
  | { k: 'meta'; decl: Decl; args: Type[] };

export const UNKNOWN: Type = { k: 'unknown' };

export function prim(name: string): Type {
  return { k: 'prim', name };
}

export const TEXT = prim('text');
export const BOOL = prim('bool');
export const I64 = prim('i64');
export const F64 = prim('f64');
export const UNIT = prim('()');

export function isUnknown(t: Type): boolean {
  return t.k === 'unknown';
}

/** Names the language treats as scalars (`Int`/`String`/`str` are older spellings). */
export const SCALARS: ReadonlyMap<string, string> = new Map([
  ...[
    'i8',
    'i16',
    'i32',
    'i64',
    'u8',
    'u16',
    'u32',
    'u64',
    'f32',
    'f64',
    'bool',
    'text',
    'char',
    'any',
    'unit',
    'isize',
    'usize',
  ].map((n): [string, string] => [n, n]),
  ['str', 'text'],
  ['String', 'text'],
  ['Int', 'i64'],
  ['Float', 'f64'],
  ['Bool', 'bool'],
  ['Nil', 'nil'],
]);

export const NUMBERS = new Set([
  'i8',
  'i16',
  'i32',
  'i64',
  'u8',
  'u16',
  'u32',
  'u64',
  'f32',
  'f64',
  'isize',
  'usize',
]);

/** Replace type parameters by their arguments (`T` → `i64` in `Box<i64>`). */
export function substitute(t: Type, env: ReadonlyMap<string, Type>): Type {
  if (env.size === 0) return t;
  switch (t.k) {
    case 'param':
      return env.get(t.name) ?? t;
    case 'list':
      return { k: 'list', elem: substitute(t.elem, env) };
    case 'dict':
      return { k: 'dict', key: substitute(t.key, env), value: substitute(t.value, env) };
    case 'tuple':
      return { ...t, elems: t.elems.map((e) => substitute(e, env)) };
    case 'option':
      return { k: 'option', inner: substitute(t.inner, env) };
    case 'result':
      return { k: 'result', ok: substitute(t.ok, env), err: substitute(t.err, env) };
    case 'fn':
      return { k: 'fn', params: t.params.map((p) => substitute(p, env)), ret: substitute(t.ret, env) };
    case 'range':
      return { k: 'range', elem: substitute(t.elem, env) };
    case 'named':
    case 'meta':
      return { ...t, args: t.args.map((a) => substitute(a, env)) };
    default:
      return t;
  }
}

/** Does a type still mention a parameter anywhere (a generic answer not settled by the use)? */
export function hasParams(t: Type): boolean {
  switch (t.k) {
    case 'param':
      return true;
    case 'list':
      return hasParams(t.elem);
    case 'dict':
      return hasParams(t.key) || hasParams(t.value);
    case 'tuple':
      return t.elems.some(hasParams);
    case 'option':
      return hasParams(t.inner);
    case 'result':
      return hasParams(t.ok) || hasParams(t.err);
    case 'fn':
      return t.params.some(hasParams) || hasParams(t.ret);
    case 'range':
      return hasParams(t.elem);
    case 'named':
    case 'meta':
      return t.args.some(hasParams);
    default:
      return false;
  }
}

/**
 * Bind the parameters of `pattern` by matching it against `actual` (`[T]` against `[i64]` gives
 * T = i64). Only structural matches bind; a conflict keeps the first binding.
 */
export function unify(pattern: Type, actual: Type, env: Map<string, Type>): void {
  if (actual.k === 'unknown') return;
  switch (pattern.k) {
    case 'param':
      if (!env.has(pattern.name)) env.set(pattern.name, actual);
      return;
    case 'list':
      if (actual.k === 'list') unify(pattern.elem, actual.elem, env);
      return;
    case 'dict':
      if (actual.k === 'dict') {
        unify(pattern.key, actual.key, env);
        unify(pattern.value, actual.value, env);
      }
      return;
    case 'option':
      if (actual.k === 'option') unify(pattern.inner, actual.inner, env);
      return;
    case 'result':
      if (actual.k === 'result') {
        unify(pattern.ok, actual.ok, env);
        unify(pattern.err, actual.err, env);
      }
      return;
    case 'tuple':
      if (actual.k === 'tuple')
        pattern.elems.forEach((e, i) => actual.elems[i] && unify(e, actual.elems[i], env));
      return;
    case 'fn':
      if (actual.k === 'fn') {
        pattern.params.forEach((p, i) => actual.params[i] && unify(p, actual.params[i], env));
        unify(pattern.ret, actual.ret, env);
      }
      return;
    case 'named':
      if (actual.k === 'named' && actual.decl.node === pattern.decl.node)
        pattern.args.forEach((a, i) => actual.args[i] && unify(a, actual.args[i], env));
      return;
  }
}

/** The type as Simple writes it: `[text]`, `{text: i64}`, `Box<i64>`, `i64?`, `fn(i64) -> bool`. */
export function show(t: Type): string {
  switch (t.k) {
    case 'unknown':
      return '?';
    case 'prim':
      return t.name;
    case 'list':
      return `[${show(t.elem)}]`;
    case 'dict':
      return `{${show(t.key)}: ${show(t.value)}}`;
    case 'tuple':
      return `(${t.elems.map((e, i) => (t.names?.[i] ? `${t.names[i]}: ${show(e)}` : show(e))).join(', ')})`;
    case 'option':
      return t.inner.k === 'fn' ? `Option<${show(t.inner)}>` : `${show(t.inner)}?`;
    case 'result':
      return `Result<${show(t.ok)}, ${show(t.err)}>`;
    case 'fn':
      return `fn(${t.params.map(show).join(', ')}) -> ${show(t.ret)}`;
    case 'range':
      return `Range<${show(t.elem)}>`;
    case 'param':
      return t.name;
    case 'named':
    case 'meta': {
      const name = t.decl.name.text;
      return t.args.length > 0 ? `${name}<${t.args.map(show).join(', ')}>` : name;
    }
  }
}

/** Is the type fully known (no `unknown` inside)? Hints and hover show only such types. */
export function isComplete(t: Type): boolean {
  switch (t.k) {
    case 'unknown':
      return false;
    case 'list':
      return isComplete(t.elem);
    case 'dict':
      return isComplete(t.key) && isComplete(t.value);
    case 'tuple':
      return t.elems.every(isComplete);
    case 'option':
      return isComplete(t.inner);
    case 'result':
      return isComplete(t.ok) && isComplete(t.err);
    case 'fn':
      return t.params.every(isComplete) && isComplete(t.ret);
    case 'range':
      return isComplete(t.elem);
    case 'named':
    case 'meta':
      return t.args.every(isComplete);
    default:
      return true;
  }
}
