// textDocument/documentSymbol (analysis/symbols.ts): the outline as a DocumentSymbol tree.
import type { CancellationToken, DocumentSymbol } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toDocumentSymbol } from '../lsp/convert';
import { documentRequest, type FeatureContext } from './document';

export function documentSymbols(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentSymbol[] | null {
  const req = documentRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const symbols = analysis.documentSymbols(req.analysis, req.file);
  return symbols ? symbols.map((s) => toDocumentSymbol(doc.lines, s, encoding)) : null;
}
