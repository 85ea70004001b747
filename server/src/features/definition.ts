// textDocument/definition (and declaration): where the name under the cursor is declared. Within the
// file: parameters, locals, bindings, declarations, self.x and Type.x. Across the workspace (when the
// session has one): imported names through the module graph (aliases and re-export chains), module path
// segments, members of types and modules declared elsewhere, impl blocks in other files, glob imports.
// Several candidates → all of them.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { type FeatureContext, throwIfCancelled } from './document';
import { documentPosition, placeLocation } from './workspace-context';

export function definition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const at = documentPosition(ctx, params, token);
  if (at === undefined) return null;
  const { nav, view, offset } = at;
  const found = nav.resolver.at(view, offset);
  throwIfCancelled(token);
  return found ? found.places.map((p) => placeLocation(nav, p)) : [];
}
