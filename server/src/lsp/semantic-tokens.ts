// Semantic tokens on the wire: the legend, the relative integer encoding (in the session's position
// encoding, multi-line tokens split per line since we do not ask for multilineTokenSupport), and the
// delta between two encodings.
import {
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type SemanticTokensEdit,
  type SemanticTokensLegend,
} from 'vscode-languageserver';
import {
  SEMANTIC_MODIFIERS,
  type SemanticKind,
  type SemanticModifier,
  type SemanticToken,
} from '../language';
import { type LineIndex, type PositionEncoding, utf8Length } from './line-index';

// A Record, not a list: a SemanticKind without an LSP type is a compile error. All are standard LSP types.
const TYPES: Record<SemanticKind, string> = {
  namespace: SemanticTokenTypes.namespace,
  type: SemanticTokenTypes.type,
  class: SemanticTokenTypes.class,
  struct: SemanticTokenTypes.struct,
  enum: SemanticTokenTypes.enum,
  enumMember: SemanticTokenTypes.enumMember,
  interface: SemanticTokenTypes.interface,
  typeParameter: SemanticTokenTypes.typeParameter,
  function: SemanticTokenTypes.function,
  method: SemanticTokenTypes.method,
  parameter: SemanticTokenTypes.parameter,
  variable: SemanticTokenTypes.variable,
  property: SemanticTokenTypes.property,
  decorator: SemanticTokenTypes.decorator,
  macro: SemanticTokenTypes.macro,
  keyword: SemanticTokenTypes.keyword,
  operator: SemanticTokenTypes.operator,
  string: SemanticTokenTypes.string,
  number: SemanticTokenTypes.number,
  comment: SemanticTokenTypes.comment,
};

const MODIFIERS: Record<SemanticModifier, string> = {
  declaration: SemanticTokenModifiers.declaration,
  readonly: SemanticTokenModifiers.readonly,
  static: SemanticTokenModifiers.static,
  async: SemanticTokenModifiers.async,
  deprecated: SemanticTokenModifiers.deprecated,
  defaultLibrary: SemanticTokenModifiers.defaultLibrary,
  documentation: SemanticTokenModifiers.documentation,
};

const KINDS = Object.keys(TYPES) as SemanticKind[];

/** Token types in legend order, then modifiers in bit order (SEMANTIC_MODIFIERS). */
export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: KINDS.map((k) => TYPES[k]),
  tokenModifiers: SEMANTIC_MODIFIERS.map((m) => MODIFIERS[m]),
};

const TYPE_NUMBER: Readonly<Record<SemanticKind, number>> = Object.fromEntries(
  KINDS.map((k, i) => [k, i]),
) as Record<SemanticKind, number>;

/**
 * The LSP integer encoding: 5 numbers per token, line and start relative to the previous token. Tokens
 * come in source order, so the line is found by walking forward from the previous token's (a token out
 * of order is looked up from the start); columns in UTF-8 count the bytes from the line start.
 */
export function encodeSemanticTokens(
  lines: LineIndex,
  tokens: readonly SemanticToken[],
  encoding: PositionEncoding,
): number[] {
  // Sized up front and written by index (a token split over lines writes past it, and the array grows);
  // pushing five numbers at a time costs about three times as much on a full file.
  const data: number[] = new Array<number>(tokens.length * 5);
  let n = 0;
  const text = lines.text;
  const starts = lines.starts;
  const lastLine = starts.length - 1;
  const utf8 = encoding === 'utf-8';
  let prevLine = 0;
  let prevChar = 0;
  let line = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const type = TYPE_NUMBER[t.kind];
    const end = t.end;
    let from = t.start;
    if (from < starts[line]) line = lines.lineAt(from);
    while (line < lastLine && starts[line + 1] <= from) line++;
    for (;;) {
      const lineStart = starts[line];
      const next = line < lastLine ? starts[line + 1] : text.length;
      // The end of the line's content, before its line break (\n, \r\n or \r).
      let contentEnd = next;
      if (line < lastLine) {
        if (text.charCodeAt(contentEnd - 1) === 0x0a) contentEnd--;
        if (text.charCodeAt(contentEnd - 1) === 0x0d) contentEnd--;
      }
      const to = end < contentEnd ? end : contentEnd;
      if (to > from) {
        let char = from - lineStart;
        let length = to - from;
        if (utf8) {
          char = utf8Length(text, lineStart, from);
          length = utf8Length(text, lineStart, to) - char;
        }
        data[n++] = line - prevLine;
        data[n++] = line === prevLine ? char - prevChar : char;
        data[n++] = length;
        data[n++] = type;
        data[n++] = t.modifiers;
        prevLine = line;
        prevChar = char;
      }
      if (end <= next || line >= lastLine) break;
      line++;
      from = next;
    }
  }
  data.length = n;
  return data;
}

/** One edit turning `prev` into `next` (common prefix and suffix kept), or none when they are equal. */
export function semanticTokensEdits(prev: readonly number[], next: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  if (start === prev.length && start === next.length) return [];
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  return [{ start, deleteCount: endPrev - start, data: next.slice(start, endNext) }];
}
