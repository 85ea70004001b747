// The server's own file watcher (for clients that do not watch, and for the shared TCP server): one
// non-recursive fs.watch (an inotify watch) per directory, the tree listed asynchronously, directories
// that appear later watched as they appear. Events are debounced and collapsed per path, then classified
// by a stat (present: created or changed; gone: deleted) and handed to the workspace as one batch.
// Node's recursive fs.watch is not used: on Linux it walks the tree synchronously and polls every file
// with a stat timer, which held the event loop for seconds when thousands of files changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { ALWAYS_SKIPPED } from './discovery';
import type { FileChangeType } from './workspace';

export type ChangeBatch = { path: string; type: FileChangeType }[];

/** Stats run at once while classifying a batch (they go to libuv's pool). */
const STAT_CONCURRENCY = 32;

export class RootWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves when every directory present at the start is watched. */
  readonly ready: Promise<void>;

  constructor(
    roots: readonly string[],
    private readonly onChanges: (batch: ChangeBatch) => void,
    private readonly logger: Logger,
    private readonly debounceMs = 100,
  ) {
    this.ready = Promise.all(roots.map((root) => this.watchTree(root, undefined))).then(() => undefined);
  }

  get active(): boolean {
    return this.watchers.size > 0;
  }

  /** Watches `dir` and every directory below it; with `found`, also collects the `.spl` files met. */
  private async watchTree(dir: string, found: string[] | undefined): Promise<void> {
    const queue = [dir];
    while (queue.length > 0 && !this.closed) {
      const d = queue.shift()!;
      if (!this.watchDir(d)) continue;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(d, { withFileTypes: true });
      } catch {
        continue; // vanished or unreadable meanwhile
      }
      for (const e of entries) {
        if (e.isDirectory() && !ALWAYS_SKIPPED.has(e.name)) queue.push(path.join(d, e.name));
        else if (found && e.isFile() && e.name.endsWith('.spl')) found.push(path.join(d, e.name));
      }
    }
  }

  /** False when the directory cannot be watched (gone, unreadable) or is watched already. */
  private watchDir(dir: string): boolean {
    if (this.watchers.has(dir) || this.closed) return false;
    try {
      const w = fs.watch(dir, (_event, name) => {
        this.note(name ? path.join(dir, name.toString()) : dir);
      });
      w.on('error', () => this.unwatch(dir));
      this.watchers.set(dir, w);
      return true;
    } catch (e) {
      if (this.watchers.size === 0) this.logger.warn(`watcher: cannot watch ${dir}: ${(e as Error).message}`);
      return false;
    }
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private note(file: string): void {
    if (this.closed) return;
    this.pending.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    const batch: ChangeBatch = [];
    for (let i = 0; i < files.length && !this.closed; i += STAT_CONCURRENCY) {
      await Promise.all(files.slice(i, i + STAT_CONCURRENCY).map((file) => this.classify(file, batch)));
    }
    if (batch.length > 0 && !this.closed) this.onChanges(batch);
  }

  private async classify(file: string, batch: ChangeBatch): Promise<void> {
    let st: fs.Stats;
    try {
      st = await fs.promises.lstat(file);
    } catch {
      // Gone: a file, or a directory whose watchers go with it.
      const prefix = file + path.sep;
      for (const dir of [...this.watchers.keys()])
        if (dir === file || dir.startsWith(prefix)) this.unwatch(dir);
      batch.push({ path: file, type: 'deleted' });
      return;
    }
    if (st.isDirectory()) {
      // A directory appeared (or moved in): watch it, and its files are new.
      if (ALWAYS_SKIPPED.has(path.basename(file))) return;
      const found: string[] = [];
      await this.watchTree(file, found);
      for (const f of found) batch.push({ path: f, type: 'created' });
      return;
    }
    if (file.endsWith('.spl')) batch.push({ path: file, type: 'changed' });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
