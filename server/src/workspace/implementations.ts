// textDocument/implementation: a trait's `impl Trait for X` blocks, a type's `impl` blocks, and for a
// trait method, the methods of that name in the trait's impls. Found by name through the index
// (impl blocks are named `Trait for Type`), so same-named traits in different modules share answers.
import { Field, kindOf, field } from '../language/summary';
import { SymbolKind } from '../language/types';
import { implTargetName, implTraitName } from '../language/model';
import { type Place, placeOfDecl, type Resolver } from './resolver';
import { refFile, refIndex } from './symbol-index';
import type { SourceView } from './views';

export function findImplementations(resolver: Resolver, view: SourceView, offset: number): Place[] {
  const at = resolver.at(view, offset);
  if (!at) return [];
  const out: Place[] = [];
  const index = resolver.views.workspace.index;
  for (const place of at.places) {
    if (!place.decl) continue;
    const { view: dv, index: di } = place.decl;
    const kind = kindOf(dv.summary, di);
    const name = dv.summary.names[di];
    if (
      kind === SymbolKind.Trait ||
      kind === SymbolKind.Class ||
      kind === SymbolKind.Struct ||
      kind === SymbolKind.Enum
    ) {
      for (const file of index.allFiles()) {
        const v = resolver.views.byId(file.id);
        if (!v) continue;
        const s = v.summary;
        for (let i = 0; i < s.names.length; i++) {
          if (kindOf(s, i) !== SymbolKind.Impl) continue;
          const matches =
            kind === SymbolKind.Trait
              ? implTraitName(s.names[i]) === name
              : implTargetName(s.names[i]) === name;
          if (matches) out.push(placeOfDecl({ view: v, index: i }));
        }
      }
    } else if (kind === SymbolKind.Method) {
      const container = field(dv.summary, di, Field.Container);
      if (container < 0 || kindOf(dv.summary, container) !== SymbolKind.Trait) continue;
      const trait = dv.summary.names[container];
      for (const ref of index.named(name)) {
        const v = resolver.views.byId(refFile(ref));
        if (!v) continue;
        const i = refIndex(ref);
        const c = field(v.summary, i, Field.Container);
        if (c >= 0 && kindOf(v.summary, c) === SymbolKind.Impl && implTraitName(v.summary.names[c]) === trait)
          out.push(placeOfDecl({ view: v, index: i }));
      }
    }
  }
  return out;
}
