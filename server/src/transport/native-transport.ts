// The io_uring and epoll backends: a thin wrapper over the addon's NativeTransport (native/transport_js.cc).
import type { NativeAddon } from '../store/native-store';
import {
  type EventHandler,
  type ListenAddress,
  type Transport,
  type TransportLimits,
  type TransportStats,
} from './transport';

interface NativeTransportHandle {
  listenTcp(host: string, port: number): number;
  listenUnix(path: string): void;
  send(id: number, body: string): boolean;
  close(id: number, reason: string, afterFlush: boolean): boolean;
  stats(): TransportStats;
  stop(): void;
  /** Tests: the next io_uring_submit fails as a broken ring would. */
  injectRingFault(): void;
  readonly description: string;
}

export interface TransportAddon {
  NativeTransport: new (
    kind: 'uring' | 'epoll',
    limits: TransportLimits,
    onEvents: EventHandler,
  ) => NativeTransportHandle;
  probeUringTransport(): { ok: boolean; reason: string; flags: string };
}

export function transportAddon(addon: NativeAddon): TransportAddon {
  return addon as unknown as TransportAddon;
}

export class NativeTransport implements Transport {
  private readonly handle: NativeTransportHandle;

  constructor(
    addon: TransportAddon,
    readonly kind: 'uring' | 'epoll',
    limits: TransportLimits,
    onEvents: EventHandler,
  ) {
    this.handle = new addon.NativeTransport(kind, limits, onEvents);
  }

  get description(): string {
    return this.handle.description;
  }

  listen(address: ListenAddress): Promise<ListenAddress> {
    try {
      if (address.kind === 'unix') {
        this.handle.listenUnix(address.path);
        return Promise.resolve(address);
      }
      const port = this.handle.listenTcp(address.host, address.port);
      return Promise.resolve({ ...address, port });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  send(id: number, body: string): boolean {
    return this.handle.send(id, body);
  }

  close(id: number, reason: string, afterFlush: boolean): void {
    this.handle.close(id, reason, afterFlush);
  }

  stats(): TransportStats {
    return this.handle.stats();
  }

  stop(): void {
    this.handle.stop();
  }

  /** Tests only: makes the ring fail at its next submit. */
  injectRingFault(): void {
    this.handle.injectRingFault();
  }
}
