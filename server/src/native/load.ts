// The one loader of the native addon (build/Release/simple_native.node). Loaded once per thread (the addon is
// context-aware: a worker thread loads its own instance); the result says why when it cannot load, and
// the callers (select-store.ts, select-transport.ts) log that reason — never a silent fallback.
import * as path from 'node:path';
import type { NativeAddon, NativeTesting } from './addon';

export type AddonLoad = { addon: NativeAddon; reason: string } | { addon?: undefined; reason: string };

/** The module's exports as the addon sets them (native/addon.cc `Init`). */
type Exports = NativeAddon & { testing: NativeTesting };

const cache = new Map<string, { exports?: Exports; reason: string }>();

export function addonPath(root: string): string {
  return path.join(root, 'build', 'Release', 'simple_native.node');
}

function load(root: string): { exports?: Exports; reason: string } {
  const file = addonPath(root);
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  let result: { exports?: Exports; reason: string };
  if (process.platform !== 'linux') {
    result = { reason: `the native addon is Linux-only (platform ${process.platform})` };
  } else {
    try {
      const module: { exports: Partial<Exports> } = { exports: {} };
      process.dlopen(module, file);
      const exports = module.exports;
      if (
        typeof exports.NativeStore !== 'function' ||
        typeof exports.NativeTransport !== 'function' ||
        typeof exports.features !== 'function' ||
        typeof exports.probeUringTransport !== 'function' ||
        typeof exports.testing !== 'object'
      )
        throw new Error(`${file} is not this version's addon (rebuild it: \`npm rebuild\`)`);
      const full = exports as Exports;
      const f = full.features();
      result = { exports: full, reason: f.uring ? f.uringReason : `no io_uring: ${f.uringReason}` };
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

/** The addon as the server uses it, or why it cannot be had. */
export function loadNative(root: string): AddonLoad {
  const r = load(root);
  if (r.exports === undefined) return { reason: r.reason };
  const { NativeStore, NativeTransport, features, probeUringTransport } = r.exports;
  return { addon: { NativeStore, NativeTransport, features, probeUringTransport }, reason: r.reason };
}

/** Tests and benchmarks: the addon's hooks (undefined when the addon does not load). */
export function nativeTesting(root: string): NativeTesting | undefined {
  return load(root).exports?.testing;
}
