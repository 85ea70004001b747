// The one place the store tests build stores: `forEachStore` runs a describe block against the native store
// and the fs store. A native store the machine cannot provide is skipped with the reason — except under
// SIMPLE_LSP_REQUIRE_NATIVE=1 (CI), where that is a failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../server/src/package-info';
import type { FileStore, StoreKind, StoreOptions } from '../../server/src/store/file-store';
import { FsStore } from '../../server/src/store/fs-store';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative } from '../../server/src/native/load';

export const REQUIRE_NATIVE = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1';
export const KINDS: StoreKind[] = ['native', 'fs'];

export interface StoreHarness {
  kind: StoreKind;
  /** A new store; closed after the test by the harness. */
  make(options?: StoreOptions): FileStore;
  /** A fresh temporary directory, removed after the test. */
  dir(): string;
  /** Writes a file under a fresh directory and returns its path. */
  write(name: string, data: string | Buffer): string;
}

export function nativeAvailability(): { ok: true } | { ok: false; reason: string } {
  const load = loadNative(packageInfo().root);
  return load.addon !== undefined ? { ok: true } : { ok: false, reason: load.reason };
}

export function forEachStore(title: string, body: (h: StoreHarness) => void): void {
  for (const kind of KINDS) {
    describe(`${title} [${kind} store]`, function () {
      if (kind === 'native') {
        const a = nativeAvailability();
        if (!a.ok) {
          if (REQUIRE_NATIVE)
            it('native store is available (SIMPLE_LSP_REQUIRE_NATIVE=1)', () => assert(a.reason));
          else it.skip(`native store unavailable: ${a.reason}`);
          return;
        }
      }
      const stores: FileStore[] = [];
      const dirs: string[] = [];
      afterEach(() => {
        for (const s of stores.splice(0)) s.close();
        for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
      });
      const h: StoreHarness = {
        kind,
        make(options) {
          const load = loadNative(packageInfo().root);
          const s =
            kind === 'native' && load.addon ? new NativeStore(load.addon, options) : new FsStore(options);
          stores.push(s);
          return s;
        },
        dir() {
          const d = fs.mkdtempSync(path.join(os.tmpdir(), `simple-store-${kind}-`));
          dirs.push(d);
          return d;
        },
        write(name, data) {
          const file = path.join(h.dir(), name);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, data);
          return file;
        },
      };
      body(h);
    });
  }
}

function assert(reason: string): never {
  throw new Error(`native store unavailable: ${reason}`);
}

/** Deterministic bytes (a small LCG), printable ASCII with newlines unless `binary`. */
export function bytes(n: number, seed = 1, binary = false): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = binary ? x >>> 24 : i % 61 === 60 ? 0x0a : 0x20 + ((x >>> 24) % 95);
  }
  return b;
}
