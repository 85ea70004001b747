// Picks the file store at startup and says which and why — never silently. Order: the native store when
// the addon loads (and, with SIMPLE_LSP_REQUIRE_NATIVE=1, only when it loads *and* io_uring works), else
// the fs store. SIMPLE_LSP_STORE=fs|native forces a choice.
import { loadNative } from '../native/load';
import type { FileStore, StoreKind, StoreOptions } from './file-store';
import { FsStore } from './fs-store';
import { NativeStore } from './native-store';

export interface StoreSelection {
  store: FileStore;
  kind: StoreKind;
  reason: string;
}

export interface SelectOptions {
  /** Where build/Release/simple_native.node lives (the package root). */
  root: string;
  env?: NodeJS.ProcessEnv;
  options?: StoreOptions;
}

/** Builds the store the environment allows; throws when SIMPLE_LSP_REQUIRE_NATIVE=1 and native is not usable. */
export function selectStore(opts: SelectOptions): StoreSelection {
  const env = opts.env ?? process.env;
  const required = env.SIMPLE_LSP_REQUIRE_NATIVE === '1';
  const forced = env.SIMPLE_LSP_STORE;
  if (forced !== undefined && forced !== 'fs' && forced !== 'native')
    throw new Error(`SIMPLE_LSP_STORE must be 'fs' or 'native', got '${forced}'`);
  if (forced === 'fs' && !required)
    return { store: new FsStore(opts.options), kind: 'fs', reason: 'SIMPLE_LSP_STORE=fs' };
  const load = loadNative(opts.root);
  if (load.addon === undefined) {
    if (required || forced === 'native')
      throw new Error(
        `native file store required (SIMPLE_LSP_REQUIRE_NATIVE=1 or SIMPLE_LSP_STORE=native) but ${load.reason}`,
      );
    return { store: new FsStore(opts.options), kind: 'fs', reason: load.reason };
  }
  const features = load.addon.features();
  if (required && !features.uring)
    throw new Error(
      `native file store required with io_uring (SIMPLE_LSP_REQUIRE_NATIVE=1), but ${load.reason}`,
    );
  const store = new NativeStore(load.addon, opts.options);
  return { store, kind: 'native', reason: load.reason };
}
