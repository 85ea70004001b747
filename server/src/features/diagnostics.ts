// A file's diagnostics (documentDiagnostics: syntax, then the checks of semantic-diagnostics.ts and
// import-diagnostics.ts), computed in this one place for push and pull (pull-diagnostics.ts).
// Push diagnostics (textDocument/publishDiagnostics): Neovim 0.7 and eglot 1.9 support nothing else.
// Runs are debounced per document, so a burst of keystrokes costs one parse; every publication is tagged
// with the version it was computed for, and a run whose snapshot is no longer current is dropped.
import { type Diagnostic, DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { readSetting, specOf } from '../config';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from '../lsp/convert';
import type { Logger } from '../logger';
import type { DocumentSnapshot, DocumentStore } from '../session/documents';
import type { FeatureContext } from './document';
import { importDiagnostics } from './import-diagnostics';
import { semanticDiagnostics } from './semantic-diagnostics';

/** What diagnostics need of a file: an open document's snapshot, or a file on disk seen the same way. */
export type DiagnosticSource = Pick<DocumentSnapshot, 'uri' | 'lines' | 'parse'>;

/** Every diagnostic of a file, in the session's encoding: syntax errors, lint, import checks. */
export function documentDiagnostics(ctx: FeatureContext, source: DiagnosticSource): Diagnostic[] {
  const encoding = ctx.documents.encoding;
  const syntax = source.parse().diagnostics;
  const shown = syntax.slice(0, MAX_DIAGNOSTICS).map((d) => toDiagnostic(source.lines, d, encoding));
  const extra = [...importDiagnostics(ctx, source), ...semanticDiagnostics(ctx, source)];
  const total = syntax.length + extra.length;
  const diagnostics = shown.concat(extra.slice(0, MAX_DIAGNOSTICS - shown.length));
  if (total > diagnostics.length) {
    const first =
      syntax.length > MAX_DIAGNOSTICS
        ? toDiagnostic(source.lines, syntax[MAX_DIAGNOSTICS], encoding)
        : extra[diagnostics.length - shown.length];
    diagnostics.push({
      range: first.range,
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      message: `${total - diagnostics.length} more problems in this file are not shown (at most ${MAX_DIAGNOSTICS} are reported)`,
    });
  }
  return diagnostics;
}

/**
 * At most this many diagnostics are published per document: a file of control characters or binary
 * junk would otherwise make one per character (100,000 NULs: 18.5 MB of JSON). Past the cap, one more
 * diagnostic at the first one left out says how many were.
 */
export const MAX_DIAGNOSTICS = 1000;

export const DEFAULT_DEBOUNCE_MS = specOf('simple.diagnostics.debounceMs').default as number;

/** `simple.diagnostics.debounceMs` from initializationOptions or settings, when valid (see config.ts). */
export function readDebounceMs(settings: unknown): number | undefined {
  return readSetting(settings, 'simple.diagnostics.debounceMs') as number | undefined;
}

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(
    private readonly documents: DocumentStore,
    private readonly publish: (params: PublishDiagnosticsParams) => void,
    private readonly logger: Logger,
    /** The document's diagnostics (documentDiagnostics, bound to the session). */
    private readonly compute: (doc: DocumentSnapshot) => Diagnostic[],
    public debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {}

  /** False for a client that pulls diagnostics: nothing is published, so it never gets both. */
  enabled = true;

  /** (Re)starts the document's debounce timer for its current snapshot. */
  schedule(doc: DocumentSnapshot): void {
    if (this.disposed || !this.enabled) return;
    this.cancel(doc.uri);
    const timer = setTimeout(() => {
      this.timers.delete(doc.uri);
      this.run(doc);
    }, this.debounceMs);
    this.timers.set(doc.uri, timer);
  }

  /** Stops pending work for `uri` and clears what the client shows for it. */
  clear(uri: string): void {
    this.cancel(uri);
    if (!this.disposed && this.enabled) this.publish({ uri, diagnostics: [] });
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private run(doc: DocumentSnapshot): void {
    if (this.disposed || !this.documents.isCurrent(doc)) return;
    let params: PublishDiagnosticsParams;
    try {
      params = { uri: doc.uri, version: doc.version, diagnostics: this.compute(doc) };
    } catch (error) {
      this.logger.error(`diagnostics for ${doc.uri} v${doc.version} failed`, error);
      return;
    }
    // The work above is synchronous today; the check keeps stale results out if it ever is not.
    if (!this.documents.isCurrent(doc)) {
      this.logger.debug(`dropping stale diagnostics for ${doc.uri} v${doc.version}`);
      return;
    }
    this.publish(params);
  }
}
