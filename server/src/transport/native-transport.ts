// The io_uring and epoll backends: a thin wrapper over the addon's NativeTransport (native/transport_js.cc).
import type { NativeAddon, NativeTransportHandle } from '../native/addon';
import type {
  Backlog,
  EventHandler,
  ListenAddress,
  Transport,
  TransportLimits,
  TransportStats,
} from './transport';

export class NativeTransport implements Transport {
  /** The addon's object (tests hand it to the addon's testing hooks). */
  readonly handle: NativeTransportHandle;

  constructor(
    addon: NativeAddon,
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
      if (address.kind === 'stream') throw new Error('a socket transport cannot listen on a stream');
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

  setReading(id: number, reading: boolean): void {
    this.handle.setReading(id, reading);
  }

  backlog(id: number): Backlog {
    return this.handle.backlog(id);
  }

  stats(): TransportStats {
    return this.handle.stats();
  }

  stop(): void {
    this.handle.stop();
  }
}
