// textDocument/definition (and declaration): the declaration of the name under the cursor, resolved
// within its file (parameters, locals, loop and pattern bindings, declarations, imports, self.x and
// Type.x members). Names from other files wait for the workspace index.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { definitionAt } from '../language';
import { toRange } from '../lsp/convert';
import { requirePosition, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument } from './document';

export function definition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const spans = definitionAt(result, doc.lines.offsetAt(position, encoding));
  return spans.map((s) => ({ uri, range: toRange(doc.lines, s, encoding) }));
}
