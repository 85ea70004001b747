// Shared pieces of the live-session tests: a scratch workspace on disk, and requests the server sends to
// the client (workspace/diagnostic/refresh, workspace/configuration) answered and counted, with a promise
// per arrival instead of any waiting on time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestClient } from '../support/client';

export class Scratch {
  readonly dir: string;

  constructor(prefix: string, files: Record<string, string> = {}) {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  uri(rel: string): string {
    return pathToFileURL(this.path(rel)).href;
  }

  write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    fs.writeFileSync(this.path(rel), text);
  }

  remove(rel: string): void {
    fs.rmSync(this.path(rel), { recursive: true, force: true });
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Answers a server → client request with `reply(params)`, counting arrivals. */
export class ServerRequests<P = unknown> {
  readonly received: P[] = [];
  private waiters: { after: number; resolve: (p: P) => void }[] = [];

  constructor(client: TestClient, method: string, reply: (params: P) => unknown = () => null) {
    client.rpc.onRequest(method, (params: P) => {
      this.received.push(params);
      for (const w of this.waiters.filter((w) => this.received.length > w.after)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(params);
      }
      return reply(params);
    });
  }

  get count(): number {
    return this.received.length;
  }

  /** Resolves when the request has arrived more than `after` times (by default: the next arrival). */
  next(after = this.received.length): Promise<P> {
    if (this.received.length > after) return Promise.resolve(this.received[after]);
    return new Promise((resolve) => this.waiters.push({ after, resolve }));
  }
}

/** Every `*.spl` under `dir` (absolute paths), walked here independently of the server's discovery. */
export function splFiles(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p).split(path.sep).join('/');
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.spl') && !skip(rel)) out.push(p);
    }
  };
  visit(dir);
  return out;
}
