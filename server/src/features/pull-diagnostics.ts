// Pull diagnostics (textDocument/diagnostic, workspace/diagnostic) for clients that ask for them (VS Code);
// the session then never pushes (diagnostics.ts), so a client never gets both for one file.
// Every report carries a resultId: a digest of the diagnostics themselves, so a client asking again with
// the id it holds gets `unchanged` whenever the answer would be the same list. Recomputing is skipped
// outright while what a file's diagnostics depend on is unchanged: the open document's version, or the
// file's size and mtime on disk, plus the workspace's index generation and the session's settings epoch.
import { createHash } from 'node:crypto';
import {
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver';
import { LineIndex } from '../lsp/line-index';
import { invalidParams, requireUri } from '../lsp/params';
import { type DiagnosticSource, documentDiagnostics } from './diagnostics';
import { type FeatureContext, throwIfCancelled } from './document';
import { navigation, pathToUri, uriToPath } from './workspace-context';

/** The identifier the server registers its pull diagnostics under. */
export const DIAGNOSTIC_IDENTIFIER = 'simple';

export const DIAGNOSTIC_OPTIONS = {
  identifier: DIAGNOSTIC_IDENTIFIER,
  interFileDependencies: true,
  workspaceDiagnostics: true,
};

/** Files computed between two turns of the event loop in a workspace pull. */
const WORKSPACE_SLICE = 64;

interface Known {
  /** What the diagnostics were computed from; the same inputs give the same list. */
  inputs: string;
  resultId: string;
  items: Diagnostic[];
}

export class PullDiagnostics {
  /** The last report per URI: lets an unchanged file skip its parse. */
  private readonly known = new Map<string, Known>();
  /** Bumped by settings and workspace changes that the inputs of a file do not show. */
  private epoch = 0;

  constructor(private readonly ctx: FeatureContext) {}

  /** Something every file's diagnostics may depend on has changed (settings, roots). */
  invalidate(): void {
    this.epoch++;
    this.known.clear();
  }

  /** textDocument/diagnostic: the open document (or the indexed file on disk) named by the params. */
  document(params: unknown, token: CancellationToken): DocumentDiagnosticReport {
    const uri = requireUri(params);
    const previous = optionalString(params, 'previousResultId');
    throwIfCancelled(token);
    const doc = this.ctx.documents.get(uri);
    const report = doc ? this.report(uri, `open:${doc.version}`, () => doc) : this.diskReport(uri);
    throwIfCancelled(token);
    if (report === undefined) return { kind: 'full', items: [] };
    return previous === report.resultId
      ? { kind: 'unchanged', resultId: report.resultId }
      : { kind: 'full', resultId: report.resultId, items: report.items };
  }

  /**
   * workspace/diagnostic: every indexed file the session does not have open (open ones are pulled per
   * document), plus an empty report for each previously reported file that has left the workspace, so
   * its diagnostics disappear. Yields to the event loop between slices and honours cancellation.
   */
  async workspace(params: unknown, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const previous = previousResultIds(params);
    const ws = this.ctx.workspace();
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const reported = new Set<string>();
    if (ws !== undefined) {
      const files = [...ws.index.allFiles()].sort((a, b) => (a.path < b.path ? -1 : 1));
      for (let i = 0; i < files.length; i++) {
        if (i % WORKSPACE_SLICE === WORKSPACE_SLICE - 1) {
          await new Promise((resolve) => setImmediate(resolve));
          throwIfCancelled(token);
        }
        if (this.ctx.workspace() !== ws) break; // the roots changed under us: the refresh that follows re-asks
        const uri = pathToUri(files[i].path);
        reported.add(uri);
        if (this.ctx.documents.get(uri) !== undefined) continue;
        const report = this.diskReport(uri);
        if (report === undefined) continue;
        items.push(
          previous.get(uri) === report.resultId
            ? { kind: 'unchanged', uri, version: null, resultId: report.resultId }
            : { kind: 'full', uri, version: null, resultId: report.resultId, items: report.items },
        );
      }
    }
    throwIfCancelled(token);
    for (const uri of previous.keys()) {
      if (reported.has(uri) || this.ctx.documents.get(uri) !== undefined) continue;
      this.known.delete(uri);
      items.push({ kind: 'full', uri, version: null, items: [] });
    }
    return { items };
  }

  /** A file on disk that the workspace has indexed; undefined for any other URI. */
  private diskReport(uri: string): Known | undefined {
    const nav = navigation(this.ctx);
    const path = uriToPath(uri);
    const file = path === undefined ? undefined : nav.views.workspace.index.fileByPath(path);
    if (path === undefined || file === undefined) return undefined;
    return this.report(uri, `disk:${file.id}:${file.size}:${file.mtimeMs}`, () => {
      const view = nav.views.byPath(path)!;
      let lines: LineIndex | undefined;
      return {
        uri,
        get lines() {
          return (lines ??= new LineIndex(view.text()));
        },
        parse: () => view.parse(),
      };
    });
  }

  private report(uri: string, inputs: string, source: () => DiagnosticSource): Known {
    const ws = this.ctx.workspace();
    const key = `${this.epoch}|${ws?.serial ?? 0}:${ws?.index.generation ?? -1}:${ws?.state ?? '-'}|${inputs}`;
    const known = this.known.get(uri);
    if (known?.inputs === key) return known;
    const items = documentDiagnostics(this.ctx, source());
    const resultId = createHash('sha1').update(JSON.stringify(items)).digest('base64url').slice(0, 16);
    const next = { inputs: key, resultId, items };
    this.known.set(uri, next);
    return next;
  }

  /** A document the client closed: its next pull (workspace or document) starts afresh. */
  forget(uri: string): void {
    this.known.delete(uri);
  }
}

function optionalString(params: unknown, field: string): string | undefined {
  const value = (params as Record<string, unknown>)[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParams(`params.${field} must be a string`);
  return value;
}

function previousResultIds(params: unknown): Map<string, string> {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw invalidParams('params must be an object');
  const list = (params as { previousResultIds?: unknown }).previousResultIds ?? [];
  if (!Array.isArray(list)) throw invalidParams('params.previousResultIds must be an array');
  const out = new Map<string, string>();
  list.forEach((item: unknown, i) => {
    const { uri, value } = (item ?? {}) as { uri?: unknown; value?: unknown };
    if (typeof uri !== 'string' || typeof value !== 'string')
      throw invalidParams(`params.previousResultIds[${i}] must have string uri and value`);
    out.set(uri, value);
  });
  return out;
}
