// textDocument/implementation: impl blocks of a trait or type, and a trait method's implementations.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { findImplementations } from '../workspace/implementations';
import type { FeatureContext } from './document';
import { placeLocation, documentPosition } from './workspace-context';

export function implementation(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const at = documentPosition(ctx, params, token);
  if (!at) return null;
  return findImplementations(at.nav.resolver, at.view, at.offset).map((p) => placeLocation(at.nav, p));
}
