// workspace/symbol (analysis/symbols.ts): fuzzy, ranked, capped, with container names.
import type { CancellationToken, SymbolInformation } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toLocation, toSymbolKind } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import { analysisOf, type FeatureContext, signalOf } from './document';

export function workspaceSymbols(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): SymbolInformation[] {
  const query = (params as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') throw invalidParams('params.query must be a string');
  const a = analysisOf(ctx);
  const encoding = ctx.documents.encoding;
  return analysis.workspaceSymbols(a, query, signalOf(token)).map((s) => {
    const info: SymbolInformation = {
      name: s.name,
      kind: toSymbolKind(s.kind),
      location: toLocation((f) => a.lines(f), s.range, encoding),
    };
    if (s.container) info.containerName = s.container;
    return info;
  });
}
