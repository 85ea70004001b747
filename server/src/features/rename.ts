// textDocument/prepareRename and textDocument/rename: one WorkspaceEdit over every confirmed reference
// (import lists included), refused with a clear message for keywords, invalid identifiers, names that
// would collide, and names that do not resolve.
import {
  type CancellationToken,
  ErrorCodes,
  type Range,
  ResponseError,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { toRange } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import { planRename, RenameError } from '../workspace/rename';
import type { FeatureContext } from './document';
import { pathToUri, placeRange, documentPosition } from './workspace-context';

export function prepareRename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): { range: Range; placeholder: string } | null {
  const req = documentPosition(ctx, params, token);
  if (!req) return null;
  const at = req.nav.resolver.at(req.view, req.offset);
  if (!at || at.places.length === 0)
    throw new ResponseError(ErrorCodes.InvalidRequest, 'nothing to rename here: the name does not resolve');
  if (at.places.some((p) => p.module))
    throw new ResponseError(ErrorCodes.InvalidRequest, 'renaming a module means renaming its file');
  const { doc, encoding } = req.parsed;
  return { range: toRange(doc.lines, at.ref.span, encoding), placeholder: at.ref.name };
}

export async function rename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<WorkspaceEdit | null> {
  const newName = (params as { newName?: unknown }).newName;
  const req = documentPosition(ctx, params, token, () => {
    if (typeof newName !== 'string') throw invalidParams('params.newName must be a string');
  });
  if (!req || typeof newName !== 'string') return null;
  const { nav, view, offset } = req;
  try {
    const plan = await planRename(nav.resolver, view, offset, newName, { openPaths: nav.openPaths });
    const changes: Record<string, TextEdit[]> = {};
    for (const o of plan.edits)
      (changes[pathToUri(o.path)] ??= []).push({ range: placeRange(nav, o), newText: newName });
    return { changes };
  } catch (e) {
    if (e instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidRequest, e.message);
    throw e;
  }
}
