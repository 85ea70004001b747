// textDocument/documentLink (analysis/document-links.ts): module path segments link to their files.
import type { CancellationToken, DocumentLink } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toRange } from '../lsp/convert';
import { pathToUri } from '../lsp/uri';
import { documentRequest, type FeatureContext, throwIfCancelled } from './document';

export const DOCUMENT_LINK_OPTIONS = { resolveProvider: false };

export function documentLinks(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentLink[] | null {
  const req = documentRequest(ctx, params, token);
  if (!req) return null;
  const links = analysis.documentLinks(req.analysis, req.file);
  throwIfCancelled(token);
  const { doc, encoding } = req.parsed;
  return (links ?? []).map((l) => ({
    range: toRange(doc.lines, l.span, encoding),
    target: pathToUri(l.target),
    tooltip: `module ${l.module}`,
  }));
}
