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
  /** The session's workspace, once it has one (no roots, or not yet initialized: undefined). */
  workspace(): Workspace | undefined;
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
