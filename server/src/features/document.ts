// What every document request starts with: validate the URI, find the open snapshot, and parse it (once per
// version) between two cancellation checks.
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { tooLargeMessage, tooLargeToAnalyse } from '../language/limits';
import type { ParseResult } from '../language/types';
import type { PositionEncoding } from '../lsp/line-index';
import { requireUri } from '../lsp/params';
import type { DocumentSnapshot, DocumentStore } from '../session/documents';
import type { Workspace } from '../workspace/workspace';

export interface FeatureContext {
  documents: DocumentStore;
  /** The session's workspace: its roots, or (without roots) its open documents alone. */
  workspace(): Workspace;
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
