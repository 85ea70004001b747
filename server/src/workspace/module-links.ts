// Which module each segment of an import or export path names, for document links: `use app.util.strings`
// links `app` (if it is a module file or package), `util` and `strings` to the files they resolve to, by
// the module graph's own rules (so `std.` paths link where the workspace holds the standard library under
// src/lib, and nowhere else). A segment that names a plain directory, or an item of a module, is no link.
// Protocol-free: offsets are UTF-16 offsets of the view's text; features/document-link.ts converts.
import type { SummaryImport } from '../language/summary';
import { type SyntaxNode, SyntaxKind, type TextSpan } from '../language/syntax';
import type { ModuleGraph } from './module-graph';
import type { SymbolIndex } from './symbol-index';
import type { SourceView } from './views';

export interface ModuleLink {
  /** The path segment. */
  span: TextSpan;
  /** Absolute path of the module file it names (the best of them when several do). */
  target: string;
  /** The module path up to this segment, as written (`..util.strings`), for a tooltip. */
  module: string;
}

export function moduleLinks(view: SourceView, graph: ModuleGraph, index: SymbolIndex): ModuleLink[] {
  if (view.root < 0) return []; // outside every root: nothing to resolve against
  const importer = { root: view.root, rel: view.rel };
  const paths = importPaths(view.parse().root);
  const outline = view.outline();
  const out: ModuleLink[] = [];
  const link = (node: SyntaxNode | undefined, query: SummaryImport): void => {
    const names = node?.children.filter((c) => c.kind === SyntaxKind.Name) ?? [];
    // A string path (`from "std/x" import *`) has no segments to link.
    if (names.length !== query.path.length) return;
    for (let i = 0; i < names.length; i++) {
      const resolved = graph.resolve(importer, query, i + 1);
      if (resolved.moduleSegments !== i + 1 || resolved.files.length === 0) continue;
      const target = index.file(resolved.files[0])?.path;
      if (target === undefined) continue;
      const module = '.'.repeat(query.relativeDepth) + query.path.slice(0, i + 1).join('.');
      out.push({ span: { start: names[i].start, end: names[i].end }, target, module });
    }
  };
  for (const imp of outline.imports) {
    link(
      paths.find((p) => p.start === imp.pathSpan.start && p.end === imp.pathSpan.end),
      imp,
    );
  }
  for (const exp of outline.exports) {
    if (!exp.path) continue;
    // `export child.*` names a child of this package: relative to it, as ModuleGraph.resolveExport does.
    link(
      paths.find((p) => p.start >= exp.span.start && p.end <= exp.span.end),
      { path: exp.path, relativeDepth: 1, items: [], glob: exp.glob, reexport: true },
    );
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Every ImportPath node of a tree, in source order (an iterative walk: trees may be deep). */
function importPaths(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === SyntaxKind.ImportPath) {
      out.push(n);
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}
