// Call hierarchy: the callable under the cursor, who calls it across the workspace (incoming) and what
// it calls (outgoing). An item is named by its declaration's file and name offset, and found again from
// those on each follow-up request (the index may have changed meanwhile).
import { kindOf } from '../language/summary';
import type { SymbolKind } from '../language/types';
import {
  type CallSite,
  callableAt,
  incomingCalls as incoming,
  outgoingCalls as outgoing,
} from '../workspace/call-hierarchy';
import type { Place } from '../workspace/resolver';
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

export interface CallItem {
  name: string;
  kind: SymbolKind;
  /** The declaration's name. */
  range: FileRange;
  /** The file, relative to its root. */
  detail: string;
}

export interface Calls {
  /** The caller (incoming) or the callee (outgoing). */
  item: CallItem;
  /** Where the calls are written, in the caller's file. */
  ranges: FileRange[];
}

/** The callables at the cursor; undefined when the file is not in the snapshot. */
export function prepareCallHierarchy(a: Analysis, at: FilePosition): CallItem[] | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  return callableAt(a.resolver, view, at.offset).map((p) => item(a, p));
}

/** Who calls the item named by `at` (its name's offset); undefined when it is no longer a callable. */
export async function incomingCalls(
  a: Analysis,
  at: FilePosition,
  signal?: AbortSignal,
): Promise<Calls[] | undefined> {
  const target = callableOf(a, at);
  if (!target) return undefined;
  const sites = await incoming(a.resolver, target, a.openFiles, signal);
  return sites.map((s) => calls(a, s, s.target.path));
}

/** What the item named by `at` calls; undefined when it is no longer a callable. */
export function outgoingCalls(a: Analysis, at: FilePosition): Calls[] | undefined {
  const source = callableOf(a, at);
  if (!source) return undefined;
  return outgoing(a.resolver, source).map((s) => calls(a, s, source.path));
}

function callableOf(a: Analysis, at: FilePosition): Place | undefined {
  const view = a.view(at.file);
  return view && callableAt(a.resolver, view, at.offset)[0];
}

function calls(a: Analysis, site: CallSite, file: string): Calls {
  return { item: item(a, site.target), ranges: site.ranges.map((r) => a.range({ path: file, ...r })) };
}

/** A declaration as a hierarchy item. */
export function item(a: Analysis, p: Place): CallItem {
  const decl = p.decl!;
  return {
    name: decl.view.summary.names[decl.index],
    kind: kindOf(decl.view.summary, decl.index),
    range: a.range(p),
    detail: decl.view.rel,
  };
}
