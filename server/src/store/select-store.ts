// Picks the file store at startup and says which and why — never silently. Order: the native store when
// the addon loads (and, with SIMPLE_LSP_REQUIRE_NATIVE=1, only when it loads *and* io_uring works), else
// the fs store. SIMPLE_LSP_STORE=fs|native forces a choice.
import * as path from 'node:path';
import type { FileStore, StoreKind, StoreOptions } from './file-store';
import { FsStore } from './fs-store';
import { NativeStore, type NativeAddon } from './native-store';

export interface StoreSelection {
  store: FileStore;
  kind: StoreKind;
  reason: string;
}

export interface SelectOptions {
  /** Where build/Release/simple_store.node lives (the package root). */
  root: string;
  env?: NodeJS.ProcessEnv;
  options?: StoreOptions;
}

export type AddonLoad = { addon: NativeAddon; reason: string } | { addon?: undefined; reason: string };

const cache = new Map<string, AddonLoad>();

export function addonPath(root: string): string {
  return path.join(root, 'build', 'Release', 'simple_store.node');
}

/** Loads the addon once per thread (it is context-aware: worker threads load their own instance). */
export function loadAddon(root: string): AddonLoad {
  const file = addonPath(root);
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  let result: AddonLoad;
  if (process.platform !== 'linux') {
    result = { reason: `the native store is Linux-only (platform ${process.platform})` };
  } else {
    try {
      const module = { exports: {} as NativeAddon };
      process.dlopen(module, file);
      const f = module.exports.features();
      result = { addon: module.exports, reason: f.uring ? f.uringReason : `no io_uring: ${f.uringReason}` };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why =
        err.code === 'ERR_DLOPEN_FAILED' && /No such file|cannot open shared object/.test(err.message)
          ? `the addon is not built (${file} missing; install a C++ toolchain and liburing-dev, then \`npm rebuild\`)`
          : `the addon failed to load: ${err.message}`;
      result = { reason: why };
    }
  }
  cache.set(file, result);
  return result;
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
  const load = loadAddon(opts.root);
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
