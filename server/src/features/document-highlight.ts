// textDocument/documentHighlight (analysis/highlights.ts): convert in, ask, convert out.
import { type CancellationToken, type DocumentHighlight, DocumentHighlightKind } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toRange } from '../lsp/convert';
import { type FeatureContext, positionRequest } from './document';

export function documentHighlights(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentHighlight[] | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const found = analysis.highlights(req.analysis, req.at);
  if (!found) return null;
  return found.map((h) => ({
    range: toRange(doc.lines, h.span, encoding),
    kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
