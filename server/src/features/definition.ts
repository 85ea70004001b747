// textDocument/definition (and declaration): where the name under the cursor is declared. Within the
// file: parameters, locals, bindings, declarations, self.x and Type.x. Across the workspace (when the
// session has one): imported names through the module graph (aliases and re-export chains), module path
// segments, members of types and modules declared elsewhere, impl blocks in other files, glob imports.
// Several candidates → all of them.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { definitionAt } from '../language';
import { toRange } from '../lsp/convert';
import { requirePosition, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';
import { navigation, placeLocation, viewOfUri } from './workspace-context';

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
  const offset = doc.lines.offsetAt(position, encoding);
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (nav && view) {
    const at = nav.resolver.at(view, offset);
    throwIfCancelled(token);
    return at ? at.places.map((p) => placeLocation(nav, p)) : [];
  }
  return definitionAt(result, offset).map((s) => ({ uri, range: toRange(doc.lines, s, encoding) }));
}
