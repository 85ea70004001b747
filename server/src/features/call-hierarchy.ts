// callHierarchy/prepare, incomingCalls, outgoingCalls (analysis/call-hierarchy.ts): convert in, ask,
// convert out. An item carries its declaration's file and name offset in `data`, found again on each
// follow-up request.
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  CancellationToken,
  TypeHierarchyItem,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import { type LinesOf, toFileRange, toSymbolKind } from '../lsp/convert';
import type { PositionEncoding } from '../lsp/line-index';
import { invalidParams } from '../lsp/params';
import { pathToUri, uriToPath } from '../lsp/uri';
import { analysisOf, type FeatureContext, positionRequest, throwIfCancelled, withSignal } from './document';

interface ItemData {
  /** The declaration's file and the UTF-16 offset of its name. */
  file: string;
  offset: number;
}

/** A call or type hierarchy item (both have this shape) as the client gets it. */
export function toItem(
  linesOf: LinesOf,
  item: analysis.CallItem,
  encoding: PositionEncoding,
): CallHierarchyItem & TypeHierarchyItem {
  const range = toFileRange(linesOf, item.range, encoding);
  const data: ItemData = { file: item.range.file, offset: item.range.start };
  return {
    name: item.name,
    kind: toSymbolKind(item.kind),
    uri: pathToUri(item.range.file),
    range,
    selectionRange: range,
    detail: item.detail,
    data,
  };
}

/** The declaration an item names, from its data (or its URI when a client dropped the data's file). */
export function fromItem(params: unknown, what = 'CallHierarchyItem'): analysis.FilePosition | undefined {
  const item = (params as { item?: { data?: Partial<ItemData>; uri?: unknown } } | null)?.item;
  if (!item || typeof item !== 'object') throw invalidParams(`params.item must be a ${what}`);
  const d = item.data;
  const file =
    typeof d?.file === 'string' ? d.file : typeof item.uri === 'string' ? uriToPath(item.uri) : undefined;
  if (!file || typeof d?.offset !== 'number' || !Number.isInteger(d.offset) || d.offset < 0) return undefined;
  return { file, offset: d.offset };
}

export function prepareCallHierarchy(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): CallHierarchyItem[] | null {
  const req = positionRequest(ctx, params, token);
  if (!req) return null;
  const { analysis: a, parsed } = req;
  const items = analysis.prepareCallHierarchy(a, req.at);
  return items && items.length > 0 ? items.map((i) => toItem((f) => a.lines(f), i, parsed.encoding)) : null;
}

export async function callHierarchyIncoming(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Promise<CallHierarchyIncomingCall[] | null> {
  const at = fromItem(params);
  if (!at) return null;
  const a = analysisOf(ctx);
  const encoding = ctx.documents.encoding;
  const linesOf: LinesOf = (f) => a.lines(f);
  const calls = await withSignal(token, (signal) => analysis.incomingCalls(a, at, signal));
  if (!calls) return null;
  return calls.map((c) => ({
    from: toItem(linesOf, c.item, encoding),
    fromRanges: c.ranges.map((r) => toFileRange(linesOf, r, encoding)),
  }));
}

export function callHierarchyOutgoing(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): CallHierarchyOutgoingCall[] | null {
  throwIfCancelled(token);
  const at = fromItem(params);
  if (!at) return null;
  const a = analysisOf(ctx);
  const encoding = ctx.documents.encoding;
  const linesOf: LinesOf = (f) => a.lines(f);
  const calls = analysis.outgoingCalls(a, at);
  if (!calls) return null;
  return calls.map((c) => ({
    to: toItem(linesOf, c.item, encoding),
    fromRanges: c.ranges.map((r) => toFileRange(linesOf, r, encoding)),
  }));
}
