// textDocument/prepareRename and textDocument/rename (analysis/rename.ts): convert in, ask, convert out. A
// refused rename answers InvalidRequest with the analysis layer's message.
import {
  type CancellationToken,
  ErrorCodes,
  type Range,
  ResponseError,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import { toFileRange, toRange } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import { pathToUri } from '../lsp/uri';
import { type FeatureContext, positionRequest } from './document';

export function prepareRename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): { range: Range; placeholder: string } | null {
  const req = positionRequest(ctx, params, token);
  if (!req) return null;
  let found;
  try {
    found = analysis.prepareRename(req.analysis, req.at);
  } catch (e) {
    throw refusal(e);
  }
  if (!found) return null;
  const { doc, encoding } = req.parsed;
  return { range: toRange(doc.lines, found.range, encoding), placeholder: found.placeholder };
}

export async function rename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  /** Where uses on receivers of unknown type, left unrenamed, are reported (the log). */
  report: (line: string) => void = () => undefined,
): Promise<WorkspaceEdit | null> {
  const newName = (params as { newName?: unknown }).newName;
  const req = positionRequest(ctx, params, token, () => {
    if (typeof newName !== 'string') throw invalidParams('params.newName must be a string');
  });
  if (!req || typeof newName !== 'string') return null;
  const { analysis: a, parsed } = req;
  let edits;
  try {
    edits = await analysis.rename(a, req.at, newName, {
      onPossible: (p) => report(`rename: not renamed — ${p.note}`),
    });
  } catch (e) {
    throw refusal(e);
  }
  if (!edits) return null;
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits)
    (changes[pathToUri(e.range.file)] ??= []).push({
      range: toFileRange((f) => a.lines(f), e.range, parsed.encoding),
      newText: e.newText,
    });
  return { changes };
}

/** The analysis layer's refusal as the InvalidRequest error clients show; any other error as it is. */
function refusal(e: unknown): unknown {
  return e instanceof analysis.RenameError ? new ResponseError(ErrorCodes.InvalidRequest, e.message) : e;
}
