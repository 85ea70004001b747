// textDocument/implementation (analysis/implementation.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { type FeatureContext, locationRequest } from './document';

export function implementation(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  return locationRequest(ctx, params, token, analysis.implementation);
}
