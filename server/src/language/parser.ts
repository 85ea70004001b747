// Entry point of the front end: text → tokens → syntax tree + diagnostics. Never throws.
// Given the parse of the previous version of the same document, only the module-level statements an
// edit touches are parsed again (incremental.ts); the result is the same as a full parse of `text`.
import { assemble, reparse, splitOffsets } from './incremental';
import { lex } from './lexer';
import { Body, parseStatements } from './parse-stmt';
import { Parser } from './parser-core';
import type { ParseResult } from './types';

export function parse(text: string, previous?: ParseResult): ParseResult {
  if (previous !== undefined) {
    const result = reparse(previous, text);
    if (result !== undefined) return result;
  }
  const lexed = lex(text);
  // The parser splits `>>` tokens for generics in its own copy; the lexer's array is kept for reuse.
  const parser = new Parser(text, lexed.tokens.slice(), lexed.unclosed);
  parseStatements(parser, Body.Module);
  parser.endUnits();
  return assemble(text, lexed, parser, parser.diagnostics, parser.tokens, splitOffsets(parser), 0);
}
