// textDocument/inlayHint: parameter names before positional arguments and evident types of `val`/`var`,
// for the requested range. Signatures of callees imported from other files come from `importedFor`.
import { type CancellationToken, type InlayHint, InlayHintKind } from 'vscode-languageserver';
import { inlayHints as analyseHints } from '../language';
import { requireRange, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';
import type { ImportedSignaturesFor } from './signature-help';

export function inlayHints(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  importedFor: ImportedSignaturesFor = () => undefined,
): InlayHint[] | null {
  requireUri(params);
  const range = requireRange((params as { range?: unknown }).range, 'params.range');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const span = {
    start: doc.lines.offsetAt(range.start, encoding),
    end: doc.lines.offsetAt(range.end, encoding),
  };
  const hints = analyseHints(result, span, importedFor(doc.uri));
  throwIfCancelled(token);
  return hints.map((h) => {
    const position = doc.lines.positionAt(h.offset, encoding);
    return h.kind === 'parameter'
      ? { position, label: h.label, kind: InlayHintKind.Parameter, paddingRight: true }
      : { position, label: h.label, kind: InlayHintKind.Type };
  });
}
