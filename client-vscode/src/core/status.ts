// The status bar's text and tooltip, from the server's `simple/status` reply and the work-done progress
// it reports. Pure: extension.ts feeds it events and shows what it returns.

/** The parts of the `simple/status` reply the status bar uses (server/src/features/status.ts). */
export interface StatusReply {
  version?: string;
  transport?: string;
  store?: { kind?: string; reason?: string } | 'none';
  openDocuments?: unknown[];
  workspace?: { state?: string; files?: number; workerProblem?: string } | 'none';
}

export interface StatusOptions {
  /** The server is the copy bundled in the extension (not a repository build or simple.server.path). */
  bundled?: boolean;
  /** The bundle carries the native addon (the platform-specific .vsix); false for the universal one. */
  bundleHasAddon?: boolean;
}

/** Why the store is what it is, in words a reader can act on. */
function storeLine(store: StatusReply['store'], options: StatusOptions): string {
  if (store === undefined || store === 'none') return 'none';
  // The universal .vsix has no addon by design: advice to rebuild it would be advice nobody can follow.
  if (store.kind === 'fs' && options.bundled === true && options.bundleHasAddon === false)
    return 'fs (this is the universal package, which carries no native addon; the linux-x64 package has the native store)';
  return `${store.kind ?? '?'} (${store.reason ?? ''})`;
}

export interface ProgressValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
}

interface Running {
  title: string;
  message?: string;
  percentage?: number;
}

/** Work-done progress by token: begin/report/end as the server sends them. */
export class ProgressTracker {
  private readonly running = new Map<string, Running>();

  update(token: string | number, value: ProgressValue): void {
    const key = String(token);
    if (value.kind === 'end') {
      this.running.delete(key);
      return;
    }
    const prev = this.running.get(key);
    if (value.kind === 'report' && prev === undefined) return; // report without begin: ignore
    this.running.set(key, {
      title: value.kind === 'begin' ? (value.title ?? 'working') : prev!.title,
      message: value.message ?? prev?.message,
      percentage: typeof value.percentage === 'number' ? value.percentage : prev?.percentage,
    });
  }

  /** The most recently begun task still running. */
  current(): Running | undefined {
    let last: Running | undefined;
    for (const r of this.running.values()) last = r;
    return last;
  }
}

export type ConnectionState = 'starting' | 'running' | 'stopped' | 'failed';

export interface StatusView {
  text: string;
  tooltip: string;
}

export function statusView(
  state: ConnectionState,
  reply: StatusReply | undefined,
  progress?: Running,
  error?: string,
  options: StatusOptions = {},
): StatusView {
  if (state === 'failed')
    return { text: '$(error) Simple', tooltip: `simple-lsp failed: ${error ?? 'see the log'}` };
  if (state === 'stopped') return { text: '$(circle-slash) Simple', tooltip: 'simple-lsp is stopped' };
  // Running but no simple/status reply yet: still starting, as far as a reader can tell (never `? · ?`).
  if (state === 'starting' || reply === undefined)
    return { text: '$(sync~spin) Simple', tooltip: 'simple-lsp is starting' };
  if (progress !== undefined) {
    const pct = progress.percentage !== undefined ? ` ${Math.round(progress.percentage)}%` : '';
    const msg = progress.message ? `: ${progress.message}` : '';
    return { text: `$(sync~spin) Simple: ${progress.title}${pct}`, tooltip: `${progress.title}${pct}${msg}` };
  }
  const transport = reply.transport ?? '?';
  const store =
    reply.store === undefined
      ? '?'
      : reply.store === 'none'
        ? 'no store'
        : `${reply.store.kind ?? '?'} store`;
  const lines = [
    `simple-lsp ${reply.version ?? ''}`.trim(),
    `transport: ${transport}`,
    `file store: ${storeLine(reply.store, options)}`,
    `open documents: ${reply.openDocuments?.length ?? '?'}`,
  ];
  const ws = reply.workspace;
  if (ws !== undefined && ws !== 'none') {
    lines.push(`index: ${ws.state ?? '?'}, ${ws.files ?? '?'} files`);
    if (ws.workerProblem !== undefined) lines.push(`index on the main thread: ${ws.workerProblem}`);
  }
  lines.push('Click to show the log.');
  return { text: `$(check) Simple: ${transport} · ${store}`, tooltip: lines.join('\n') };
}
