// textDocument/implementation (analysis/implementation.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toLocation } from '../lsp/convert';
import { type FeatureContext, positionRequest } from './document';

export function implementation(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const req = positionRequest(ctx, params, token);
  if (!req) return null;
  const { analysis: a, parsed } = req;
  const found = analysis.implementation(a, req.at);
  return found ? found.map((r) => toLocation((f) => a.lineIndex(f), r, parsed.encoding)) : null;
}
