// textDocument/typeDefinition (analysis/type-definition.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { type FeatureContext, locationRequest } from './document';

export function typeDefinition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  return locationRequest(ctx, params, token, analysis.typeDefinition);
}
