// The "convert in" step every handler starts with: validate the params, find the open snapshot, parse it
// (once per version) between two cancellation checks, and take the analysis snapshot of the session (its
// open documents over its workspace) with the cursor as a file key and a UTF-16 offset. Also the one place
// that turns an LSP cancellation token into the `AbortSignal` code below the edge checks.
import { CancellationToken, type Location, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { Analysis, type FilePosition, type FileRange } from '../analysis';
import { tooLargeMessage, tooLargeToAnalyse } from '../language/limits';
import type { ParseResult } from '../language/types';
import { toLocation } from '../lsp/convert';
import type { PositionEncoding } from '../lsp/line-index';
import { requirePosition, requireUri } from '../lsp/params';
import { documentKey } from '../lsp/uri';
import type { DocumentSnapshot, DocumentStore } from '../session/documents';
import type { Workspace } from '../workspace/workspace';

export interface FeatureContext {
  documents: DocumentStore;
  /** The session's workspace: its roots, or (without roots) its open documents alone. */
  workspace(): Workspace;
  /** The opt-in unknown-member check (`simple.diagnostics.unknownMembers`) is on. */
  unknownMembers?: () => boolean;
}

export interface ParsedDocument {
  doc: DocumentSnapshot;
  result: ParseResult;
  encoding: PositionEncoding;
}

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested)
    throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/**
 * The one cancellation style below the edge: workspace code takes an `AbortSignal` (what the file store's
 * findWord takes too) and checks it in its loops. This runs `work` with a signal that follows the LSP
 * token, and answers RequestCancelled when the request was cancelled, whatever `work` did then.
 */
export async function withSignal<T>(
  token: CancellationToken,
  work: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  throwIfCancelled(token);
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    const result = await work(abort.signal);
    throwIfCancelled(token);
    return result;
  } catch (e) {
    throwIfCancelled(token);
    throw e;
  } finally {
    listener.dispose();
  }
}

/** For synchronous work: a signal that is already aborted when the token is. */
export function signalOf(token: CancellationToken): AbortSignal {
  const abort = new AbortController();
  if (token.isCancellationRequested) abort.abort();
  else token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}

/** The parsed open document named by `params.textDocument.uri`, or undefined when it is not open. */
export function parsedDocument(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): ParsedDocument | undefined {
  const doc = ctx.documents.get(requireUri(params));
  if (doc === undefined) return undefined;
  // Over the analysis limit the parse is empty: say so rather than answer with nothing.
  if (tooLargeToAnalyse(doc.text))
    throw new ResponseError(LSPErrorCodes.RequestFailed, tooLargeMessage(doc.text.length));
  throwIfCancelled(token);
  const result = doc.parse();
  throwIfCancelled(token);
  return { doc, result, encoding: ctx.documents.encoding };
}

/** The analysis snapshot of the session: its open documents over its workspace. */
export function analysisOf(ctx: FeatureContext): Analysis {
  return new Analysis(
    ctx.workspace(),
    ctx.documents.all().map((doc) => [documentKey(doc.uri), doc] as const),
  );
}

/** A document request converted in: the parsed document, its file key and the analysis snapshot. */
export interface DocumentRequest {
  parsed: ParsedDocument;
  /** The document's key in the analysis snapshot. */
  file: string;
  analysis: Analysis;
}

/** The open document named by the params and the snapshot to ask about it; undefined when not open. */
export function documentRequest(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): DocumentRequest | undefined {
  const parsed = parsedDocument(ctx, params, token);
  if (parsed === undefined) return undefined;
  return { parsed, file: documentKey(parsed.doc.uri), analysis: analysisOf(ctx) };
}

export interface PositionRequest extends DocumentRequest {
  /** The cursor. */
  at: FilePosition;
}

/**
 * The step every position request starts with: validate the URI and position (then `check` any other
 * parameter, so errors come in that order), find the open document and its parse, and take the snapshot.
 * Undefined when the document is not open.
 */
export function positionRequest(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  check?: () => void,
): PositionRequest | undefined {
  requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  check?.();
  const request = documentRequest(ctx, params, token);
  if (request === undefined) return undefined;
  const { doc, encoding } = request.parsed;
  return { ...request, at: { file: request.file, offset: doc.lines.offsetAt(position, encoding) } };
}

/** Runs synchronous work with a signal that follows the token; a cancelled run answers RequestCancelled. */
export function cancellable<T>(token: CancellationToken, work: (signal: AbortSignal) => T): T {
  throwIfCancelled(token);
  try {
    const result = work(signalOf(token));
    throwIfCancelled(token);
    return result;
  } catch (e) {
    throwIfCancelled(token);
    throw e;
  }
}

/** A position request answered by places of any files: convert in, ask, convert out as Locations. */
export function locationRequest(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  ask: (a: Analysis, at: FilePosition) => readonly FileRange[] | undefined,
): Location[] | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const { analysis: a, parsed } = req;
  const found = ask(a, req.at);
  throwIfCancelled(token);
  return found ? found.map((r) => toLocation((f) => a.lines(f), r, parsed.encoding)) : null;
}
