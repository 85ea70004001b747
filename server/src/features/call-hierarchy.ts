// callHierarchy/prepare, callHierarchy/incomingCalls, callHierarchy/outgoingCalls: who calls a function
// or method across the workspace, and what it calls. Items carry their declaration's file and name
// position in `data`, resolved again on each follow-up request (the index may have changed meanwhile).
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  CancellationToken,
} from 'vscode-languageserver';
import { toSymbolKind } from '../lsp/convert';
import { invalidParams } from '../lsp/params';
import { kindOf, lineStarts } from '../language/summary';
import { callableAt, incomingCalls, outgoingCalls } from '../workspace/call-hierarchy';
import type { Place } from '../workspace/resolver';
import { type FeatureContext, throwIfCancelled, withSignal } from './document';
import {
  type Navigation,
  navigation,
  pathToUri,
  placeRange,
  uriToPath,
  documentPosition,
} from './workspace-context';

interface ItemData {
  path: string;
  line: number;
  character: number;
}

function toItem(nav: Navigation, p: Place): CallHierarchyItem {
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
  if (!item || typeof item !== 'object') throw invalidParams('params.item must be a CallHierarchyItem');
  const d = item.data;
  const path =
    typeof d?.path === 'string' ? d.path : typeof item.uri === 'string' ? uriToPath(item.uri) : undefined;
  if (!path || typeof d?.line !== 'number' || typeof d.character !== 'number') return undefined;
  const view = nav.views.byPath(path);
  if (!view) return undefined;
  const starts = lineStarts(view.text());
  if (d.line >= starts.length) return undefined;
  return callableAt(nav.resolver, view, starts[d.line] + d.character)[0];
}

export function prepareCallHierarchy(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): CallHierarchyItem[] | null {
  const at = documentPosition(ctx, params, token);
  if (!at) return null;
  const nav = at.nav;
  const places = callableAt(nav.resolver, at.view, at.offset);
  return places.length > 0 ? places.map((p) => toItem(nav, p)) : null;
}

export async function callHierarchyIncoming(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<CallHierarchyIncomingCall[] | null> {
  const nav = navigation(ctx);
  const place = fromItem(nav, params);
  if (!place) return null;
  const sites = await withSignal(token, (signal) =>
    incomingCalls(nav.resolver, place, nav.openPaths, signal),
  );
  return sites.map((s) => ({
    from: toItem(nav, s.target),
    fromRanges: s.ranges.map((r) => placeRange(nav, { path: s.target.path, ...r })),
  }));
}

export function callHierarchyOutgoing(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): CallHierarchyOutgoingCall[] | null {
  throwIfCancelled(token);
  const nav = navigation(ctx);
  const place = fromItem(nav, params);
  if (!place) return null;
  return outgoingCalls(nav.resolver, place).map((s) => ({
    to: toItem(nav, s.target),
    fromRanges: s.ranges.map((r) => placeRange(nav, { path: place.path, ...r })),
  }));
}
