// Call hierarchy: the functions and methods that call a function (incoming: its confirmed references
// that are callees of a call, grouped by the declaration that contains them) and the ones it calls
// (outgoing: the callees in its body that resolve to a function or method, grouped by target).
import { referenceAt } from '../language/model';
import { kindOf, lineOf, lineStarts, symbolAtName } from '../language/summary';
import { SyntaxKind, type SyntaxNode, walk } from '../language/syntax';
import { type OutlineSymbol, SymbolKind } from '../language/types';
import { findReferences } from './references';
import { type Decl, type Place, placeKey, placeOfDecl, type Resolver } from './resolver';
import type { SourceView } from './views';

const CALLABLE = new Set([SymbolKind.Function, SymbolKind.Method]);

export interface CallSite {
  /** The caller (incoming) or the callee (outgoing). */
  target: Place;
  /** Where the calls are written (in the caller's file), line + UTF-16 columns. */
  ranges: { line: number; character: number; endCharacter: number }[];
}

/** The callable declaration under the cursor (its name, or a call of it). */
export function callableAt(resolver: Resolver, view: SourceView, offset: number): Place[] {
  const at = resolver.at(view, offset);
  return (at?.places ?? []).filter((p) => p.decl && CALLABLE.has(kindOf(p.decl.view.summary, p.decl.index)));
}

export async function incomingCalls(
  resolver: Resolver,
  target: Place,
  openPaths: readonly string[],
  signal?: AbortSignal,
): Promise<CallSite[]> {
  if (!target.decl) return [];
  const view = target.decl.view;
  const offset = offsetOf(view, target.line, target.character);
  const found = await findReferences(resolver, view, offset, { openPaths, ...(signal ? { signal } : {}) });
  const byCaller = new Map<string, CallSite>();
  for (const o of found?.occurrences ?? []) {
    if (signal?.aborted) return [];
    if (o.declaration) continue;
    const v = resolver.views.byPath(o.path);
    if (!v || !isCallee(v, offsetOf(v, o.line, o.character))) continue;
    const caller = enclosingCallable(v, offsetOf(v, o.line, o.character));
    if (!caller) continue;
    const place = placeOfDecl(caller);
    const key = placeKey(place);
    let site = byCaller.get(key);
    if (!site) byCaller.set(key, (site = { target: place, ranges: [] }));
    site.ranges.push({ line: o.line, character: o.character, endCharacter: o.endCharacter });
  }
  return [...byCaller.values()];
}

export function outgoingCalls(resolver: Resolver, source: Place): CallSite[] {
  if (!source.decl) return [];
  const view = source.decl.view;
  const text = view.text();
  const starts = lineStarts(text);
  const nameAt = (starts[source.line] ?? 0) + source.character;
  // Extents from the full parse: the index's summaries may come from a skeleton (bodies blanked).
  const own = callables(view).find((c) => c.nameStart === nameAt);
  if (!own) return [];
  const from = own.start;
  const to = own.end;
  const byCallee = new Map<string, CallSite>();
  walk(view.parse().root, (n) => {
    if (n.end < from || n.start > to) return false;
    const callee = calleeName(n);
    if (!callee || callee.start < from || callee.end > to) return;
    const ref = referenceAt(view.parse(), callee.start + 1);
    if (!ref) return;
    for (const target of resolver.resolve(view, ref, 0)) {
      if (!target.decl || !CALLABLE.has(kindOf(target.decl.view.summary, target.decl.index))) continue;
      const key = placeKey(target);
      let site = byCallee.get(key);
      if (!site) byCallee.set(key, (site = { target, ranges: [] }));
      const line = lineOf(starts, callee.start);
      site.ranges.push({
        line,
        character: callee.start - starts[line],
        endCharacter: callee.end - starts[line],
      });
    }
  });
  return [...byCallee.values()];
}

/** The name a Call node calls: `f(...)` → f, `a.b(...)` → b. */
function calleeName(n: SyntaxNode): SyntaxNode | undefined {
  if (n.kind !== SyntaxKind.Call) return undefined;
  const callee = n.children[0];
  if (!callee) return undefined;
  if (callee.kind === SyntaxKind.NameRef) return callee;
  if (callee.kind === SyntaxKind.Member) {
    const last = callee.children[callee.children.length - 1];
    return last && last.kind === SyntaxKind.Name ? last : undefined;
  }
  return undefined;
}

function isCallee(view: SourceView, offset: number): boolean {
  let found = false;
  walk(view.parse().root, (n) => {
    if (found || n.end < offset || n.start > offset) return false;
    const callee = calleeName(n);
    if (callee && callee.start === offset) found = true;
  });
  return found;
}

/** Functions and methods of a file with their full extents (UTF-16), from the full parse's outline. */
function callables(view: SourceView): { start: number; end: number; nameStart: number }[] {
  const out: { start: number; end: number; nameStart: number }[] = [];
  const visit = (symbols: OutlineSymbol[]): void => {
    for (const sym of symbols) {
      if (CALLABLE.has(sym.kind))
        out.push({ start: sym.span.start, end: sym.span.end, nameStart: sym.nameSpan.start });
      visit(sym.children);
    }
  };
  visit(view.outline().symbols);
  return out;
}

/** The innermost function or method around an offset, as a declaration of the view's summary. */
function enclosingCallable(view: SourceView, offset: number): Decl | undefined {
  const around = callables(view)
    .filter((c) => c.start <= offset && offset < c.end)
    .sort((a, b) => b.start - a.start);
  const starts = lineStarts(view.text());
  const s = view.summary;
  for (const c of around) {
    const line = lineOf(starts, c.nameStart);
    const character = c.nameStart - starts[line];
    const index = symbolAtName(s, line, character);
    if (index !== undefined) return { view, index };
  }
  return undefined;
}

function offsetOf(view: SourceView, line: number, character: number): number {
  return (lineStarts(view.text())[line] ?? 0) + character;
}
