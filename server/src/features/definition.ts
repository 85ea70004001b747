// textDocument/definition and textDocument/declaration (analysis/definition.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { type FeatureContext, locationRequest } from './document';

export function definition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  return locationRequest(ctx, params, token, (a, at) => analysis.definition(a, at)?.map((t) => t.range));
}
