// One language-server session over one connection. The stdio entry, later TCP sessions and the tests all
// build it the same way: createSimpleServer(connection, options).register(), then connection.listen().
// Nothing here is module-level: the logger, the parse function and all state come in or live on the instance.
import * as path from 'node:path';
import {
  type CancellationToken,
  type Connection,
  ErrorCodes,
  type InitializeParams,
  type InitializeResult,
  type PublishDiagnosticsParams,
  LogMessageNotification,
  MessageType,
  ResponseError,
  type ServerCapabilities,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { parse } from './language';
import { DiagnosticsScheduler, readDebounceMs } from './features/diagnostics';
import type { FeatureContext } from './features/document';
import { documentSymbols } from './features/document-symbol';
import { foldingRanges } from './features/folding-range';
import { selectionRanges } from './features/selection-range';
import { definition } from './features/definition';
import { documentHighlights } from './features/document-highlight';
import { hover } from './features/hover';
import { inlayHints } from './features/inlay-hints';
import { SEMANTIC_TOKENS_OPTIONS, SemanticTokensFeature } from './features/semantic-tokens';
import { SIGNATURE_HELP_OPTIONS, signatureHelp } from './features/signature-help';
import { STATUS_METHOD, status, type WorkspaceStatus } from './features/status';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { implementation } from './features/implementation';
import { workspaceSymbols } from './features/workspace-symbol';
import {
  callHierarchyIncoming,
  callHierarchyOutgoing,
  prepareCallHierarchy,
} from './features/call-hierarchy';
import { uriToPath } from './features/workspace-context';
import { importDiagnostics } from './features/import-diagnostics';
import { COMPLETION_OPTIONS, completion, resolveCompletion } from './features/completion';
import { CODE_ACTION_OPTIONS, codeAction } from './features/code-action';
import { importedKindFor, importedSignaturesFor } from './features/imported-symbols';
import { semanticDiagnostics } from './features/semantic-diagnostics';
import { readSettings } from './config';
import type { WorkspaceRegistry } from './workspace/registry';
import type { Workspace, FileChangeType } from './workspace/workspace';
import { describeError, type Logger } from './logger';
import type { PositionEncoding } from './lsp/line-index';
import { readChangeParams, readOpenParams, requireUri } from './lsp/params';
import { packageInfo } from './package-info';
import { DocumentStore, type ParseFn } from './session/documents';
import type { StoreSelection } from './store/select-store';
import type { TcpStatus } from './transport/tcp-server';

export interface SimpleServerOptions {
  logger: Logger;
  transport: 'stdio' | 'tcp';
  /** The shared server's status (backend, reason, sessions), for simple/status in TCP sessions. */
  tcp?: () => TcpStatus;
  /** The analysis entry point; tests may wrap it (to count or fail parses). */
  parse?: ParseFn;
  /** Name used in log lines of this session. */
  sessionName?: string;
  /** The process's file store (reported by simple/status; workspaces read through it). */
  store?: StoreSelection;
  /** Where sessions get their workspace (shared by sessions on the same roots); none: single-file mode. */
  workspaces?: WorkspaceRegistry;
}

/** `utf-8` when the client offers it (no conversion on either side for byte-oriented clients), else UTF-16. */
export function negotiateEncoding(params: InitializeParams): PositionEncoding {
  const offered = params.capabilities?.general?.positionEncodings;
  return Array.isArray(offered) && offered.includes('utf-8') ? 'utf-8' : 'utf-16';
}

export class SimpleServer {
  readonly documents: DocumentStore;
  readonly diagnostics: DiagnosticsScheduler;
  readonly logger: Logger;
  private readonly startedAt = performance.now();
  private initialized = false;
  private connected = false;
  private shutdownRequested = false;
  private roots: string[] = [];
  private clientCapabilities: InitializeParams['capabilities'] = {};
  private initOptions: unknown;
  private currentWorkspace: Workspace | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: SimpleServerOptions,
  ) {
    this.logger = options.logger.forSession(options.sessionName ?? 'session', (level, message) => {
      if (!this.connected) return;
      const type = level === 'error' ? MessageType.Error : MessageType.Warning;
      void this.connection
        .sendNotification(LogMessageNotification.type, { type, message })
        .catch(() => undefined);
    });
    this.documents = new DocumentStore(options.parse ?? parse);
    this.diagnostics = new DiagnosticsScheduler(
      this.documents,
      (p) => this.publish(p),
      this.logger,
      undefined,
      (doc) => {
        const ctx = { documents: this.documents, workspace: () => this.currentWorkspace };
        return [...importDiagnostics(ctx, doc), ...semanticDiagnostics(ctx, doc)];
      },
    );
  }

  private publish(params: PublishDiagnosticsParams): void {
    try {
      this.connection
        .sendDiagnostics(params)
        .catch((e) => this.logger.warn(`publishDiagnostics failed: ${e}`));
    } catch (error) {
      // The connection is closed or disposed: the client cannot see diagnostics any more.
      this.logger.debug(`publishDiagnostics dropped: ${describeError(error)}`);
    }
  }

  get capabilities(): ServerCapabilities {
    return {
      positionEncoding: this.documents.encoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      documentSymbolProvider: { label: 'Simple' },
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      definitionProvider: true,
      declarationProvider: true,
      documentHighlightProvider: true,
      hoverProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      implementationProvider: true,
      workspaceSymbolProvider: true,
      callHierarchyProvider: true,
      semanticTokensProvider: SEMANTIC_TOKENS_OPTIONS,
      signatureHelpProvider: SIGNATURE_HELP_OPTIONS,
      inlayHintProvider: true,
      completionProvider: COMPLETION_OPTIONS,
      codeActionProvider: CODE_ACTION_OPTIONS,
    };
  }

  initialize(params: InitializeParams): InitializeResult {
    if (this.initialized)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received');
    this.documents.encoding = negotiateEncoding(params);
    this.roots = rootsOf(params);
    this.clientCapabilities = params.capabilities ?? {};
    this.initOptions = params.initializationOptions;
    const debounce = readDebounceMs(params.initializationOptions);
    if (debounce !== undefined) this.diagnostics.debounceMs = debounce;
    this.initialized = true;
    const client = params.clientInfo
      ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim()
      : '?';
    this.logger.info(`initialize from ${client}: positionEncoding ${this.documents.encoding}`);
    const { name, version } = packageInfo();
    return { capabilities: this.capabilities, serverInfo: { name, version } };
  }

  /** Installs every handler on the connection. Call once, before connection.listen(). */
  register(): this {
    const c = this.connection;
    const ctx: FeatureContext = { documents: this.documents, workspace: () => this.currentWorkspace };
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => {
      this.connected = true;
      this.openWorkspace();
    });
    c.onShutdown(() => this.shutdown());
    c.onExit(() => {
      this.diagnostics.dispose();
      this.closeWorkspace();
    });

    // --- document sync and configuration (notifications) ---
    this.notification('textDocument/didOpen', (p) => this.didOpen(p));
    this.notification('textDocument/didChange', (p) => this.didChange(p));
    this.notification('textDocument/didClose', (p) => this.didClose(p));
    this.notification('textDocument/didSave', () => undefined);
    this.notification('workspace/didChangeConfiguration', (p) => this.didChangeConfiguration(p));
    this.notification('workspace/didChangeWatchedFiles', (p) => this.didChangeWatchedFiles(p));

    // --- features (requests) ---
    this.request('textDocument/documentSymbol', (p, t) => documentSymbols(ctx, p, t));
    this.request('textDocument/foldingRange', (p, t) => foldingRanges(ctx, p, t));
    this.request('textDocument/selectionRange', (p, t) => selectionRanges(ctx, p, t));
    this.request('textDocument/definition', (p, t) => definition(ctx, p, t));
    this.request('textDocument/declaration', (p, t) => definition(ctx, p, t));
    this.request('textDocument/documentHighlight', (p, t) => documentHighlights(ctx, p, t));
    this.request('textDocument/hover', (p, t) => hover(ctx, p, t));
    this.request('textDocument/references', (p, t) => references(ctx, p, t));
    this.request('textDocument/prepareRename', (p, t) => prepareRename(ctx, p, t));
    this.request('textDocument/rename', (p, t) => rename(ctx, p, t));
    this.request('textDocument/implementation', (p, t) => implementation(ctx, p, t));
    this.request('workspace/symbol', (p, t) => workspaceSymbols(ctx, p, t));
    this.request('textDocument/prepareCallHierarchy', (p, t) => prepareCallHierarchy(ctx, p, t));
    this.request('callHierarchy/incomingCalls', (p) => callHierarchyIncoming(ctx, p));
    this.request('callHierarchy/outgoingCalls', (p) => callHierarchyOutgoing(ctx, p));
    const tokens = new SemanticTokensFeature(ctx, importedKindFor(ctx));
    this.request('textDocument/semanticTokens/full', (p, t) => tokens.full(p, t));
    this.request('textDocument/semanticTokens/full/delta', (p, t) => tokens.delta(p, t));
    this.request('textDocument/semanticTokens/range', (p, t) => tokens.range(p, t));
    this.request('textDocument/signatureHelp', (p, t) =>
      signatureHelp(ctx, p, t, importedSignaturesFor(ctx)),
    );
    this.request('textDocument/inlayHint', (p, t) => inlayHints(ctx, p, t, importedSignaturesFor(ctx)));
    const snippets = () =>
      this.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    this.request('textDocument/completion', (p, t) => completion(ctx, p, t, { snippets: snippets() }));
    this.request('completionItem/resolve', (p) => resolveCompletion(ctx, p));
    const documentChanges = () => this.clientCapabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.request('textDocument/codeAction', (p, t) =>
      codeAction(ctx, p, t, { documentChanges: documentChanges() }),
    );
    this.request(STATUS_METHOD, () => status(this.statusContext()));
    return this;
  }

  private statusContext() {
    const { name, version } = packageInfo();
    return {
      documents: this.documents,
      name,
      version,
      startedAt: this.startedAt,
      transport: this.options.transport,
      tcp: this.options.tcp,
      store: () => {
        const s = this.options.store;
        return s === undefined ? undefined : { kind: s.kind, reason: s.reason, stats: s.store.stats() };
      },
      workspace: (): WorkspaceStatus | undefined => {
        const ws = this.currentWorkspace;
        if (!ws) return undefined;
        const p = ws.indexProgress;
        const out: WorkspaceStatus = {
          roots: ws.roots,
          state: ws.state,
          files: ws.index.size,
          done: p.done,
          total: p.total,
          symbols: ws.index.symbolCount(),
          names: ws.index.nameCount,
          workers: ws.workers,
        };
        if (ws.lastReport) {
          out.indexMs = Math.round(ws.lastReport.ms);
          out.fromCache = ws.lastReport.fromCache;
        }
        return out;
      },
    };
  }

  /** Joins (or creates) the workspace of this session's roots and starts indexing it, with progress. */
  private openWorkspace(): void {
    const registry = this.options.workspaces;
    if (!registry || this.roots.length === 0 || this.currentWorkspace) return;
    const { settings, problems } = readSettings(this.initOptions);
    for (const p of problems) this.logger.warn(`settings: ${p}`);
    const ws = registry.acquire(this.roots, {
      include: settings.indexInclude,
      exclude: settings.indexExclude,
      ...(settings.indexPrebuilt !== ''
        ? { prebuilt: path.resolve(this.roots[0], settings.indexPrebuilt) }
        : {}),
    });
    this.currentWorkspace = ws;
    let treeSeen = ws.index.treeGeneration;
    this.unsubscribe = registry.onDidChange(ws, (ids) => {
      // Files added or removed can resolve (or break) any import: every open document is checked
      // again. Changed contents only matter to the files that import them, through the module graph.
      if (ws.index.treeGeneration !== treeSeen) {
        treeSeen = ws.index.treeGeneration;
        return this.refreshDiagnostics();
      }
      const affected = new Set<number>(ids);
      for (const id of ids) for (const importer of ws.graph.importersOf(id)) affected.add(importer);
      for (const doc of this.documents.all()) {
        const path = uriToPath(doc.uri);
        const file = path === undefined ? undefined : ws.index.fileByPath(path);
        if (file && affected.has(file.id)) this.diagnostics.schedule(doc);
      }
    });
    this.logger.info(`workspace: ${this.roots.join(', ')} (${ws.workers} index workers)`);
    void this.index(ws);
    if (this.options.transport !== 'stdio') {
      // A shared server cannot rely on one client's watcher for every session: it watches itself.
      registry.watch(ws);
    } else if (this.clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.spl' }] })
        .then(
          () => this.logger.info('file changes: watched by the client (didChangeWatchedFiles)'),
          (e: unknown) => {
            this.logger.warn(`client watcher registration failed (${describeError(e)}); watching ourselves`);
            registry.watch(ws);
          },
        );
    } else {
      this.logger.info('file changes: the client does not watch files; the server watches the roots');
      registry.watch(ws);
    }
  }

  private async index(ws: Workspace): Promise<void> {
    let progress: WorkDoneProgressServerReporter | undefined;
    if (this.clientCapabilities.window?.workDoneProgress) {
      try {
        progress = await this.connection.window.createWorkDoneProgress();
        progress.begin('Indexing Simple files', 0, undefined, false);
      } catch (e) {
        this.logger.debug(`workDoneProgress unavailable: ${describeError(e)}`);
      }
    }
    let lastReport = 0;
    const builds = ws.state === 'idle'; // the first session of a workspace builds it; others join
    try {
      const report = await ws.ready((p) => {
        const now = performance.now();
        if (!progress || now - lastReport < 100) return;
        lastReport = now;
        progress.report(p.total ? Math.floor((100 * p.done) / p.total) : 0, `${p.done}/${p.total} files`);
      });
      if (builds)
        this.logger.info(
          `index ready: ${report.files} files (${report.fromCache} from cache, ${report.parsed} parsed, ${report.errors} unreadable) in ${Math.round(report.ms)} ms`,
        );
      else this.logger.info(`joined the workspace's index: ${report.files} files`);
    } catch (e) {
      this.logger.error('indexing failed', e);
    } finally {
      progress?.done();
    }
    this.refreshDiagnostics();
  }

  private refreshDiagnostics(): void {
    for (const doc of this.documents.all()) this.diagnostics.schedule(doc);
  }

  private didChangeWatchedFiles(params: unknown): void {
    const ws = this.currentWorkspace;
    const changes = (params as { changes?: unknown } | null)?.changes;
    if (!ws || !Array.isArray(changes)) return;
    const batch: { path: string; type: FileChangeType }[] = [];
    for (const c of changes as { uri?: unknown; type?: unknown }[]) {
      const path = typeof c?.uri === 'string' ? uriToPath(c.uri) : undefined;
      const type =
        c?.type === 1 ? 'created' : c?.type === 2 ? 'changed' : c?.type === 3 ? 'deleted' : undefined;
      if (path && type) batch.push({ path, type });
    }
    if (batch.length > 0)
      void this.options.workspaces
        ?.apply(ws, batch)
        .catch((e: unknown) => this.logger.error('applying file changes failed', e));
  }

  /** Ends this session's work (its connection is gone): timers stop, its workspace is released. */
  dispose(): void {
    this.diagnostics.dispose();
    this.closeWorkspace();
  }

  private closeWorkspace(): void {
    if (!this.currentWorkspace) return;
    this.unsubscribe?.();
    this.options.workspaces?.release(this.currentWorkspace);
    this.currentWorkspace = undefined;
  }

  private shutdown(): void {
    if (this.shutdownRequested)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'shutdown was already received');
    this.shutdownRequested = true;
    this.diagnostics.dispose();
    this.logger.info('shutdown');
  }

  private didOpen(params: unknown): void {
    const item = readOpenParams(params);
    if (typeof item === 'string') return this.logger.warn(`textDocument/didOpen ignored: ${item}`);
    const doc = this.documents.open(item.uri, item.languageId, item.version, item.text);
    this.logger.debug(`open ${doc.uri} v${doc.version} (${doc.text.length} chars)`);
    this.diagnostics.schedule(doc);
  }

  private didChange(params: unknown): void {
    const change = readChangeParams(params);
    if (typeof change === 'string') return this.logger.warn(`textDocument/didChange ignored: ${change}`);
    const before = this.documents.get(change.uri);
    if (before === undefined)
      return this.logger.warn(`textDocument/didChange for a document not open: ${change.uri}`);
    if (change.version <= before.version) {
      this.logger.warn(
        `textDocument/didChange ${change.uri}: version ${change.version} after ${before.version}`,
      );
    }
    const doc = this.documents.change(change.uri, change.version, change.changes);
    if (doc !== undefined) this.diagnostics.schedule(doc);
  }

  private didClose(params: unknown): void {
    const uri = requireUri(params);
    this.documents.close(uri);
    this.diagnostics.clear(uri);
  }

  private didChangeConfiguration(params: unknown): void {
    // eglot sends this unprompted after `initialized`, often with empty or null settings.
    const debounce = readDebounceMs((params as { settings?: unknown } | null)?.settings);
    if (debounce !== undefined) this.diagnostics.debounceMs = debounce;
    this.logger.debug(`configuration: diagnostics debounce ${this.diagnostics.debounceMs} ms`);
  }

  /** A request handler behind the lifecycle checks, with unexpected throws turned into InternalError. */
  private request(method: string, run: (params: unknown, token: CancellationToken) => unknown): void {
    this.connection.onRequest(method, async (params: unknown, token: CancellationToken) => {
      if (!this.initialized)
        throw new ResponseError(ErrorCodes.ServerNotInitialized, `${method} before initialize`);
      if (this.shutdownRequested)
        throw new ResponseError(ErrorCodes.InvalidRequest, `${method} after shutdown`);
      try {
        return await run(params, token);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.logger.error(`${method} failed`, error);
        const message = error instanceof Error ? error.message : String(error);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
      }
    });
  }

  /** A notification handler that logs instead of throwing (notifications have no reply to carry an error). */
  private notification(method: string, run: (params: unknown) => void): void {
    this.connection.onNotification(method, (params: unknown) => {
      if (this.shutdownRequested) return this.logger.debug(`${method} after shutdown ignored`);
      try {
        run(params);
      } catch (error) {
        const detail = error instanceof ResponseError ? error.message : describeError(error);
        this.logger.error(`${method} failed: ${detail}`);
      }
    });
  }
}

/** Workspace roots from initialize: workspaceFolders, else rootUri, else rootPath (file: URIs only). */
export function rootsOf(params: InitializeParams): string[] {
  const roots: string[] = [];
  for (const f of params.workspaceFolders ?? []) {
    const p = typeof f?.uri === 'string' ? uriToPath(f.uri) : undefined;
    if (p) roots.push(p);
  }
  if (roots.length === 0 && typeof params.rootUri === 'string') {
    const p = uriToPath(params.rootUri);
    if (p) roots.push(p);
  }
  if (roots.length === 0 && typeof params.rootPath === 'string' && params.rootPath !== '')
    roots.push(params.rootPath);
  return roots;
}

export function createSimpleServer(connection: Connection, options: SimpleServerOptions): SimpleServer {
  return new SimpleServer(connection, options);
}
