// Our analysis types → LSP types. The only place that knows both; every offset goes through a LineIndex in
// the session's negotiated position encoding.
import {
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  Location,
  Range,
  SelectionRange,
  SymbolKind as LspSymbolKind,
  SymbolTag,
} from 'vscode-languageserver';
import type { FileRange } from '../analysis/file-range';
import type { Problem } from '../analysis/diagnostics';
import {
  SymbolKind,
  type FoldRange,
  type OutlineSymbol,
  type Severity,
  type SyntaxDiagnostic,
} from '../language/types';
import type { TextSpan } from '../language/syntax';
import type { LineIndex, PositionEncoding } from './line-index';
import { pathToUri } from './uri';

/** What converting a file's offsets needs: the positions of its offsets (a LineIndex has them). */
export type LineMap = Pick<LineIndex, 'positionAt'>;

/** The lines of any file a result names (the analysis snapshot's `lines`). */
export type LinesOf = (file: string) => LineMap;

export const DIAGNOSTIC_SOURCE = 'simple';

// A Record, not a switch: adding a SymbolKind without a mapping is a compile error.
const SYMBOL_KINDS: Record<SymbolKind, LspSymbolKind> = {
  [SymbolKind.Module]: LspSymbolKind.Module,
  [SymbolKind.Function]: LspSymbolKind.Function,
  [SymbolKind.Method]: LspSymbolKind.Method,
  [SymbolKind.Class]: LspSymbolKind.Class,
  [SymbolKind.Struct]: LspSymbolKind.Struct,
  [SymbolKind.Enum]: LspSymbolKind.Enum,
  [SymbolKind.EnumMember]: LspSymbolKind.EnumMember,
  [SymbolKind.Trait]: LspSymbolKind.Interface,
  [SymbolKind.Impl]: LspSymbolKind.Object,
  [SymbolKind.Field]: LspSymbolKind.Field,
  [SymbolKind.Variable]: LspSymbolKind.Variable,
  [SymbolKind.Constant]: LspSymbolKind.Constant,
  [SymbolKind.TypeAlias]: LspSymbolKind.TypeParameter,
  // Test DSL: a describe groups cases like a namespace; an `it` is a callable case.
  [SymbolKind.TestSuite]: LspSymbolKind.Namespace,
  [SymbolKind.TestCase]: LspSymbolKind.Function,
};

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSymbolKind(kind: SymbolKind): LspSymbolKind {
  return SYMBOL_KINDS[kind];
}

export function toRange(lines: LineMap, span: TextSpan, encoding: PositionEncoding): Range {
  return { start: lines.positionAt(span.start, encoding), end: lines.positionAt(span.end, encoding) };
}

/** A range of any file in the session's encoding. */
export function toFileRange(linesOf: LinesOf, r: FileRange, encoding: PositionEncoding): Range {
  return toRange(linesOf(r.file), r, encoding);
}

export function toLocation(linesOf: LinesOf, r: FileRange, encoding: PositionEncoding): Location {
  return { uri: pathToUri(r.file), range: toFileRange(linesOf, r, encoding) };
}

/** A syntax error, a lint finding or any other problem of a file. */
export function toDiagnostic(
  lines: LineIndex,
  d: Problem | SyntaxDiagnostic,
  encoding: PositionEncoding,
): Diagnostic {
  const out: Diagnostic =
    d.code === undefined
      ? {
          range: toRange(lines, d, encoding),
          severity: SEVERITIES[d.severity],
          source: DIAGNOSTIC_SOURCE,
          message: d.message,
        }
      : {
          range: toRange(lines, d, encoding),
          severity: SEVERITIES[d.severity],
          source: DIAGNOSTIC_SOURCE,
          code: d.code,
          message: d.message,
        };
  const tag = (d as Problem).tag;
  if (tag === 'unnecessary') out.tags = [DiagnosticTag.Unnecessary];
  if (tag === 'deprecated') out.tags = [DiagnosticTag.Deprecated];
  return out;
}

export function toDocumentSymbol(
  lines: LineIndex,
  s: OutlineSymbol,
  encoding: PositionEncoding,
): DocumentSymbol {
  const range = toRange(lines, s.span, encoding);
  // LSP requires selectionRange ⊆ range; a recovered declaration could break that, so fall back to range.
  const inside = s.nameSpan.start >= s.span.start && s.nameSpan.end <= s.span.end;
  const symbol: DocumentSymbol = {
    // Clients reject empty names (VS Code throws); a recovered declaration may have none.
    name: s.name.trim() === '' ? '<unnamed>' : s.name,
    detail: s.signature,
    kind: toSymbolKind(s.kind),
    range,
    selectionRange: inside ? toRange(lines, s.nameSpan, encoding) : range,
    children: s.children.map((c) => toDocumentSymbol(lines, c, encoding)),
  };
  if (s.modifiers.includes('deprecated')) symbol.tags = [SymbolTag.Deprecated];
  return symbol;
}

/**
 * Folding ranges by line. A fold covers at least two lines; its endLine is the last line holding text of
 * the region (a span ending at the start of a line ends on the line before). Only one fold per start line
 * is kept (the longest), since clients fold by start line.
 */
export function toFoldingRanges(lines: LineIndex, folds: readonly FoldRange[]): FoldingRange[] {
  const byStart = new Map<number, FoldingRange>();
  for (const f of folds) {
    const startLine = lines.lineAt(f.start);
    let endLine = lines.lineAt(f.end);
    if (f.end > f.start && lines.lineStart(endLine) === f.end && endLine > 0) endLine--;
    if (endLine <= startLine) continue;
    const range: FoldingRange = { startLine, endLine };
    if (f.kind === 'comment') range.kind = FoldingRangeKind.Comment;
    else if (f.kind === 'imports') range.kind = FoldingRangeKind.Imports;
    const existing = byStart.get(startLine);
    if (existing === undefined || existing.endLine < endLine) byStart.set(startLine, range);
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}

/**
 * A SelectionRange chain from spans ordered innermost first. Spans that convert to the same range as the one
 * inside them are skipped (each parent must strictly contain its child); with no spans at all, the answer
 * is the empty range at `offset`.
 */
export function toSelectionRange(
  lines: LineIndex,
  spans: readonly TextSpan[],
  offset: number,
  encoding: PositionEncoding,
): SelectionRange {
  const kept: TextSpan[] = [];
  for (const s of spans) {
    const inner = kept[kept.length - 1];
    if (inner !== undefined && (s.start > inner.start || s.end < inner.end)) continue;
    if (inner !== undefined && s.start === inner.start && s.end === inner.end) continue;
    kept.push(s);
  }
  if (kept.length === 0) kept.push({ start: offset, end: offset });
  let chain: SelectionRange | undefined;
  for (let i = kept.length - 1; i >= 0; i--)
    chain = { range: toRange(lines, kept[i], encoding), parent: chain };
  return chain as SelectionRange;
}
