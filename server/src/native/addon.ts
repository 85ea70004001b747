// The native addon's interface (build/Release/simple_native.node, built from native/ by binding.gyp): the
// file store and the TCP transport in one binary. This file is the one typed description of what the
// server uses; the hooks only tests and benchmarks use are typed apart (NativeTesting) and reached through
// a separate loader call (load.ts `nativeTesting`), so production code cannot call them by accident.
import type { StagedFile, StoreOptions, StoreStats } from '../store/file-store';
import type { Backlog, EventHandler, TransportLimits, TransportStats } from '../transport/transport';

export interface NativeFeatures {
  uringCompiled: boolean;
  uring: boolean;
  uringReason: string;
  guard: boolean;
  faultsCaught: number;
}

/** The NativeStore class (native/store.cc); server/src/store/native-store.ts wraps it. */
export interface NativeStoreHandle {
  /** bytes false: open and stat only (status 'lazy'). */
  stageBatch(paths: readonly string[], bytes: boolean): Promise<StagedFile[]>;
  /** Ids for paths without touching the disk (new paths become lazy entries). */
  reserve(paths: readonly string[]): Uint32Array;
  text(id: number, start: number, end: number): string;
  lines(id: number, first: number, last: number): string[];
  slices(triples: Uint32Array): string[];
  /** All slices as one string (each made well-formed UTF-8 first) plus each slice's UTF-16 end offset. */
  slicesJoined(triples: Uint32Array): { text: string; ends: Uint32Array };
  /** files: the ids to scan (undefined: every file). */
  findWord(
    word: string,
    limit: number,
    files: Uint32Array | undefined,
  ): {
    job: number;
    promise: Promise<{ fileIds: Uint32Array; offsets: Float64Array; changed: Uint32Array; bytes: number }>;
  };
  cancelFind(job: number): void;
  stats(): Omit<StoreStats, 'kind'>;
  close(): void;
}

/** The NativeTransport class (native/transport_js.cc); server/src/transport/native-transport.ts wraps it. */
export interface NativeTransportHandle {
  listenTcp(host: string, port: number): number;
  listenUnix(path: string): void;
  send(id: number, body: string): boolean;
  close(id: number, reason: string, afterFlush: boolean): boolean;
  setReading(id: number, reading: boolean): boolean;
  backlog(id: number): Backlog;
  stats(): TransportStats;
  stop(): void;
  readonly description: string;
}

/** What the server uses. */
export interface NativeAddon {
  NativeStore: new (options: StoreOptions) => NativeStoreHandle;
  NativeTransport: new (
    kind: 'uring' | 'epoll',
    limits: TransportLimits,
    onEvents: EventHandler,
  ) => NativeTransportHandle;
  features(): NativeFeatures;
  /** Can this process run the io_uring transport (setup, opcodes, a loopback round trip)? */
  probeUringTransport(): { ok: boolean; reason: string; flags: string };
}

/** Tests and benchmarks only (the addon's `testing` export). */
export interface NativeTesting {
  /** posix_fadvise(DONTNEED) on each file; returns how many were evicted. */
  evict(paths: readonly string[]): number;
  /** The naive control: map and touch every page on the calling thread; returns a checksum. */
  mapAndTouch(paths: readonly string[]): number;
  /** The transport's next io_uring_submit fails as a broken ring would. */
  injectRingFault(transport: NativeTransportHandle): void;
}
