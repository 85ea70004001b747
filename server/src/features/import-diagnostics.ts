// Unresolved imports of an open document, once its workspace is indexed: a warning on the import path
// naming what was looked for (workspace/module-graph.ts decides what is certain enough to report).
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, toRange } from '../lsp/convert';
import type { DiagnosticSource } from './diagnostics';
import { unresolvedImports } from '../workspace/module-graph';
import type { FeatureContext } from './document';
import { navigation, viewOfUri } from './workspace-context';

export function importDiagnostics(ctx: FeatureContext, doc: DiagnosticSource): Diagnostic[] {
  const nav = navigation(ctx);
  if (nav.views.workspace.state !== 'ready') return [];
  const view = viewOfUri(nav, doc.uri);
  if (!view || view.root < 0) return [];
  const outline = view.outline().imports;
  return unresolvedImports(nav.views.workspace.graph, view, view.summary.imports).map(
    ({ index, message }) => ({
      range: toRange(doc.lines, outline[index].pathSpan, nav.encoding),
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'unresolved-import',
      message,
    }),
  );
}
