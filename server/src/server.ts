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
  ShowMessageNotification,
  ResponseError,
  type ServerCapabilities,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { parse } from './language';
import { DiagnosticsScheduler, documentDiagnostics } from './features/diagnostics';
import { DIAGNOSTIC_OPTIONS, PullDiagnostics } from './features/pull-diagnostics';
import { DOCUMENT_LINK_OPTIONS, documentLinks } from './features/document-link';
import type { FeatureContext } from './features/document';
import { documentSymbols } from './features/document-symbol';
import { foldingRanges } from './features/folding-range';
import { selectionRanges } from './features/selection-range';
import { definition } from './features/definition';
import { documentHighlights } from './features/document-highlight';
import { hover } from './features/hover';
import { inlayHints } from './features/inlay-hints';
import { typeDefinition } from './features/type-definition';
import { SEMANTIC_TOKENS_OPTIONS, SemanticTokensFeature } from './features/semantic-tokens';
import { SIGNATURE_HELP_OPTIONS, signatureHelp } from './features/signature-help';
import {
  prepareTypeHierarchy,
  typeHierarchySubtypes,
  typeHierarchySupertypes,
} from './features/type-hierarchy';
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
import { uriToPath } from './lsp/uri';
import { COMPLETION_OPTIONS, completion, resolveCompletion } from './features/completion';
import { CODE_ACTION_OPTIONS, codeAction } from './features/code-action';
import { coveredBy, locateStdlib } from './workspace/stdlib';
import { changedSettings, hasSettingsSection, readLayeredSettings, type ServerSettings } from './config';
import { foldersChange, nextRoots } from './features/workspace-folders';
import type { WorkspaceRegistry } from './workspace/registry';
import { Workspace, type FileChangeType } from './workspace/workspace';
import { FsStore } from './store/fs-store';
import { describeError, type Logger } from './logger';
import type { PositionEncoding } from './lsp/line-index';
import { readChangeParams, readOpenParams, requireUri } from './lsp/params';
import { packageInfo } from './package-info';
import { DocumentStore, type ParseFn } from './session/documents';
import type { StoreSelection } from './store/select-store';
import type { TcpStatus } from './transport/session-host';

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
  /** Admission of a folder added while running (the shared server's rules): why not, or undefined. */
  admitRoot?: (root: string) => string | undefined;
}

/** `utf-8` when the client offers it (no conversion on either side for byte-oriented clients), else UTF-16. */
export function negotiateEncoding(params: InitializeParams): PositionEncoding {
  const offered = params.capabilities?.general?.positionEncodings;
  return Array.isArray(offered) && offered.includes('utf-8') ? 'utf-8' : 'utf-16';
}

export class SimpleServer {
  readonly documents: DocumentStore;
  readonly diagnostics: DiagnosticsScheduler;
  readonly pullDiagnostics: PullDiagnostics;
  /** The client pulls diagnostics (it declared textDocument.diagnostic): nothing is pushed to it. */
  private pullMode = false;
  private refreshing: 'idle' | 'sent' | 'again' = 'idle';
  readonly logger: Logger;
  private readonly startedAt = performance.now();
  private initialized = false;
  private connected = false;
  private shutdownRequested = false;
  private roots: string[] = [];
  private clientCapabilities: InitializeParams['capabilities'] = {};
  private initOptions: unknown;
  /** What the client last sent or answered for its settings (layered over initializationOptions). */
  private configured: unknown;
  private settings: ServerSettings = readLayeredSettings([]).settings;
  /** Folder and settings changes, applied one after another. */
  private moving: Promise<void> = Promise.resolve();
  private watchMode: 'client' | 'server' | undefined;
  private disposed = false;
  private currentWorkspace: Workspace | undefined;
  /** The standard library last reported in the log (to say it once per change). */
  private stdlibSeen: string | undefined;
  /** The workspace of a session without roots: its open documents only (a one-file workspace each). */
  private detached: Workspace | undefined;
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
    const ctx: FeatureContext = {
      documents: this.documents,
      workspace: () => this.workspace(),
      unknownMembers: () => this.settings.diagnosticsUnknownMembers,
    };
    this.diagnostics = new DiagnosticsScheduler(
      this.documents,
      (p) => this.publish(p),
      this.logger,
      (doc) => documentDiagnostics(ctx, doc.uri),
    );
    this.pullDiagnostics = new PullDiagnostics(ctx);
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
      typeDefinitionProvider: true,
      documentHighlightProvider: true,
      hoverProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      implementationProvider: true,
      workspaceSymbolProvider: true,
      callHierarchyProvider: true,
      typeHierarchyProvider: true,
      semanticTokensProvider: SEMANTIC_TOKENS_OPTIONS,
      signatureHelpProvider: SIGNATURE_HELP_OPTIONS,
      inlayHintProvider: true,
      completionProvider: COMPLETION_OPTIONS,
      codeActionProvider: CODE_ACTION_OPTIONS,
      documentLinkProvider: DOCUMENT_LINK_OPTIONS,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      ...(this.pullMode ? { diagnosticProvider: DIAGNOSTIC_OPTIONS } : {}),
    };
  }

  initialize(params: InitializeParams): InitializeResult {
    if (this.initialized)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received');
    this.documents.encoding = negotiateEncoding(params);
    this.roots = rootsOf(params);
    this.clientCapabilities = params.capabilities ?? {};
    this.initOptions = params.initializationOptions;
    this.pullMode = typeof this.clientCapabilities.textDocument?.diagnostic === 'object';
    this.diagnostics.enabled = !this.pullMode;
    this.applySettings('initializationOptions');
    this.initialized = true;
    const client = params.clientInfo
      ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim()
      : '?';
    this.logger.info(
      `initialize from ${client}: positionEncoding ${this.documents.encoding}, diagnostics ${this.pullMode ? 'pulled' : 'pushed'}`,
    );
    const { name, version } = packageInfo();
    return { capabilities: this.capabilities, serverInfo: { name, version } };
  }

  /** Installs every handler on the connection. Call once, before connection.listen(). */
  register(): this {
    const c = this.connection;
    const ctx: FeatureContext = {
      documents: this.documents,
      workspace: () => this.workspace(),
      unknownMembers: () => this.settings.diagnosticsUnknownMembers,
    };
    c.onInitialize((params) => {
      const result = this.initialize(params);
      // The library installs its own folder-change handler when the client declares workspaceFolders,
      // just before this runs; ours takes the notification back (it is registered again below too).
      this.notification('workspace/didChangeWorkspaceFolders', (p) => this.didChangeWorkspaceFolders(p));
      return result;
    });
    c.onInitialized(() => {
      this.connected = true;
      this.openWorkspace();
      if (this.clientCapabilities.workspace?.configuration === true) this.pullConfiguration();
    });
    c.onShutdown(() => this.shutdown());
    c.onExit(() => {
      this.disposed = true;
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
    this.notification('workspace/didChangeWorkspaceFolders', (p) => this.didChangeWorkspaceFolders(p));

    // --- features (requests) ---
    this.request('textDocument/documentSymbol', (p, t) => documentSymbols(ctx, p, t));
    this.request('textDocument/foldingRange', (p, t) => foldingRanges(ctx, p, t));
    this.request('textDocument/selectionRange', (p, t) => selectionRanges(ctx, p, t));
    this.request('textDocument/definition', (p, t) => definition(ctx, p, t));
    this.request('textDocument/declaration', (p, t) => definition(ctx, p, t));
    this.request('textDocument/typeDefinition', (p, t) => typeDefinition(ctx, p, t));
    this.request('textDocument/documentHighlight', (p, t) => documentHighlights(ctx, p, t));
    this.request('textDocument/hover', (p, t) => hover(ctx, p, t));
    this.request('textDocument/references', (p, t) => references(ctx, p, t, (l) => this.logger.info(l)));
    this.request('textDocument/prepareRename', (p, t) => prepareRename(ctx, p, t));
    this.request('textDocument/rename', (p, t) => rename(ctx, p, t, (l) => this.logger.info(l)));
    this.request('textDocument/implementation', (p, t) => implementation(ctx, p, t));
    this.request('workspace/symbol', (p, t) => workspaceSymbols(ctx, p, t));
    this.request('textDocument/prepareCallHierarchy', (p, t) => prepareCallHierarchy(ctx, p, t));
    this.request('callHierarchy/incomingCalls', (p, t) => callHierarchyIncoming(ctx, p, t));
    this.request('callHierarchy/outgoingCalls', (p, t) => callHierarchyOutgoing(ctx, p, t));
    this.request('textDocument/prepareTypeHierarchy', (p, t) => prepareTypeHierarchy(ctx, p, t));
    this.request('typeHierarchy/supertypes', (p, t) => typeHierarchySupertypes(ctx, p, t));
    this.request('typeHierarchy/subtypes', (p, t) => typeHierarchySubtypes(ctx, p, t));
    const tokens = new SemanticTokensFeature(ctx);
    this.request('textDocument/semanticTokens/full', (p, t) => tokens.full(p, t));
    this.request('textDocument/semanticTokens/full/delta', (p, t) => tokens.delta(p, t));
    this.request('textDocument/semanticTokens/range', (p, t) => tokens.range(p, t));
    this.request('textDocument/signatureHelp', (p, t) => signatureHelp(ctx, p, t));
    this.request('textDocument/inlayHint', (p, t) => inlayHints(ctx, p, t));
    const snippets = () =>
      this.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    this.request('textDocument/completion', (p, t) => completion(ctx, p, t, { snippets: snippets() }));
    this.request('completionItem/resolve', (p) => resolveCompletion(ctx, p));
    const documentChanges = () => this.clientCapabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.request('textDocument/codeAction', (p, t) =>
      codeAction(ctx, p, t, { documentChanges: documentChanges() }),
    );
    this.request('textDocument/documentLink', (p, t) => documentLinks(ctx, p, t));
    this.request('textDocument/diagnostic', (p, t) => this.pullDiagnostics.document(p, t));
    this.request('workspace/diagnostic', (p, t) => this.pullDiagnostics.workspace(p, t));
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
          liveWorkers: ws.liveWorkers,
        };
        if (ws.workerProblem !== undefined) out.workerProblem = ws.workerProblem;
        if (ws.lastReport) {
          out.indexMs = Math.round(ws.lastReport.ms);
          out.fromCache = ws.lastReport.fromCache;
        }
        return out;
      },
    };
  }

  /**
   * The workspace every feature asks: the session's roots once joined, else an empty one over which each
   * open document is a one-file workspace, so every advertised feature takes the same code path.
   */
  private workspace(): Workspace {
    if (this.currentWorkspace) return this.currentWorkspace;
    if (!this.detached) {
      this.detached = new Workspace({
        roots: [],
        store: this.options.store?.store ?? new FsStore(),
        logger: this.logger,
        workers: 0,
      });
      void this.detached.ready();
    }
    return this.detached;
  }

  /** Joins (or creates) the workspace of this session's roots and starts indexing it, with progress. */
  private openWorkspace(): void {
    const registry = this.options.workspaces;
    if (!registry || this.roots.length === 0 || this.currentWorkspace) return;
    const prebuilt = this.settings.indexPrebuilt;
    this.attach(
      registry.acquire(
        this.indexRoots(),
        this.discovery(),
        prebuilt !== '' ? { prebuilt: path.resolve(this.roots[0], prebuilt) } : {},
      ),
    );
  }

  /**
   * The roots to index: the session's folders, and the standard library where one is installed (its
   * declarations then resolve like any other) and no folder holds it already.
   */
  private indexRoots(): string[] {
    const stdlib = locateStdlib({ setting: this.settings.stdlibPath, env: process.env });
    const key = stdlib.root ?? `none: ${stdlib.reason}`;
    if (key !== this.stdlibSeen) {
      this.stdlibSeen = key;
      this.logger.info(
        stdlib.root !== undefined
          ? `stdlib: ${stdlib.root} (from ${stdlib.via})`
          : `stdlib: none (${stdlib.reason}); core types are described from the server's own declarations`,
      );
    }
    return stdlib.root !== undefined && !coveredBy(stdlib.root, this.roots)
      ? [...this.roots, stdlib.root]
      : [...this.roots];
  }

  private discovery(): { include: string[]; exclude: string[] } {
    return { include: this.settings.indexInclude, exclude: this.settings.indexExclude };
  }

  /** Makes `ws` the session's workspace: its changes re-check diagnostics; indexing starts or is joined. */
  private attach(ws: Workspace): void {
    const registry = this.options.workspaces!;
    this.currentWorkspace = ws;
    let treeSeen = ws.index.treeGeneration;
    this.unsubscribe = registry.onDidChange(ws, (ids) => {
      // Files added or removed can resolve (or break) any import: every open document is checked
      // again. Changed contents only matter to the files that import them, through the module graph.
      if (ws.index.treeGeneration !== treeSeen) {
        treeSeen = ws.index.treeGeneration;
        return this.refreshDiagnostics();
      }
      if (this.pullMode) return this.refreshDiagnostics();
      const affected = new Set<number>(ids);
      for (const id of ids) for (const importer of ws.graph.importersOf(id)) affected.add(importer);
      for (const doc of this.documents.all()) {
        const path = uriToPath(doc.uri);
        const file = path === undefined ? undefined : ws.index.fileByPath(path);
        if (file && affected.has(file.id)) this.diagnostics.schedule(doc);
      }
    });
    this.logger.info(`workspace: ${ws.roots.join(', ')} (${ws.workers} index workers)`);
    void this.index(ws);
    if (this.watchMode === 'server') return registry.watch(ws);
    if (this.watchMode === 'client') return; // the client's registration covers every folder
    if (this.options.transport !== 'stdio') {
      // A shared server cannot rely on one client's watcher for every session: it watches itself.
      this.watchMode = 'server';
      registry.watch(ws);
    } else if (this.clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.watchMode = 'client';
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.spl' }] })
        .then(
          () => this.logger.info('file changes: watched by the client (didChangeWatchedFiles)'),
          (e: unknown) => {
            this.logger.warn(`client watcher registration failed (${describeError(e)}); watching ourselves`);
            this.watchMode = 'server';
            if (this.currentWorkspace) registry.watch(this.currentWorkspace);
          },
        );
    } else {
      this.logger.info('file changes: the client does not watch files; the server watches the roots');
      this.watchMode = 'server';
      registry.watch(ws);
    }
  }

  /** Moves the session to the workspace of its current roots and globs (after the changes before it). */
  private reshape(why: string): void {
    this.moving = this.moving
      .then(() => this.reshapeNow(why))
      .catch((e: unknown) => this.logger.error(`${why}: changing the workspace failed`, e));
  }

  private async reshapeNow(why: string): Promise<void> {
    const registry = this.options.workspaces;
    const ws = this.currentWorkspace;
    if (!registry || this.disposed) return;
    if (this.roots.length === 0) {
      this.closeWorkspace();
      this.logger.info(`${why}: no folders left; single-file mode`);
    } else if (!ws) {
      this.openWorkspace();
      return; // indexing refreshes the diagnostics when it is done
    } else {
      const roots = this.indexRoots(); // later changes queue behind this one
      const moved = await registry.reshape(ws, { roots, ...this.discovery() });
      if (this.disposed) {
        if (moved.workspace !== ws) registry.release(moved.workspace);
        return;
      }
      const r = moved.report;
      const what = r
        ? ` (+${r.added} −${r.removed} files, ${r.moved} renumbered, ${Math.round(r.ms)} ms)`
        : '';
      this.logger.info(`${why}: workspace ${roots.join(', ')} ${moved.how}${what}`);
      if (moved.workspace !== ws) {
        this.unsubscribe?.();
        this.attach(moved.workspace);
        return;
      }
    }
    this.pullDiagnostics.invalidate();
    this.refreshDiagnostics();
  }

  private didChangeWorkspaceFolders(params: unknown): void {
    const change = foldersChange(params);
    if (typeof change === 'string')
      return this.logger.warn(`workspace/didChangeWorkspaceFolders ignored: ${change}`);
    const { roots, refused } = nextRoots(this.roots, change, this.options.admitRoot);
    for (const r of refused) {
      this.logger.warn(`workspace folder refused: ${r}`);
      this.connection
        .sendNotification(ShowMessageNotification.type, {
          type: MessageType.Error,
          message: `simple-lsp: ${r}`,
        })
        .catch(() => undefined);
    }
    if (roots.length === this.roots.length && roots.every((r, i) => r === this.roots[i])) return;
    this.roots = roots;
    this.reshape('workspace folders');
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

  /** Every file's diagnostics may have changed: push them again, or ask a pulling client to pull. */
  private refreshDiagnostics(): void {
    if (!this.pullMode) {
      for (const doc of this.documents.all()) this.diagnostics.schedule(doc);
      return;
    }
    if (this.clientCapabilities.workspace?.diagnostics?.refreshSupport !== true || !this.connected) return;
    // One refresh in flight at a time; changes while it is out send one more when it returns.
    if (this.refreshing !== 'idle') {
      this.refreshing = 'again';
      return;
    }
    this.refreshing = 'sent';
    const done = (): void => {
      const again = this.refreshing === 'again';
      this.refreshing = 'idle';
      if (again && !this.shutdownRequested) this.refreshDiagnostics();
    };
    this.connection.sendRequest('workspace/diagnostic/refresh').then(done, (e: unknown) => {
      this.logger.debug(`workspace/diagnostic/refresh failed: ${describeError(e)}`);
      done();
    });
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
    this.disposed = true;
    this.diagnostics.dispose();
    this.closeWorkspace();
  }

  private closeWorkspace(): void {
    this.detached?.close();
    this.detached = undefined;
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
    this.pullDiagnostics.forget(uri);
  }

  private didChangeConfiguration(params: unknown): void {
    // A client that answers workspace/configuration is asked (its answer is the whole section); others'
    // pushed settings are used when they carry a `simple` section. eglot sends null settings unprompted.
    if (this.clientCapabilities.workspace?.configuration === true) return this.pullConfiguration();
    const settings = (params as { settings?: unknown } | null)?.settings;
    if (!hasSettingsSection(settings))
      return this.logger.debug('workspace/didChangeConfiguration without simple settings ignored');
    this.configured = settings;
    this.applySettings('workspace/didChangeConfiguration');
  }

  private pullConfiguration(): void {
    this.connection
      .sendRequest<unknown[]>('workspace/configuration', { items: [{ section: 'simple' }] })
      .then(
        (answer) => {
          const section = Array.isArray(answer) ? answer[0] : undefined;
          this.configured = section === null || section === undefined ? undefined : { simple: section };
          this.applySettings('workspace/configuration');
        },
        (e: unknown) => this.logger.warn(`workspace/configuration failed: ${describeError(e)}`),
      );
  }

  /** Re-reads every setting (config.ts) from its layers and applies what changed, live. */
  private applySettings(source: string): void {
    if (this.shutdownRequested || this.disposed) return;
    const { settings, problems } = readLayeredSettings([this.initOptions, this.configured]);
    for (const p of problems) this.logger.warn(`settings (${source}): ${p}`);
    const changed = changedSettings(this.settings, settings);
    this.settings = settings;
    this.diagnostics.debounceMs = settings.diagnosticsDebounceMs;
    if (!this.initialized || changed.length === 0) return;
    this.logger.info(`settings (${source}): ${changed.join(', ')} changed`);
    if (changed.some((k) => k.startsWith('simple.index.') || k === 'simple.stdlib.path'))
      this.reshape('settings');
    else if (changed.includes('simple.diagnostics.unknownMembers')) this.refreshDiagnostics();
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
      } finally {
        // The user is at work: requests first, diagnostics once they pause (features/diagnostics.ts).
        this.diagnostics.postpone();
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
