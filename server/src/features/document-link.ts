// textDocument/documentLink: each resolving segment of a `use`/`import`/`export` path links to its module
// file (workspace/module-links.ts decides which). Only for documents in the session's workspace.
import type { CancellationToken, DocumentLink } from 'vscode-languageserver';
import { toRange } from '../lsp/convert';
import { moduleLinks } from '../workspace/module-links';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';
import { navigation, pathToUri, viewOfUri } from './workspace-context';

export const DOCUMENT_LINK_OPTIONS = { resolveProvider: false };

export function documentLinks(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentLink[] | null {
  const parsed = parsedDocument(ctx, params, token);
  if (!parsed) return null;
  const nav = navigation(ctx);
  const view = viewOfUri(nav, parsed.doc.uri);
  if (!view) return [];
  const ws = nav.views.workspace;
  const links = moduleLinks(view, ws.graph, ws.index);
  throwIfCancelled(token);
  return links.map((l) => ({
    range: toRange(parsed.doc.lines, l.span, parsed.encoding),
    target: pathToUri(l.target),
    tooltip: `module ${l.module}`,
  }));
}
