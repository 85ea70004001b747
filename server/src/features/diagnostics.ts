// A file's diagnostics (documentDiagnostics: analysis/diagnostics.ts converted out), in this one place for
// push and pull (pull-diagnostics.ts).
// Push diagnostics (textDocument/publishDiagnostics): Neovim 0.7 and eglot 1.9 support nothing else.
// Runs are debounced per document, so a burst of keystrokes costs one parse; every publication is tagged
// with the version it was computed for, and a run whose snapshot is no longer current is dropped. A
// request answered while a run waits puts it off by another debounce (up to MAX_POSTPONE_MS after its
// change): while the user types and the editor asks for completion or tokens, those are answered first,
// and the diagnostics of a version the next keystroke makes stale are never computed.
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

/** How long requests can put off a document's diagnostics after its change. */
export const MAX_POSTPONE_MS = 1000;

/** The clock and timers the scheduler uses (tests pass their own). */
export interface SchedulerClock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const REAL_CLOCK: SchedulerClock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

interface Pending {
  doc: DocumentSnapshot;
  handle: unknown;
  /** When the run was first scheduled (its change). */
  since: number;
}

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, Pending>();
  private disposed = false;

  constructor(
    private readonly documents: DocumentStore,
    private readonly publish: (params: PublishDiagnosticsParams) => void,
    private readonly logger: Logger,
    /** The document's diagnostics (documentDiagnostics, bound to the session). */
    private readonly compute: (doc: DocumentSnapshot) => Diagnostic[],
    public debounceMs = DEFAULT_DEBOUNCE_MS,
    private readonly clock: SchedulerClock = REAL_CLOCK,
  ) {}

  /** False for a client that pulls diagnostics: nothing is published, so it never gets both. */
  enabled = true;

  /** (Re)starts the document's debounce timer for its current snapshot. */
  schedule(doc: DocumentSnapshot): void {
    if (this.disposed || !this.enabled) return;
    this.cancel(doc.uri);
    this.arm(doc, this.clock.now());
  }

  /** A request was answered: every waiting run waits another debounce, up to MAX_POSTPONE_MS in all. */
  postpone(): void {
    if (this.disposed || this.debounceMs <= 0) return;
    const now = this.clock.now();
    for (const [uri, p] of [...this.timers]) {
      if (now - p.since + this.debounceMs > MAX_POSTPONE_MS) continue;
      this.cancel(uri);
      this.arm(p.doc, p.since);
    }
  }

  private arm(doc: DocumentSnapshot, since: number): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(doc.uri);
      this.run(doc);
    }, this.debounceMs);
    this.timers.set(doc.uri, { doc, handle, since });
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
    const pending = this.timers.get(uri);
    if (pending !== undefined) this.clock.clearTimeout(pending.handle);
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
