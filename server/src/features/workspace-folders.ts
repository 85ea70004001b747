// workspace/didChangeWorkspaceFolders in: the folders added and removed, checked, and the session's next
// list of roots (removed first, then added, each root once; a folder the server may not serve is refused
// with the reason). The session (server.ts) moves its workspace to the result.
import * as path from 'node:path';
import { uriToPath } from './workspace-context';

export interface FoldersChange {
  added: string[];
  removed: string[];
}

/** The event's folders as paths, or a message saying what is wrong with the params. */
export function foldersChange(params: unknown): FoldersChange | string {
  const event = (params as { event?: unknown } | null)?.event;
  if (typeof event !== 'object' || event === null) return 'params.event must be an object';
  const out: FoldersChange = { added: [], removed: [] };
  for (const side of ['added', 'removed'] as const) {
    const list = (event as Record<string, unknown>)[side];
    if (!Array.isArray(list)) return `params.event.${side} must be an array`;
    for (const [i, folder] of list.entries()) {
      // Neovim 0.7 sends an empty Lua table on the other side of every change (`removed: [[]]` when it
      // adds a folder, `added: [[]]` when it removes one): no folder.
      if (isEmptyTable(folder)) continue;
      const uri = (folder as { uri?: unknown } | null)?.uri;
      const p = typeof uri === 'string' ? uriToPath(uri) : undefined;
      if (p === undefined) return `params.event.${side}[${i}].uri must be a file: URI`;
      out[side].push(path.resolve(p));
    }
  }
  return out;
}

export function nextRoots(
  roots: readonly string[],
  change: FoldersChange,
  admit?: (root: string) => string | undefined,
): { roots: string[]; refused: string[] } {
  const removed = new Set(change.removed);
  const next = roots.filter((r) => !removed.has(path.resolve(r)));
  const refused: string[] = [];
  for (const root of change.added) {
    if (next.some((r) => path.resolve(r) === root)) continue;
    const why = admit?.(root);
    if (why !== undefined) refused.push(why);
    else next.push(root);
  }
  return { roots: next, refused };
}

function isEmptyTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
