// Keywords and snippets by position: what may start a statement in a module, a function body, a type
// body or a match; what may start an expression; what may follow a complete operand. Snippets use the
// LSP snippet syntax (`${1:name}`, `$0`) with four-space relative indentation; the client re-indents them
// to the line they are inserted on.

export type WordPosition =
  'module' | 'body' | 'type-body' | 'match-body' | 'test-body' | 'expression' | 'after-operand' | 'type';

export interface Snippet {
  label: string;
  /** What the list shows next to the label. */
  detail: string;
  body: string;
}

const DECLARATIONS = ['fn', 'class', 'struct', 'enum', 'trait', 'impl', 'type', 'val', 'var', 'const'];
const TOP_ONLY = ['use', 'import', 'export', 'pub', 'static', 'extern', 'async'];
const STATEMENTS = ['if', 'for', 'while', 'loop', 'match', 'return', 'pass', 'defer', 'with', 'unsafe'];
const LOOP_ONLY = ['break', 'continue'];
const VALUES = ['true', 'false', 'nil', 'not', 'if', 'match'];
const OPERATOR_WORDS = ['and', 'or', 'not', 'in', 'is', 'as', 'xor', 'if', 'else'];

export interface WordContext {
  position: WordPosition;
  /** Inside a `for`/`while`/`loop` body (break, continue). */
  inLoop: boolean;
  /** Inside a method or an impl (self). */
  inMethod: boolean;
  /** The statement before, at the same level, is an `if` (elif/else) or a loop (else). */
  afterIf: boolean;
  /** Inside a function (return). */
  inFunction: boolean;
}

export function keywordsFor(c: WordContext): string[] {
  const out = new Set<string>();
  const add = (words: readonly string[]): void => words.forEach((w) => out.add(w));
  switch (c.position) {
    case 'module':
      add(DECLARATIONS);
      add(TOP_ONLY);
      add(STATEMENTS.filter((w) => w !== 'return' && w !== 'defer'));
      break;
    case 'body':
    case 'test-body':
      add(DECLARATIONS.filter((w) => w !== 'impl' && w !== 'type'));
      add(['use', 'let']);
      add(STATEMENTS);
      if (!c.inFunction) out.delete('return');
      if (c.inLoop) add(LOOP_ONLY);
      if (c.afterIf) add(['elif', 'else']);
      add(VALUES.filter((w) => w !== 'if' && w !== 'match'));
      break;
    case 'type-body':
      add(['fn', 'me', 'static', 'pub', 'val', 'var', 'const', 'async', 'type', 'alias']);
      break;
    case 'match-body':
      add(['case']);
      break;
    case 'expression':
      add(VALUES);
      add(['await']);
      break;
    case 'after-operand':
      add(OPERATOR_WORDS);
      break;
    case 'type':
      break;
  }
  if (c.inMethod && c.position !== 'type-body' && c.position !== 'type' && c.position !== 'after-operand')
    out.add('self');
  return [...out];
}

const FN: Snippet = {
  label: 'fn',
  detail: 'function',
  body: 'fn ${1:name}(${2}) -> ${3:i64}:\n    ${0:pass}',
};
const CLASS: Snippet = {
  label: 'class',
  detail: 'class',
  body: 'class ${1:Name}:\n    ${2:field}: ${3:i64}$0',
};
const STRUCT: Snippet = {
  label: 'struct',
  detail: 'struct',
  body: 'struct ${1:Name}:\n    ${2:field}: ${3:i64}$0',
};
const ENUM: Snippet = {
  label: 'enum',
  detail: 'enum',
  body: 'enum ${1:Name}:\n    ${2:First}\n    ${0:Second}',
};
const TRAIT: Snippet = {
  label: 'trait',
  detail: 'trait',
  body: 'trait ${1:Name}:\n    fn ${2:method}(${3}) -> ${4:i64}$0',
};
const IMPL: Snippet = { label: 'impl', detail: 'impl block', body: 'impl ${1:Type}:\n    ${0:pass}' };
const MATCH: Snippet = {
  label: 'match',
  detail: 'match with arms',
  body: 'match ${1:value}:\n    case ${2:pattern}:\n        ${3:pass}\n    case _:\n        ${0:pass}',
};
const IF: Snippet = { label: 'if', detail: 'if block', body: 'if ${1:condition}:\n    ${0:pass}' };
const IF_ELSE: Snippet = {
  label: 'ifelse',
  detail: 'if / else',
  body: 'if ${1:condition}:\n    ${2:pass}\nelse:\n    ${0:pass}',
};
const FOR: Snippet = {
  label: 'for',
  detail: 'for loop',
  body: 'for ${1:item} in ${2:items}:\n    ${0:pass}',
};
const WHILE: Snippet = { label: 'while', detail: 'while loop', body: 'while ${1:condition}:\n    ${0:pass}' };
const DESCRIBE: Snippet = {
  label: 'describe',
  detail: 'test suite (SSpec)',
  body: 'describe "${1:subject}":\n    it "${2:does something}":\n        ${0:expect(true).to_equal(true)}',
};
const CONTEXT: Snippet = {
  label: 'context',
  detail: 'test context (SSpec)',
  body: 'context "${1:when}":\n    it "${2:does something}":\n        ${0:pass}',
};
const IT: Snippet = {
  label: 'it',
  detail: 'test case (SSpec)',
  body: 'it "${1:does something}":\n    ${0:expect(true).to_equal(true)}',
};
const METHOD: Snippet = {
  label: 'fn',
  detail: 'method',
  body: 'fn ${1:name}(${2}) -> ${3:i64}:\n    ${0:pass}',
};
const ME: Snippet = { label: 'me', detail: 'mutating method', body: 'me ${1:name}(${2}):\n    ${0:pass}' };
const CASE: Snippet = { label: 'case', detail: 'match arm', body: 'case ${1:pattern}:\n    ${0:pass}' };

export function snippetsFor(c: WordContext): Snippet[] {
  switch (c.position) {
    case 'module':
      return [FN, CLASS, STRUCT, ENUM, TRAIT, IMPL, MATCH, IF, IF_ELSE, FOR, WHILE, DESCRIBE];
    case 'body':
      return [FN, MATCH, IF, IF_ELSE, FOR, WHILE];
    case 'test-body':
      return [CONTEXT, IT, DESCRIBE, MATCH, IF, FOR];
    case 'type-body':
      return [METHOD, ME];
    case 'match-body':
      return [CASE];
    default:
      return [];
  }
}

/** Primitive and prelude types offered where a type is expected. */
export const BUILTIN_TYPES = [
  'i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'bool', 'text', 'char', 'any',
  'Option', 'Result', 'Self',
]; // prettier-ignore

/** Prelude values and functions offered in expressions. */
export const BUILTIN_VALUES: { name: string; kind: 'function' | 'enumMember'; detail: string }[] = [
  { name: 'print', kind: 'function', detail: 'print(value)' },
  { name: 'Some', kind: 'enumMember', detail: 'Option.Some(value)' },
  { name: 'None', kind: 'enumMember', detail: 'Option.None' },
  { name: 'Ok', kind: 'enumMember', detail: 'Result.Ok(value)' },
  { name: 'Err', kind: 'enumMember', detail: 'Result.Err(error)' },
];
