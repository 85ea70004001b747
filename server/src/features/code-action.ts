// textDocument/codeAction (analysis/code-actions.ts): convert in, ask, convert out. Each action carries a
// WorkspaceEdit and the diagnostics it answers.
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionOptions,
  type Diagnostic,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toDiagnostic, toRange } from '../lsp/convert';
import { requireRange } from '../lsp/params';
import { cancellable, documentRequest, type FeatureContext } from './document';

export const CODE_ACTION_OPTIONS: CodeActionOptions = {
  codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports],
};

const KIND: Record<analysis.ActionKind, string> = {
  quickfix: CodeActionKind.QuickFix,
  organizeImports: CodeActionKind.SourceOrganizeImports,
};

export interface CodeActionClient {
  /** The client applies `documentChanges` (edits tied to the document version they were computed on). */
  documentChanges: boolean;
}

export function codeAction(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  client: CodeActionClient = { documentChanges: false },
): CodeAction[] | null {
  const p = params as { textDocument: { uri: string }; range?: unknown; context?: unknown };
  const range = requireRange(p.range, 'params.range');
  const context = (typeof p.context === 'object' && p.context !== null ? p.context : {}) as {
    diagnostics?: unknown;
    only?: unknown;
  };
  const req = documentRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const uri = doc.uri;
  const span = {
    start: doc.lines.offsetAt(range.start, encoding),
    end: doc.lines.offsetAt(range.end, encoding),
  };
  const only = wantedKinds(context.only);
  if (only?.size === 0) return [];
  const actions = cancellable(token, (signal) =>
    analysis.codeActions(req.analysis, req.file, span, { only, signal }),
  );
  if (!actions) return null;
  const sent = Array.isArray(context.diagnostics) ? (context.diagnostics as Diagnostic[]) : [];
  return actions.map((a) => {
    const edits = a.edits.map((e) => ({ range: toRange(doc.lines, e, encoding), newText: e.newText }));
    const action: CodeAction = {
      title: a.title,
      kind: KIND[a.kind],
      edit: client.documentChanges
        ? { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] }
        : { changes: { [uri]: edits } },
    };
    if (a.fixes.length > 0)
      action.diagnostics = a.fixes.map((d) =>
        matching(sent, toDiagnostic(doc.lines, analysis.problem(d), encoding)),
      );
    if (a.preferred) action.isPreferred = true;
    return action;
  });
}

/** The kinds `context.only` asks for (a prefix such as `source` selects its sub-kinds); undefined: all. */
function wantedKinds(only: unknown): Set<analysis.ActionKind> | undefined {
  if (!Array.isArray(only)) return undefined;
  const asked = only.filter((k): k is string => typeof k === 'string');
  const out = new Set<analysis.ActionKind>();
  for (const [ours, lsp] of Object.entries(KIND) as [analysis.ActionKind, string][])
    if (asked.some((k) => k === '' || lsp === k || lsp.startsWith(`${k}.`))) out.add(ours);
  return out;
}

/** The client's own copy of a diagnostic when it sent one (same range and code), else ours. */
function matching(sent: Diagnostic[], ours: Diagnostic): Diagnostic {
  return (
    sent.find(
      (d) =>
        d?.code === ours.code &&
        d.range?.start?.line === ours.range.start.line &&
        d.range.start.character === ours.range.start.character &&
        d.range.end?.line === ours.range.end.line &&
        d.range.end.character === ours.range.end.character,
    ) ?? ours
  );
}
