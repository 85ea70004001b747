// textDocument/prepareTypeHierarchy, typeHierarchy/supertypes, typeHierarchy/subtypes
// (analysis/type-hierarchy.ts): convert in, ask, convert out. Items are shaped and named like call
// hierarchy items (call-hierarchy.ts): the declaration's file and name offset in `data`.
import type { CancellationToken, TypeHierarchyItem } from 'vscode-languageserver';
import * as analysis from '../analysis';
import { analysisOf, type FeatureContext, positionRequest, throwIfCancelled, withSignal } from './document';
import { fromItem, toItem } from './call-hierarchy';

export function prepareTypeHierarchy(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): TypeHierarchyItem[] | null {
  const req = positionRequest(ctx, params, token);
  if (!req) return null;
  const { analysis: a, parsed } = req;
  const items = analysis.prepareTypeHierarchy(a, req.at);
  return items && items.length > 0 ? items.map((i) => toItem((f) => a.lines(f), i, parsed.encoding)) : null;
}

export function typeHierarchySupertypes(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): TypeHierarchyItem[] | null {
  throwIfCancelled(token);
  const at = fromItem(params, 'TypeHierarchyItem');
  if (!at) return null;
  const a = analysisOf(ctx);
  const found = analysis.supertypes(a, at);
  return found ? found.map((i) => toItem((f) => a.lines(f), i, ctx.documents.encoding)) : null;
}

export async function typeHierarchySubtypes(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<TypeHierarchyItem[] | null> {
  const at = fromItem(params, 'TypeHierarchyItem');
  if (!at) return null;
  const a = analysisOf(ctx);
  const found = await withSignal(token, async (signal) => analysis.subtypes(a, at, signal));
  return found ? found.map((i) => toItem((f) => a.lines(f), i, ctx.documents.encoding)) : null;
}
