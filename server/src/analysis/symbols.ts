// Document symbols (the file's outline) and workspace symbols (fuzzy, ranked search over every
// declaration in the workspace, see workspace/symbol-search.ts; capped, with container names).
import { buildOutline } from '../language';
import { SymbolKind, type OutlineSymbol } from '../language/types';
import { searchSymbols } from '../workspace/symbol-search';
import { placeOfDecl } from '../workspace/resolver';
import type { Analysis } from './analysis';
import type { FileRange } from './file-range';

/** The outline of a file; undefined when the file is not in the snapshot. */
export function documentSymbols(a: Analysis, file: string): OutlineSymbol[] | undefined {
  const result = a.parse(file);
  return result && buildOutline(result).symbols;
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  container?: string;
  /** The declaration's name. */
  range: FileRange;
}

export const WORKSPACE_SYMBOL_LIMIT = 200;

export function workspaceSymbols(a: Analysis, query: string, signal?: AbortSignal): WorkspaceSymbol[] {
  const matches = searchSymbols(a.workspace.index, query, WORKSPACE_SYMBOL_LIMIT, signal);
  const out: WorkspaceSymbol[] = [];
  for (const m of matches) {
    const view = a.views.byId(m.fileId);
    if (!view || m.index >= view.summary.names.length || view.summary.names[m.index] !== m.name) continue;
    const symbol: WorkspaceSymbol = {
      name: m.name,
      kind: m.kind,
      range: a.range(placeOfDecl({ view, index: m.index })),
    };
    if (m.container) symbol.container = m.container;
    out.push(symbol);
  }
  return out;
}
