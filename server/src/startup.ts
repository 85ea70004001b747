// What every serving mode opens the same way at start-up: the file store (chosen at run time, the choice
// and its reason logged) and the one registry of workspaces its sessions share (cache directory from the
// environment, `--index-from`'s prebuilt index).
import * as path from 'node:path';
import type { Logger } from './logger';
import { selectStore, type StoreSelection } from './store/select-store';
import { cacheOption } from './workspace/index-cache';
import { WorkspaceRegistry } from './workspace/registry';

export function openWorkspaces(
  root: string,
  logger: Logger,
  indexFrom: string | undefined,
): { store: StoreSelection; workspaces: WorkspaceRegistry } {
  // Throws when SIMPLE_LSP_REQUIRE_NATIVE=1 and the native store is unusable: a startup failure, by design.
  const store = selectStore({ root });
  logger.info(`file store: ${store.kind} (${store.reason})`);
  const workspaces = new WorkspaceRegistry({
    store: store.store,
    logger,
    ...cacheOption(process.env),
    ...(indexFrom !== undefined ? { prebuilt: path.resolve(indexFrom) } : {}),
  });
  return { store, workspaces };
}
