// Imported names the resolved module does not provide (`use geo.{Pointt}`), reported only when certain:
// the module resolves, its export table is complete (it and every module its re-exports lead to parse
// without errors and resolve), the name is neither declared, re-exported nor a submodule there, and it does not even occur as a word in the
// module's text (a declaration form the outline does not record stays quiet).
import { Field, kindOf, field, SymbolFlag } from '../language/summary';
import type { ImportInfo } from '../language/types';
import { placesOf } from './imported';
import { type Resolver, toSummaryImport } from './resolver';
import type { SourceView } from './views';

export interface MissingName {
  /** The import item (`Name` or `Name as alias`). */
  item: ImportInfo['items'][number];
  message: string;
}

export function missingImportedNames(resolver: Resolver, view: SourceView): MissingName[] {
  const graph = resolver.views.workspace.graph;
  const out: MissingName[] = [];
  for (const imp of view.outline().imports) {
    if (imp.items.length === 0 || imp.glob) continue;
    const simp = toSummaryImport(imp);
    const r = graph.resolve(view, simp);
    if (r.files.length === 0 || r.moduleSegments < imp.path.length) continue;
    const targets = r.files.map((id) => resolver.views.byId(id));
    if (targets.some((t) => !t || !resolver.exports.of(t).complete)) continue;
    for (const item of imp.items) {
      const name = item.name.split('.')[0];
      if (placesOf(resolver, view, name, imp).length > 0) continue;
      const word = new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(name)}($|[^\\p{L}\\p{N}_])`, 'u');
      if (targets.some((t) => word.test(t!.text()))) continue;
      const module = '.'.repeat(imp.relativeDepth) + imp.path.join('.');
      out.push({ item, message: `Module '${module}' has no '${name}'` });
    }
  }
  return out;
}

/** Whether the declaration an imported name stands for is @deprecated. */
export function isImportedDeprecated(
  resolver: Resolver,
  view: SourceView,
  name: string,
  from: ImportInfo,
): boolean {
  const places = placesOf(resolver, view, name, from);
  return (
    places.length > 0 &&
    places.every(
      (p) =>
        p.decl !== undefined &&
        kindOf(p.decl.view.summary, p.decl.index) !== undefined &&
        (field(p.decl.view.summary, p.decl.index, Field.Flags) & SymbolFlag.Deprecated) !== 0,
    )
  );
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
