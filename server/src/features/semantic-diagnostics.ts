// Diagnostics beyond syntax for an open document: the file's own (unused imports, duplicate declarations,
// uses of deprecated declarations; language/lint.ts) and, once its workspace is indexed, imported names the
// module does not provide and uses of imported deprecated declarations.
import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { lint, type LintDiagnostic } from '../language/lint';
import { DIAGNOSTIC_SOURCE, toRange } from '../lsp/convert';
import type { DiagnosticSource } from './diagnostics';
import { isImportedDeprecated, missingImportedNames } from '../workspace/import-check';
import type { FeatureContext } from './document';
import { navigation, uriToPath, viewOfUri } from './workspace-context';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function semanticDiagnostics(ctx: FeatureContext, doc: DiagnosticSource): Diagnostic[] {
  const result = doc.parse();
  const encoding = ctx.documents.encoding;
  const nav = navigation(ctx);
  const ready = nav !== undefined && nav.views.workspace.state === 'ready';
  const view = ready ? viewOfUri(nav, doc.uri) : undefined;
  const inWorkspace = nav !== undefined && view !== undefined && view.root >= 0;
  const found = lint(
    result,
    uriToPath(doc.uri) ?? doc.uri,
    inWorkspace ? (name, from) => isImportedDeprecated(nav.resolver, view, name, from) : undefined,
  );
  const out = found.map((d) => toLspDiagnostic(doc, d, encoding));
  if (inWorkspace) {
    for (const m of missingImportedNames(nav.resolver, view)) {
      out.push({
        range: toRange(doc.lines, m.item.span, encoding),
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: 'missing-import-name',
        message: m.message,
      });
    }
  }
  return out;
}

export function toLspDiagnostic(
  doc: DiagnosticSource,
  d: LintDiagnostic,
  encoding: 'utf-8' | 'utf-16',
): Diagnostic {
  const out: Diagnostic = {
    range: toRange(doc.lines, d, encoding),
    severity: SEVERITY[d.severity],
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    message: d.message,
  };
  if (d.tag === 'unnecessary') out.tags = [DiagnosticTag.Unnecessary];
  if (d.tag === 'deprecated') out.tags = [DiagnosticTag.Deprecated];
  return out;
}
