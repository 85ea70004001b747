// textDocument/references (analysis/references.ts): convert in, ask, convert out.
import type { CancellationToken, Location } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toLocation } from '../lsp/convert';
import { type FeatureContext, positionRequest, withSignal } from './document';

export async function references(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  /** Where uses on receivers of unknown type, left out, are reported (the log). */
  report: (line: string) => void = () => undefined,
): Promise<Location[] | null> {
  const includeDeclaration =
    (params as { context?: { includeDeclaration?: unknown } }).context?.includeDeclaration !== false;
  const req = positionRequest(ctx, params, token);
  if (!req) return null;
  const { analysis: a, parsed } = req;
  return withSignal(token, async (signal) => {
    const found = await analysis.references(a, req.at, {
      includeDeclaration,
      signal,
      onPossible: (p) => report(`references: ${p.note}`),
    });
    if (!found) return null;
    return found.map((r) => toLocation((f) => a.lines(f), r.range, parsed.encoding));
  });
}
