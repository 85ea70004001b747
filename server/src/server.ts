// One language-server session over one connection. The stdio entry, later TCP sessions and the tests all
// build it the same way: createSimpleServer(connection, options).register(), then connection.listen().
// Nothing here is module-level: the logger, the parse function and all state come in or live on the instance.
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
import { STATUS_METHOD, status } from './features/status';
import { describeError, type Logger } from './logger';
import type { PositionEncoding } from './lsp/line-index';
import { readChangeParams, readOpenParams, requireUri } from './lsp/params';
import { packageInfo } from './package-info';
import { DocumentStore, type ParseFn } from './session/documents';
import type { StoreSelection } from './store/select-store';

export interface SimpleServerOptions {
  logger: Logger;
  transport: 'stdio';
  /** The analysis entry point; tests may wrap it (to count or fail parses). */
  parse?: ParseFn;
  /** Name used in log lines of this session. */
  sessionName?: string;
  /** The process's file store (not used by features yet: the workspace index will read through it). */
  store?: StoreSelection;
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
    this.diagnostics = new DiagnosticsScheduler(this.documents, (p) => this.publish(p), this.logger);
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
      semanticTokensProvider: SEMANTIC_TOKENS_OPTIONS,
      signatureHelpProvider: SIGNATURE_HELP_OPTIONS,
      inlayHintProvider: true,
    };
  }

  initialize(params: InitializeParams): InitializeResult {
    if (this.initialized)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received');
    this.documents.encoding = negotiateEncoding(params);
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
    const ctx: FeatureContext = { documents: this.documents };
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => {
      this.connected = true;
    });
    c.onShutdown(() => this.shutdown());
    c.onExit(() => this.diagnostics.dispose());

    // --- document sync and configuration (notifications) ---
    this.notification('textDocument/didOpen', (p) => this.didOpen(p));
    this.notification('textDocument/didChange', (p) => this.didChange(p));
    this.notification('textDocument/didClose', (p) => this.didClose(p));
    this.notification('textDocument/didSave', () => undefined);
    this.notification('workspace/didChangeConfiguration', (p) => this.didChangeConfiguration(p));

    // --- features (requests) ---
    this.request('textDocument/documentSymbol', (p, t) => documentSymbols(ctx, p, t));
    this.request('textDocument/foldingRange', (p, t) => foldingRanges(ctx, p, t));
    this.request('textDocument/selectionRange', (p, t) => selectionRanges(ctx, p, t));
    this.request('textDocument/definition', (p, t) => definition(ctx, p, t));
    this.request('textDocument/declaration', (p, t) => definition(ctx, p, t));
    this.request('textDocument/documentHighlight', (p, t) => documentHighlights(ctx, p, t));
    this.request('textDocument/hover', (p, t) => hover(ctx, p, t));
    const tokens = new SemanticTokensFeature(ctx);
    this.request('textDocument/semanticTokens/full', (p, t) => tokens.full(p, t));
    this.request('textDocument/semanticTokens/full/delta', (p, t) => tokens.delta(p, t));
    this.request('textDocument/semanticTokens/range', (p, t) => tokens.range(p, t));
    this.request('textDocument/signatureHelp', (p, t) => signatureHelp(ctx, p, t));
    this.request('textDocument/inlayHint', (p, t) => inlayHints(ctx, p, t));
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
      store: () => {
        const s = this.options.store;
        return s === undefined ? undefined : { kind: s.kind, reason: s.reason, stats: s.store.stats() };
      },
    };
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

export function createSimpleServer(connection: Connection, options: SimpleServerOptions): SimpleServer {
  return new SimpleServer(connection, options);
}
