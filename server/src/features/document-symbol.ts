// textDocument/documentSymbol: the outline as a DocumentSymbol tree (detail = the one-line signature).
import type { CancellationToken, DocumentSymbol } from 'vscode-languageserver';
import { buildOutline } from '../language';
import { toDocumentSymbol } from '../lsp/convert';
import { type FeatureContext, parsedDocument } from './document';

export function documentSymbols(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentSymbol[] | null {
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const outline = buildOutline(target.result);
  return outline.symbols.map((s) => toDocumentSymbol(target.doc.lines, s, target.encoding));
}
