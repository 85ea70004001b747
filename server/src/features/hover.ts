// textDocument/hover (analysis/hover.ts): convert in, ask, convert out.
import type { CancellationToken, Hover } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toRange } from '../lsp/convert';
import { type FeatureContext, positionRequest } from './document';

export function hover(ctx: FeatureContext, params: unknown, token: CancellationToken): Hover | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const found = analysis.hover(req.analysis, req.at);
  if (!found) return null;
  return {
    contents: { kind: 'markdown', value: found.markdown },
    range: toRange(doc.lines, found.span, encoding),
  };
}
