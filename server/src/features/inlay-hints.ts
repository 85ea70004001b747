// textDocument/inlayHint (analysis/inlay-hints.ts): convert in, ask, convert out.
import { type CancellationToken, type InlayHint, InlayHintKind } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { requireRange, requireUri } from '../lsp/params';
import { documentRequest, type FeatureContext, throwIfCancelled } from './document';

export function inlayHints(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): InlayHint[] | null {
  requireUri(params);
  const range = requireRange((params as { range?: unknown }).range, 'params.range');
  const req = documentRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const span = {
    start: doc.lines.offsetAt(range.start, encoding),
    end: doc.lines.offsetAt(range.end, encoding),
  };
  const hints = analysis.inlayHints(req.analysis, req.file, span);
  throwIfCancelled(token);
  if (!hints) return null;
  return hints.map((h) => {
    const position = doc.lines.positionAt(h.offset, encoding);
    return h.kind === 'parameter'
      ? { position, label: h.label, kind: InlayHintKind.Parameter, paddingRight: true }
      : { position, label: h.label, kind: InlayHintKind.Type };
  });
}
