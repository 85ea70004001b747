// How much text the front end analyses on the thread that serves every session. Parsing, classifying
// and encoding are linear in the text, so its length predicts the work before any of it is done: a
// document over the limit is not parsed at all (a 200,000-line file held every session 4.6 s; a 5 MB line
// of 1.3 M tokens took semantic tokens 24 s). Its parse is empty, with one diagnostic saying why, so
// every feature answers (with nothing) at once.
import { SyntaxKind } from './syntax';
import type { ParseResult } from './types';

/** Documents longer than this (UTF-16 code units, about 30,000 lines of code) are not analysed. */
export const MAX_ANALYSED_CHARS = 1024 * 1024;

export function tooLargeToAnalyse(text: string): boolean {
  return text.length > MAX_ANALYSED_CHARS;
}

export function tooLargeMessage(length: number): string {
  return `this file is too large to analyse (${length} characters; the limit is ${MAX_ANALYSED_CHARS}): syntax checks, navigation and highlighting are off for it`;
}

/** The parse of a document over the limit: no tokens, no tree, one diagnostic at its start. */
export function oversizedParse(text: string): ParseResult {
  return {
    text,
    root: { kind: SyntaxKind.Module, start: 0, end: text.length, children: [], parent: undefined, flags: 0 },
    tokens: [],
    trivia: [],
    diagnostics: [
      { start: 0, end: 0, severity: 'warning', code: 'too-large', message: tooLargeMessage(text.length) },
    ],
    steps: 0,
  };
}

/** parse(), unless the text is over the limit. */
export function parseWithinLimit(text: string, parse: (text: string) => ParseResult): ParseResult {
  return tooLargeToAnalyse(text) ? oversizedParse(text) : parse(text);
}
