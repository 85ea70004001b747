// textDocument/typeDefinition (analysis/type-definition.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toLocation } from '../lsp/convert';
import { type FeatureContext, positionRequest, throwIfCancelled } from './document';

export function typeDefinition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const { analysis: a, parsed } = req;
  const found = analysis.typeDefinition(a, req.at);
  throwIfCancelled(token);
  return found ? found.map((r) => toLocation((f) => a.lineIndex(f), r, parsed.encoding)) : null;
}
