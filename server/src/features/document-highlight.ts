// textDocument/documentHighlight: the declaration (as a write) and every use (as a read) in this file
// of the name under the cursor. Unresolved names highlight nothing rather than every same spelling.
// A member of a typed receiver (`a.name`) highlights the accesses of that same member by the
// receivers' types, writes where assigned (workspace/member-highlights.ts).
import { type CancellationToken, type DocumentHighlight, DocumentHighlightKind } from 'vscode-languageserver';
import { definitionAt, occurrencesAt } from '../language';
import { toRange } from '../lsp/convert';
import { requirePosition, requireUri } from '../lsp/params';
import { memberHighlights } from '../workspace/member-highlights';
import { type FeatureContext, parsedDocument } from './document';
import { navigation, viewOfUri } from './workspace-context';

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
  const nav = navigation(ctx);
  const view = viewOfUri(nav, doc.uri);
  const members = view && memberHighlights(nav.resolver, view, offset);
  if (members)
    return members.map((h) => ({
      range: toRange(doc.lines, h, encoding),
      kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  const declaration = definitionAt(result, offset)[0];
  return occurrencesAt(result, offset).map((s) => ({
    range: toRange(doc.lines, s, encoding),
    kind:
      declaration && s.start === declaration.start ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
