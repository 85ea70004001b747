// textDocument/implementation: impl blocks of a trait or type, and a trait method's implementations.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { requirePosition, requireUri } from '../lsp/params';
import { findImplementations } from '../workspace/implementations';
import { type FeatureContext, parsedDocument } from './document';
import { navigation, placeLocation, viewOfUri } from './workspace-context';

export function implementation(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (!nav || !view) return null;
  const offset = target.doc.lines.offsetAt(position, target.encoding);
  return findImplementations(nav.resolver, view, offset).map((p) => placeLocation(nav, p));
}
