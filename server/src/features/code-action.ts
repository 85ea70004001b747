// textDocument/codeAction: quick fixes (import a missing name, fix a misspelled one, remove unused
// imports) and organize imports, computed by workspace/code-actions.ts on the document's parse and lint
// diagnostics; each action carries a WorkspaceEdit and the diagnostics it answers.
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionOptions,
  type Diagnostic,
} from 'vscode-languageserver';
import type { ActionInfo } from '../language/code-actions';
import { lint } from '../language/lint';
import { toRange } from '../lsp/convert';
import { requireRange } from '../lsp/params';
import { type ActionWorkspace, codeActions } from '../workspace/code-actions';
import { type FeatureContext, parsedDocument, throwIfCancelled } from './document';
import { toLspDiagnostic } from './semantic-diagnostics';
import { navigation, uriToPath, viewOfUri } from './workspace-context';

export const CODE_ACTION_OPTIONS: CodeActionOptions = {
  codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports],
};

const KIND: Record<ActionInfo['kind'], string> = {
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
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const uri = doc.uri;
  const span = {
    start: doc.lines.offsetAt(range.start, encoding),
    end: doc.lines.offsetAt(range.end, encoding),
  };
  const only = wantedKinds(context.only);
  if (only?.size === 0) return [];
  const lints = lint(result, uriToPath(uri) ?? uri);
  throwIfCancelled(token);
  const nav = navigation(ctx);
  const view = viewOfUri(nav, uri);
  const ws: ActionWorkspace =
    view && view.root >= 0
      ? nav.views.workspace.state === 'ready'
        ? { views: nav.views, resolver: nav.resolver, view }
        : 'indexing'
      : undefined;
  const actions = codeActions(result, span, lints, ws, { only });
  throwIfCancelled(token);
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
      action.diagnostics = a.fixes.map((d) => matching(sent, toLspDiagnostic(doc, d, encoding)));
    if (a.preferred) action.isPreferred = true;
    return action;
  });
}

/** The kinds `context.only` asks for (a prefix such as `source` selects its sub-kinds); undefined: all. */
function wantedKinds(only: unknown): Set<ActionInfo['kind']> | undefined {
  if (!Array.isArray(only)) return undefined;
  const asked = only.filter((k): k is string => typeof k === 'string');
  const out = new Set<ActionInfo['kind']>();
  for (const [ours, lsp] of Object.entries(KIND) as [ActionInfo['kind'], string][])
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
