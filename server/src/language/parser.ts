// Entry point of the front end: text → tokens → syntax tree + diagnostics. Never throws.
import { lex } from './lexer';
import { Body, parseStatements } from './parse-stmt';
import { Parser } from './parser-core';
import type { ParseResult } from './types';

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const parser = new Parser(text, lexed.tokens, lexed.unclosed);
  parseStatements(parser, Body.Module);
  // Recovery can leave empty nodes at odd places; valid code never does (the case tests check it).
  if (parser.diagnostics.length > 0 || lexed.diagnostics.length > 0) parser.clampSpans();
  const diagnostics = [...lexed.diagnostics, ...parser.diagnostics].sort((a, b) => a.start - b.start);
  return {
    text,
    root: parser.root,
    tokens: parser.tokens,
    trivia: lexed.trivia,
    diagnostics,
    steps: parser.steps + lexed.tokens.length,
  };
}
