// textDocument/prepareTypeHierarchy, typeHierarchy/supertypes, typeHierarchy/subtypes: the traits a type
// implements and the types implementing a trait, across files (workspace/type-hierarchy.ts). Items carry
// their declaration's file and name position in `data`, resolved again on each follow-up request.
import type { CancellationToken, TypeHierarchyItem } from 'vscode-languageserver';
import { kindOf, lineStarts } from '../language/summary';
import { toSymbolKind } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import type { Place } from '../workspace/resolver';
import { subtypes, supertypes, typesAt } from '../workspace/type-hierarchy';
import { type FeatureContext, throwIfCancelled, withSignal } from './document';
import {
  documentPosition,
  type Navigation,
  navigation,
  pathToUri,
  placeRange,
  uriToPath,
} from './workspace-context';

interface ItemData {
  path: string;
  line: number;
  character: number;
}

function toItem(nav: Navigation, p: Place): TypeHierarchyItem {
  const range = placeRange(nav, p);
  const decl = p.decl!;
  const data: ItemData = { path: p.path, line: p.line, character: p.character };
  return {
    name: decl.view.summary.names[decl.index],
    kind: toSymbolKind(kindOf(decl.view.summary, decl.index)),
    uri: pathToUri(p.path),
    range,
    selectionRange: range,
    detail: decl.view.rel,
    data,
  };
}

function fromItem(nav: Navigation, params: unknown): Place | undefined {
  const item = (params as { item?: { data?: Partial<ItemData>; uri?: unknown } } | null)?.item;
  if (!item || typeof item !== 'object') throw invalidParams('params.item must be a TypeHierarchyItem');
  const d = item.data;
  const path =
    typeof d?.path === 'string' ? d.path : typeof item.uri === 'string' ? uriToPath(item.uri) : undefined;
  if (!path || typeof d?.line !== 'number' || typeof d.character !== 'number') return undefined;
  const view = nav.views.byPath(path);
  if (!view) return undefined;
  const starts = lineStarts(view.text());
  if (d.line >= starts.length) return undefined;
  return typesAt(nav.resolver, view, starts[d.line] + d.character)[0];
}

export function prepareTypeHierarchy(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): TypeHierarchyItem[] | null {
  const at = documentPosition(ctx, params, token);
  if (!at) return null;
  const found = typesAt(at.nav.resolver, at.view, at.offset);
  return found.length > 0 ? found.map((p) => toItem(at.nav, p)) : null;
}

export function typeHierarchySupertypes(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): TypeHierarchyItem[] | null {
  throwIfCancelled(token);
  const nav = navigation(ctx);
  const place = fromItem(nav, params);
  return place ? supertypes(nav.resolver, place).map((p) => toItem(nav, p)) : null;
}

export async function typeHierarchySubtypes(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<TypeHierarchyItem[] | null> {
  const nav = navigation(ctx);
  const place = fromItem(nav, params);
  if (!place) return null;
  const found = await withSignal(token, async (signal) => subtypes(nav.resolver, place, signal));
  return found.map((p) => toItem(nav, p));
}
