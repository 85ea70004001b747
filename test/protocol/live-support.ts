// Shared pieces of the live-session tests: a scratch workspace on disk, and requests the server sends to
// the client (workspace/diagnostic/refresh, workspace/configuration) answered and counted, with a promise
// per arrival instead of any waiting on time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentDiagnosticReport, SymbolInformation } from 'vscode-languageserver';
import type { StatusResult } from '../../server/src/features/status';
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

/** A workspace folder as clients send it. */
export const folder = (s: Scratch | string) => {
  const dir = typeof s === 'string' ? s : s.dir;
  return { uri: pathToFileURL(dir).href, name: path.basename(dir) };
};

/** Client capabilities of a client that pulls diagnostics and is asked to pull again. */
export const PULL = {
  textDocument: { diagnostic: {} },
  workspace: { diagnostics: { refreshSupport: true }, workspaceFolders: true },
};

/** A session driven through its protocol, settling on protocol signals (refresh requests), never time. */
export class Session {
  readonly refresh: ServerRequests;

  constructor(readonly client: TestClient) {
    this.refresh = new ServerRequests(client, 'workspace/diagnostic/refresh');
  }

  status(): Promise<StatusResult> {
    return this.client.request<StatusResult>('simple/status');
  }

  /** Indexed files, as workspace/symbol finds their `marker_` declarations. */
  async indexed(): Promise<string[]> {
    const found = await this.client.request<SymbolInformation[]>('workspace/symbol', { query: 'marker_' });
    return [...new Set(found.map((s) => fileURLToPath(s.location.uri)))].sort();
  }

  /** Resolves once the session's workspace has these roots, is indexed, and holds exactly `files`. */
  async settle(roots: string[], files: string[]): Promise<void> {
    const want = JSON.stringify({ roots, state: 'ready', files: [...files].sort(), count: files.length });
    for (;;) {
      const seen = this.refresh.count;
      const s = await this.status();
      const ws = s.workspace === 'none' ? undefined : s.workspace;
      const got = JSON.stringify({
        roots: ws?.roots,
        state: ws?.state,
        files: await this.indexed(),
        count: ws?.files,
      });
      if (got === want) return;
      await this.refresh.next(seen);
    }
  }

  async codes(uri: string): Promise<string[]> {
    const r = await this.client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    return (r.kind === 'full' ? r.items : []).map((d: Diagnostic) => String(d.code)).sort();
  }

  changeFolders(added: (Scratch | string)[], removed: (Scratch | string)[]): Promise<void> {
    return this.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: added.map(folder), removed: removed.map(folder) },
    });
  }
}
