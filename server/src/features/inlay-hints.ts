// textDocument/inlayHint: parameter names before positional arguments and evident types of `val`/`var`,
// for the requested range. Signatures of callees imported from other files come from `importedFor`.
import { type CancellationToken, type InlayHint, InlayHintKind } from 'vscode-languageserver';
import { inlayHints as analyseHints } from '../language';
import { requireRange, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';
import type { ImportedSignaturesFor } from './signature-help';
import { typeHints } from '../types';
import { typeContextOf } from './type-context';

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
  // Inferred types of bindings that neither spell nor evidently show them (the literal cases above).
  const shown = new Set(hints.map((h) => h.offset));
  const types = typeContextOf(ctx, doc.uri, target);
  for (const h of typeHints(types.engine, types.file, span))
    if (!shown.has(h.offset)) hints.push({ offset: h.offset, label: h.label, kind: 'type' });
  hints.sort((a, b) => a.offset - b.offset);
  throwIfCancelled(token);
  return hints.map((h) => {
    const position = doc.lines.positionAt(h.offset, encoding);
    return h.kind === 'parameter'
      ? { position, label: h.label, kind: InlayHintKind.Parameter, paddingRight: true }
      : { position, label: h.label, kind: InlayHintKind.Type };
  });
}
