// textDocument/foldingRange (analysis/folding.ts): folds by line.
import type { CancellationToken, FoldingRange } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toFoldingRanges } from '../lsp/convert';
import { documentRequest, type FeatureContext } from './document';

export function foldingRanges(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): FoldingRange[] | null {
  const req = documentRequest(ctx, params, token);
  if (req === undefined) return null;
  const folds = analysis.folding(req.analysis, req.file);
  return folds ? toFoldingRanges(req.parsed.doc.lines, folds) : null;
}
