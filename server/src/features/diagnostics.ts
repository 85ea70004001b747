// A file's diagnostics (documentDiagnostics: analysis/diagnostics.ts converted out), in this one place for
// push and pull (pull-diagnostics.ts).
// Push diagnostics (textDocument/publishDiagnostics): Neovim 0.7 and eglot 1.9 support nothing else.
// Runs are debounced per document, so a burst of keystrokes costs one parse; every publication is tagged
// with the version it was computed for, and a run whose snapshot is no longer current is dropped.
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { readSetting, specOf } from '../config';
import { toDiagnostic } from '../lsp/convert';
import { documentKey } from '../lsp/uri';
import type { Logger } from '../logger';
import type { DocumentSnapshot, DocumentStore } from '../session/documents';
import { analysisOf, type FeatureContext } from './document';

/** Every diagnostic of an open document or an indexed file, in the session's encoding. */
export function documentDiagnostics(ctx: FeatureContext, uri: string): Diagnostic[] {
  const a = analysisOf(ctx);
  const file = documentKey(uri);
  const problems = analysis.diagnostics(a, file, { unknownMembers: ctx.unknownMembers?.() === true });
  if (problems.length === 0) return [];
  const lines = a.lineIndex(file);
  return problems.map((p) => toDiagnostic(lines, p, ctx.documents.encoding));
}

export const MAX_DIAGNOSTICS = analysis.MAX_DIAGNOSTICS;

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
