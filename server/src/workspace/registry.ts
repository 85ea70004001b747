// One Workspace per set of roots, shared by every session that opens those roots (the shared TCP server
// has many; stdio has one). A workspace nobody uses is closed after an idle delay.
import type { Logger } from '../logger';
import type { FileStore } from '../store/file-store';
import type { DiscoveryOptions } from './discovery';
import { RootWatcher } from './watcher';
import { Workspace } from './workspace';

export interface RegistryOptions {
  store: FileStore;
  logger: Logger;
  cacheDir?: string;
  workers?: number;
  /** A SCIP index from `simple-lsp scip` to start new workspaces from (a session's setting wins). */
  prebuilt?: string;
  /** Close a workspace this long after its last session left (default 5 minutes). */
  idleMs?: number;
}

interface Entry {
  workspace: Workspace;
  users: number;
  idle?: NodeJS.Timeout;
  watcher?: RootWatcher;
  listeners: Set<(ids: number[]) => void>;
}

export class WorkspaceRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RegistryOptions) {}

  /** The workspace for these roots (created on first use); pair with release(). */
  acquire(roots: readonly string[], discovery: DiscoveryOptions & { prebuilt?: string } = {}): Workspace {
    const key = [...roots].sort().join('\0');
    let entry = this.entries.get(key);
    if (!entry) {
      const workspace = new Workspace({
        ...discovery,
        roots,
        store: this.options.store,
        logger: this.options.logger,
        ...(this.options.cacheDir !== undefined ? { cacheDir: this.options.cacheDir } : {}),
        ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
        ...(this.options.prebuilt !== undefined && discovery.prebuilt === undefined
          ? { prebuilt: this.options.prebuilt }
          : {}),
      });
      entry = { workspace, users: 0, listeners: new Set() };
      this.entries.set(key, entry);
    }
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = undefined;
    entry.users++;
    return entry.workspace;
  }

  /** Starts the server-side watcher of a workspace (idempotent). */
  watch(workspace: Workspace): void {
    const entry = this.entryOf(workspace);
    if (!entry || entry.watcher) return;
    entry.watcher = new RootWatcher(
      workspace.roots,
      (batch) => void this.apply(workspace, batch),
      this.options.logger,
    );
  }

  /** Applies disk changes and tells every session of the workspace which files changed. */
  async apply(workspace: Workspace, batch: Parameters<Workspace['applyChanges']>[0]): Promise<number[]> {
    const ids = await workspace.applyChanges(batch);
    const entry = this.entryOf(workspace);
    if (entry && ids.length > 0) for (const l of entry.listeners) l(ids);
    return ids;
  }

  onDidChange(workspace: Workspace, listener: (ids: number[]) => void): () => void {
    const entry = this.entryOf(workspace);
    entry?.listeners.add(listener);
    return () => entry?.listeners.delete(listener);
  }

  release(workspace: Workspace): void {
    const entry = this.entryOf(workspace);
    if (!entry) return;
    entry.users--;
    if (entry.users > 0) return;
    entry.idle = setTimeout(() => this.close(workspace), this.options.idleMs ?? 5 * 60_000);
    entry.idle.unref();
  }

  private close(workspace: Workspace): void {
    for (const [key, entry] of this.entries) {
      if (entry.workspace !== workspace) continue;
      entry.watcher?.close();
      workspace.close();
      this.entries.delete(key);
    }
  }

  closeAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.idle) clearTimeout(entry.idle);
      entry.watcher?.close();
      entry.workspace.close();
    }
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private entryOf(workspace: Workspace): Entry | undefined {
    for (const entry of this.entries.values()) if (entry.workspace === workspace) return entry;
    return undefined;
  }
}
