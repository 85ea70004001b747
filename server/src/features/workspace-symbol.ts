// workspace/symbol: fuzzy, ranked search over every declaration in the workspace (see
// workspace/symbol-search.ts for the ranking), capped, with container names.
import type { CancellationToken, SymbolInformation } from 'vscode-languageserver';
import { toSymbolKind } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import { searchSymbols } from '../workspace/symbol-search';
import { placeOfDecl } from '../workspace/resolver';
import { type FeatureContext, signalOf } from './document';
import { navigation, placeLocation } from './workspace-context';

export const WORKSPACE_SYMBOL_LIMIT = 200;

export function workspaceSymbols(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): SymbolInformation[] {
  const query = (params as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') throw invalidParams('params.query must be a string');
  const nav = navigation(ctx);
  const matches = searchSymbols(nav.views.workspace.index, query, WORKSPACE_SYMBOL_LIMIT, signalOf(token));
  const out: SymbolInformation[] = [];
  for (const m of matches) {
    const view = nav.views.byId(m.fileId);
    if (!view || m.index >= view.summary.names.length || view.summary.names[m.index] !== m.name) continue;
    const info: SymbolInformation = {
      name: m.name,
      kind: toSymbolKind(m.kind),
      location: placeLocation(nav, placeOfDecl({ view, index: m.index })),
    };
    if (m.container) info.containerName = m.container;
    out.push(info);
  }
  return out;
}
