// Word classes used by the lexer and the parser. Simple's keywords are mostly contextual: these
// sets say what a word may mean in a position, never that it cannot be a name elsewhere.

/** Words that never start a no-paren call argument and never end an operand. */
export const OPERATOR_WORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'as',
  'xor',
  'if',
  'else',
  'elif',
  'for',
]);

/** Words after which a trailing binary operator is a glob/marker rather than an operator. */
export const NON_OPERAND_WORDS = new Set(['export', 'import', 'use', 'from', 'return', 'yield']);

/** Words that start declarations; used to recover from an unclosed bracket at a new line. */
export const RECOVERY_WORDS = new Set([
  'fn',
  'class',
  'struct',
  'enum',
  'trait',
  'impl',
  'use',
  'import',
  'export',
  'extern',
  'pub',
  'static',
  'val',
  'var',
  'describe',
  'it',
]);

/** Hard keywords that cannot name a custom block (`name{ raw }`). */
export const RESERVED = new Set([
  'fn',
  'val',
  'var',
  'let',
  'const',
  'struct',
  'enum',
  'extern',
  'export',
  'use',
  'import',
  'pub',
  'static',
  'class',
  'impl',
  'trait',
  'me',
  'type',
  'asm',
  'if',
  'else',
  'elif',
  'match',
  'case',
  'for',
  'while',
  'break',
  'continue',
  'return',
  'in',
  'loop',
  'pass',
  'async',
  'await',
  'yield',
  'spawn',
  'and',
  'or',
  'not',
  'true',
  'false',
  'nil',
  'self',
  'is',
  'as',
  'with',
  'unsafe',
  'defer',
]);

/** Prefixes of string literals (`r"raw"`, `f"..."`, `b"..."`). */
export const STRING_PREFIXES = new Set(['r', 'f', 'b', 'rb', 'br', 'fr', 'rf', 'R', 'F', 'B']);
