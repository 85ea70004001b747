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
const TYPE_INDEX = new Map(KINDS.map((k, i) => [k, i]));

/** Token types in legend order, then modifiers in bit order (SEMANTIC_MODIFIERS). */
export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: KINDS.map((k) => TYPES[k]),
  tokenModifiers: SEMANTIC_MODIFIERS.map((m) => MODIFIERS[m]),
};

/** The LSP integer encoding: 5 numbers per token, line and start relative to the previous token. */
export function encodeSemanticTokens(
  lines: LineIndex,
  tokens: readonly SemanticToken[],
  encoding: PositionEncoding,
): number[] {
  const data: number[] = [];
  const text = lines.text;
  let prevLine = 0;
  let prevChar = 0;
  const column = (lineStart: number, offset: number): number =>
    encoding === 'utf-16' ? offset - lineStart : utf8Length(text, lineStart, offset);
  for (const t of tokens) {
    const type = TYPE_INDEX.get(t.kind)!;
    let line = lines.lineAt(t.start);
    let from = t.start;
    for (;;) {
      const lineStart = lines.lineStart(line);
      const to = Math.min(t.end, lines.lineContentEnd(line));
      if (to > from) {
        const char = column(lineStart, from);
        const length = column(lineStart, to) - char;
        data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, t.modifiers);
        prevLine = line;
        prevChar = char;
      }
      if (t.end <= lines.lineStart(line + 1) || line + 1 >= lines.lineCount) break;
      line++;
      from = lines.lineStart(line);
    }
  }
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
