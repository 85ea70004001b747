// textDocument/references: every confirmed use of the declaration under the cursor across the workspace
// (with or without the declaration itself), from the store's native word scan confirmed by resolution.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { findReferences } from '../workspace/references';
import { type FeatureContext, withSignal } from './document';
import { pathToUri, placeRange, documentPosition } from './workspace-context';

export async function references(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<Location[] | null> {
  const includeDeclaration =
    (params as { context?: { includeDeclaration?: unknown } }).context?.includeDeclaration !== false;
  const at = documentPosition(ctx, params, token);
  if (!at) return null;
  const { nav, view, offset } = at;
  return withSignal(token, async (signal) => {
    const found = await findReferences(nav.resolver, view, offset, { signal, openPaths: nav.openPaths });
    if (!found) return [];
    return found.occurrences
      .filter((o) => includeDeclaration || !o.declaration)
      .map((o) => ({ uri: pathToUri(o.path), range: placeRange(nav, o) }));
  });
}
