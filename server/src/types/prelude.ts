// The core types as declarations our own parser reads: methods of text, lists, dicts, Option, Result,
// ranges and numbers, with their signatures. Written for this server from the language's documentation
// (guides and quick references of the Simple project), not taken from its sources. Used for hover and
// completion where no standard library is found; a standard library's own `impl text:` (and so on)
// blocks are found by the world and come first.
import { parse } from '../language/parser';
import type { ParseResult } from '../language/types';
import type { SourceFile } from './world';

export const PRELUDE_KEY = '<prelude>';

const SOURCE = `
class text:
    """Text: an immutable UTF-8 string."""
    fn len() -> i64
    fn is_empty() -> bool
    fn contains(part: text) -> bool
    fn starts_with(prefix: text) -> bool
    fn ends_with(suffix: text) -> bool
    fn index_of(part: text) -> i64?
    fn find(part: text) -> i64?
    fn split(sep: text) -> [text]
    fn lines() -> [text]
    fn chars() -> [char]
    fn bytes() -> [u8]
    fn trim() -> text
    fn trim_start() -> text
    fn trim_end() -> text
    fn strip() -> text
    fn upper() -> text
    fn lower() -> text
    fn to_upper() -> text
    fn to_lower() -> text
    fn replace(old: text, new: text) -> text
    fn substring(start: i64, end: i64) -> text
    fn slice(start: i64, end: i64) -> text
    fn repeat(times: i64) -> text
    fn join(parts: [text]) -> text
    fn char_at(index: i64) -> char
    fn to_int() -> i64?
    fn to_i64() -> i64
    fn parse_int() -> i64?
    fn to_float() -> f64?
    fn to_text() -> text
    fn hash() -> i64

class List<T>:
    """A growable list: \`[T]\`."""
    fn len() -> i64
    fn is_empty() -> bool
    fn first() -> T?
    fn last() -> T?
    fn get(index: i64) -> T?
    fn contains(item: T) -> bool
    fn index_of(item: T) -> i64?
    me push(item: T)
    me append(item: T)
    me pop() -> T?
    me insert(index: i64, item: T)
    me remove(index: i64) -> T
    me clear()
    me extend(items: [T])
    fn map<U>(f: fn(T) -> U) -> [U]
    fn filter(keep: fn(T) -> bool) -> [T]
    fn flat_map<U>(f: fn(T) -> [U]) -> [U]
    fn find(test: fn(T) -> bool) -> T?
    fn any(test: fn(T) -> bool) -> bool
    fn all(test: fn(T) -> bool) -> bool
    fn each(f: fn(T))
    fn fold<A>(init: A, f: fn(A, T) -> A) -> A
    fn reduce(f: fn(T, T) -> T) -> T?
    fn enumerate() -> [(i64, T)]
    fn zip<U>(other: [U]) -> [(T, U)]
    fn reversed() -> [T]
    fn reverse() -> [T]
    fn sorted() -> [T]
    fn sort() -> [T]
    fn sort_by(less: fn(T, T) -> bool) -> [T]
    fn slice(start: i64, end: i64) -> [T]
    fn take(n: i64) -> [T]
    fn skip(n: i64) -> [T]
    fn concat(other: [T]) -> [T]
    fn join(sep: text) -> text
    fn copy() -> [T]
    fn clone() -> [T]

class Dict<K, V>:
    """A hash map: \`{K: V}\`."""
    fn len() -> i64
    fn is_empty() -> bool
    fn get(key: K) -> V?
    fn contains(key: K) -> bool
    fn contains_key(key: K) -> bool
    fn has(key: K) -> bool
    fn keys() -> [K]
    fn values() -> [V]
    fn items() -> [(K, V)]
    fn entries() -> [(K, V)]
    me set(key: K, value: V)
    me insert(key: K, value: V)
    me remove(key: K) -> V?
    me clear()
    fn copy() -> {K: V}
    fn clone() -> {K: V}

enum Option<T>:
    """An optional value: \`T?\`."""
    Some(value: T)
    None
    fn is_some() -> bool
    fn is_none() -> bool
    fn unwrap() -> T
    fn expect(message: text) -> T
    fn unwrap_or(default: T) -> T
    fn unwrap_or_else(make: fn() -> T) -> T
    fn map<U>(f: fn(T) -> U) -> U?
    fn and_then<U>(f: fn(T) -> U?) -> U?
    fn or_else(make: fn() -> T?) -> T?
    fn ok_or<E>(error: E) -> Result<T, E>
    fn filter(keep: fn(T) -> bool) -> T?

enum Result<T, E>:
    """A success value or an error: \`Result<T, E>\`, propagated with postfix \`?\`."""
    Ok(value: T)
    Err(error: E)
    fn is_ok() -> bool
    fn is_err() -> bool
    fn unwrap() -> T
    fn expect(message: text) -> T
    fn unwrap_err() -> E
    fn unwrap_or(default: T) -> T
    fn ok() -> T?
    fn err() -> E?
    fn map<U>(f: fn(T) -> U) -> Result<U, E>
    fn map_err<F>(f: fn(E) -> F) -> Result<T, F>
    fn and_then<U>(f: fn(T) -> Result<U, E>) -> Result<U, E>

class Range<T>:
    """A range \`a..b\` (or \`a..=b\`)."""
    fn contains(value: T) -> bool
    fn len() -> i64
    fn to_list() -> [T]
    fn reversed() -> [T]

class i64:
    fn abs() -> i64
    fn min(other: i64) -> i64
    fn max(other: i64) -> i64
    fn pow(exp: i64) -> i64
    fn to_text() -> text
    fn to_string() -> text
    fn to_f64() -> f64
    fn to_i32() -> i32
    fn to_u8() -> u8
    fn clamp(low: i64, high: i64) -> i64

class f64:
    fn abs() -> f64
    fn min(other: f64) -> f64
    fn max(other: f64) -> f64
    fn sqrt() -> f64
    fn floor() -> f64
    fn ceil() -> f64
    fn round() -> f64
    fn pow(exp: f64) -> f64
    fn to_text() -> text
    fn to_string() -> text
    fn to_i64() -> i64
    fn is_nan() -> bool

class bool:
    fn to_text() -> text

class char:
    fn is_digit() -> bool
    fn is_alpha() -> bool
    fn is_whitespace() -> bool
    fn to_text() -> text
    fn ord() -> i64
`;

/** The prelude as one file. Parsed once; the result is immutable and shared. */
export function preludeFile(): SourceFile {
  return PRELUDE;
}

let parsed: ParseResult | undefined;

const PRELUDE: SourceFile = {
  key: PRELUDE_KEY,
  parse: () => (parsed ??= parse(SOURCE)),
};

/** The core type a structural or scalar type is a view of: `[T]` → List, `text` → text. */
export const CORE_OF_NUMBER: Readonly<Record<string, string>> = {
  i8: 'i64',
  i16: 'i64',
  i32: 'i64',
  u8: 'i64',
  u16: 'i64',
  u32: 'i64',
  u64: 'i64',
  isize: 'i64',
  usize: 'i64',
  f32: 'f64',
};
