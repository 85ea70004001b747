// textDocument/selectionRange (analysis/selection.ts): for each position, the chain of enclosing spans.
import type { CancellationToken, SelectionRange } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toSelectionRange } from '../lsp/convert';
import { requirePositions, requireUri } from '../lsp/params';
import { cancellable, documentRequest, type FeatureContext } from './document';

export function selectionRanges(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): SelectionRange[] | null {
  requireUri(params);
  const positions = requirePositions(params);
  const req = documentRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const offsets = positions.map((p) => doc.lines.offsetAt(p, encoding));
  const chains = cancellable(token, (signal) => analysis.selection(req.analysis, req.file, offsets, signal));
  return chains ? chains.map((spans, i) => toSelectionRange(doc.lines, spans, offsets[i], encoding)) : null;
}
