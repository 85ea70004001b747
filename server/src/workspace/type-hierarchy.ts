// Type hierarchy over the workspace (types/hierarchy.ts holds the rules): the type or trait under the
// cursor, the traits a type implements (header and `impl T for X` blocks in any file), and the types
// implementing a trait, found in the files whose word filter may name the trait (and open documents).
import { kindOf } from '../language/summary';
import { SymbolKind } from '../language/types';
import { mayContain } from '../language/word-filter';
import { subtypesIn, supertypesOf } from '../types';
import { type Place, placeKey, type Resolver } from './resolver';
import type { SourceView } from './views';

const TYPE_KINDS: ReadonlySet<SymbolKind> = new Set([
  SymbolKind.Class,
  SymbolKind.Struct,
  SymbolKind.Enum,
  SymbolKind.Trait,
]);

function isType(p: Place): boolean {
  return p.decl !== undefined && TYPE_KINDS.has(kindOf(p.decl.view.summary, p.decl.index));
}

/** The type declarations the name at `offset` means (its declaration or a use). */
export function typesAt(resolver: Resolver, view: SourceView, offset: number): Place[] {
  return (resolver.at(view, offset)?.places ?? []).filter(isType);
}

/** The traits a type declares it implements (a trait: the traits it names in its header). */
export function supertypes(resolver: Resolver, type: Place): Place[] {
  const { world } = resolver.types();
  const decl = world.declAt(type);
  if (!decl) return [];
  return places(supertypesOf(world, decl).map((d) => world.placeOf(d)));
}

/** The types (and traits) that implement a trait, across the workspace; [] for a type that is not one. */
export function subtypes(resolver: Resolver, trait: Place, signal?: AbortSignal): Place[] {
  if (!trait.decl || kindOf(trait.decl.view.summary, trait.decl.index) !== SymbolKind.Trait) return [];
  const { world } = resolver.types();
  const decl = world.declAt(trait);
  if (!decl) return [];
  const views = resolver.views;
  const candidates = new Map<string, SourceView>();
  for (const f of views.workspace.index.allFiles()) {
    if (!mayContain(f.summary.words, decl.name.text)) continue;
    const v = views.byId(f.id);
    if (v) candidates.set(v.path, v);
  }
  for (const p of views.openPaths) {
    const v = views.byPath(p);
    if (v) candidates.set(v.path, v);
  }
  const out: (Place | undefined)[] = [];
  for (const v of candidates.values()) {
    if (signal?.aborted) throw new Error('cancelled');
    if (!v.text().includes(decl.name.text)) continue;
    for (const d of subtypesIn(world, world.fileOf(v), decl)) out.push(world.placeOf(d));
  }
  return places(out);
}

function places(found: (Place | undefined)[]): Place[] {
  const seen = new Set<string>();
  const out: Place[] = [];
  for (const p of found) {
    if (!p || seen.has(placeKey(p))) continue;
    seen.add(placeKey(p));
    out.push(p);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}
