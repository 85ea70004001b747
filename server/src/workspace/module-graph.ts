// Imports → files, over the indexed file list of each root (language/modules.ts has the rules), with
// the reverse edges (who imports a file) for invalidation. Trees and resolutions are rebuilt lazily when
// the index's file set changes.
import { resolveModule, treeOf, type ModuleTree } from '../language/modules';
import type { SummaryImport } from '../language/summary';
import type { SymbolIndex } from './symbol-index';

export interface ImporterFile {
  root: number;
  rel: string;
}

export interface ResolvedImport {
  /** File ids of the module, best first; empty when unresolved. */
  files: number[];
  /** How many path segments name the module (the rest is an item of it). */
  moduleSegments: number;
}

export class ModuleGraph {
  private trees: { generation: number; byRoot: Map<number, { tree: ModuleTree; ids: Map<string, number> }> } =
    { generation: -1, byRoot: new Map() };
  private reverse: { generation: number; edges: Map<number, number[]> } = {
    generation: -1,
    edges: new Map(),
  };

  constructor(private readonly index: SymbolIndex) {}

  private rootTree(root: number): { tree: ModuleTree; ids: Map<string, number> } {
    if (this.trees.generation !== this.index.treeGeneration) {
      const byRoot = new Map<number, { rels: string[]; ids: Map<string, number> }>();
      for (const f of this.index.allFiles()) {
        let entry = byRoot.get(f.root);
        if (!entry) byRoot.set(f.root, (entry = { rels: [], ids: new Map() }));
        entry.rels.push(f.rel);
        entry.ids.set(f.rel, f.id);
      }
      const trees = new Map<number, { tree: ModuleTree; ids: Map<string, number> }>();
      for (const [root, { rels, ids }] of byRoot) trees.set(root, { tree: treeOf(rels), ids });
      this.trees = { generation: this.index.treeGeneration, byRoot: trees };
    }
    return this.trees.byRoot.get(root) ?? { tree: { list: () => undefined }, ids: new Map() };
  }

  /** The files an import (or its first `segments` segments) names. */
  resolve(importer: ImporterFile, imp: SummaryImport, segments = imp.path.length): ResolvedImport {
    const { tree, ids } = this.rootTree(importer.root);
    const match = resolveModule(
      { path: imp.path.slice(0, segments), relativeDepth: imp.relativeDepth, importer: importer.rel },
      tree,
    );
    const files: number[] = [];
    for (const rel of match.files) {
      const id = ids.get(rel);
      if (id !== undefined) files.push(id);
    }
    return { files, moduleSegments: match.moduleSegments };
  }

  /** A module path tried for an import, for messages: `std.io` → 'std.io', `..x` → '..x'. */
  static describe(imp: SummaryImport): string {
    return '.'.repeat(imp.relativeDepth) + imp.path.join('.');
  }

  /** Files that import `fileId` directly. */
  importersOf(fileId: number): readonly number[] {
    if (this.reverse.generation !== this.index.generation) {
      const edges = new Map<number, number[]>();
      for (const f of this.index.allFiles()) {
        for (const imp of f.summary.imports) {
          for (const target of this.resolve(f, imp).files) {
            const list = edges.get(target);
            if (!list) edges.set(target, [f.id]);
            else if (list[list.length - 1] !== f.id) list.push(f.id);
          }
        }
      }
      this.reverse = { generation: this.index.generation, edges };
    }
    return this.reverse.edges.get(fileId) ?? [];
  }
}
