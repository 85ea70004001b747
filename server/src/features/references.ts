// textDocument/references: every confirmed use of the declaration under the cursor across the workspace
// (with or without the declaration itself), from the store's native word scan confirmed by resolution.
import { type CancellationToken, type Location, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { requirePosition, requireUri } from '../lsp/params';
import { findReferences } from '../workspace/references';
import { type FeatureContext, parsedDocument } from './document';
import { navigation, pathToUri, placeRange, viewOfUri } from './workspace-context';

export async function references(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<Location[] | null> {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const includeDeclaration =
    (params as { context?: { includeDeclaration?: unknown } }).context?.includeDeclaration !== false;
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (!nav || !view) return null;
  const offset = target.doc.lines.offsetAt(position, target.encoding);
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    const found = await findReferences(nav.resolver, view, offset, {
      signal: abort.signal,
      openPaths: nav.openPaths,
    });
    if (!found) return [];
    return found.occurrences
      .filter((o) => includeDeclaration || !o.declaration)
      .map((o) => ({ uri: pathToUri(o.path), range: placeRange(nav, o) }));
  } catch (e) {
    if (abort.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    throw e;
  } finally {
    listener.dispose();
  }
}
