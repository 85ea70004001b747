// The server's own file watcher (for clients that do not watch, and for the shared TCP server): a
// recursive fs.watch per root, events debounced and collapsed per path, then classified by a stat
// (present: created or changed; gone: deleted) and handed to the workspace as one batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../logger';
import type { FileChangeType } from './workspace';

export type ChangeBatch = { path: string; type: FileChangeType }[];

export class RootWatcher {
  private readonly watchers: fs.FSWatcher[] = [];
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    roots: readonly string[],
    private readonly onChanges: (batch: ChangeBatch) => void,
    private readonly logger: Logger,
    private readonly debounceMs = 100,
  ) {
    for (const root of roots) {
      try {
        const w = fs.watch(root, { recursive: true }, (_event, name) => {
          if (name) this.note(path.join(root, name.toString()));
        });
        w.on('error', (e) => this.logger.warn(`watcher ${root}: ${e.message}`));
        this.watchers.push(w);
      } catch (e) {
        this.logger.warn(`watcher: cannot watch ${root}: ${(e as Error).message}`);
      }
    }
  }

  get active(): boolean {
    return this.watchers.length > 0;
  }

  private note(file: string): void {
    if (/[/\\](\.git|node_modules)[/\\]/.test(file)) return;
    this.pending.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.timer = undefined;
    const batch: ChangeBatch = [];
    for (const file of this.pending) {
      let type: FileChangeType;
      try {
        const st = fs.statSync(file);
        if (st.isDirectory()) {
          // A directory appeared (or moved in): its files are new.
          for (const f of listSpl(file)) batch.push({ path: f, type: 'created' });
          continue;
        }
        type = 'changed';
      } catch {
        type = 'deleted';
      }
      if (type === 'deleted' || file.endsWith('.spl')) batch.push({ path: file, type });
    }
    this.pending.clear();
    if (batch.length > 0) this.onChanges(batch);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
  }
}

function listSpl(dir: string): string[] {
  const out: string[] = [];
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (e.isFile() && e.name.endsWith('.spl')) out.push(path.join(e.parentPath ?? e.path, e.name));
    }
  } catch {
    // vanished meanwhile
  }
  return out;
}
