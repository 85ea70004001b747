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
import { invalidParams, requirePosition, requireUri } from '../lsp/params';
import { planRename, RenameError } from '../workspace/rename';
import { type FeatureContext, parsedDocument } from './document';
import { navigation, pathToUri, placeRange, viewOfUri } from './workspace-context';

export function prepareRename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): { range: Range; placeholder: string } | null {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (!nav || !view) return null;
  const at = nav.resolver.at(view, target.doc.lines.offsetAt(position, target.encoding));
  if (!at || at.places.length === 0)
    throw new ResponseError(ErrorCodes.InvalidRequest, 'nothing to rename here: the name does not resolve');
  if (at.places.some((p) => p.module))
    throw new ResponseError(ErrorCodes.InvalidRequest, 'renaming a module means renaming its file');
  return { range: toRange(target.doc.lines, at.ref.span, target.encoding), placeholder: at.ref.name };
}

export async function rename(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<WorkspaceEdit | null> {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const newName = (params as { newName?: unknown }).newName;
  if (typeof newName !== 'string') throw invalidParams('params.newName must be a string');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (!nav || !view) return null;
  const offset = target.doc.lines.offsetAt(position, target.encoding);
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
