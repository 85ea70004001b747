// textDocument/documentHighlight: the declaration (as a write) and every use (as a read) in this file
// of the name under the cursor. Unresolved names highlight nothing rather than every same spelling.
import { type CancellationToken, type DocumentHighlight, DocumentHighlightKind } from 'vscode-languageserver';
import { definitionAt, occurrencesAt } from '../language';
import { toRange } from '../lsp/convert';
import { requirePosition, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument } from './document';

export function documentHighlights(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentHighlight[] | null {
  requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const offset = doc.lines.offsetAt(position, encoding);
  const declaration = definitionAt(result, offset)[0];
  return occurrencesAt(result, offset).map((s) => ({
    range: toRange(doc.lines, s, encoding),
    kind:
      declaration && s.start === declaration.start ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
