// textDocument/foldingRange: blocks, comment runs and import groups, by line.
import type { CancellationToken, FoldingRange } from 'vscode-languageserver';
import { foldingRanges as analyseFolds } from '../language';
import { toFoldingRanges } from '../lsp/convert';
import { type FeatureContext, parsedDocument } from './document';

export function foldingRanges(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): FoldingRange[] | null {
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  return toFoldingRanges(target.doc.lines, analyseFolds(target.result));
}
