// textDocument/selectionRange: for each position, the chain of enclosing syntax spans, innermost first.
import type { CancellationToken, SelectionRange } from 'vscode-languageserver';
import { selectionSpans } from '../language';
import { toSelectionRange } from '../lsp/convert';
import { requirePositions, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';

export function selectionRanges(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): SelectionRange[] | null {
  requireUri(params);
  const positions = requirePositions(params);
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  return positions.map((p) => {
    throwIfCancelled(token);
    const offset = doc.lines.offsetAt(p, encoding);
    return toSelectionRange(doc.lines, selectionSpans(result, offset), offset, encoding);
  });
}
