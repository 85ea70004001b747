// Imports → files, over the indexed file list of each root (language/modules.ts has the rules), with
// the reverse edges (who imports a file) for invalidation. Trees and resolutions are rebuilt lazily when
// the index's file set changes.
import { resolveModule, treeOf, type ModuleTree } from '../language/modules';
import type { SummaryExport, SummaryImport } from '../language/summary';
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
  private importers: { generation: number; byFile: Map<number, number[]> } = {
    generation: -1,
    byFile: new Map(),
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

  /** The directory tree of a root's indexed files (for listing module paths). */
  treeOf(root: number): ModuleTree {
    return this.rootTree(root).tree;
  }

  /** The store id of a file by its root and root-relative path. */
  idOf(root: number, rel: string): number | undefined {
    return this.rootTree(root).ids.get(rel);
  }

  /** Resolutions by what they depend on (root, the importer's directory or stdlib family, the path). */
  private memo: { generation: number; results: Map<string, ResolvedImport> } = {
    generation: -1,
    results: new Map(),
  };

  /** The files an import (or its first `segments` segments) names. */
  resolve(importer: ImporterFile, imp: SummaryImport, segments = imp.path.length): ResolvedImport {
    if (this.memo.generation !== this.index.treeGeneration)
      this.memo = { generation: this.index.treeGeneration, results: new Map() };
    // Only relative imports depend on the importer's directory; others only on its stdlib family.
    const where =
      imp.relativeDepth > 0
        ? importer.rel.slice(0, importer.rel.lastIndexOf('/') + 1)
        : (/^src\/lib\/[^/]+/.exec(importer.rel)?.[0] ?? '');
    const key = `${importer.root}|${where}|${imp.relativeDepth}|${imp.path.slice(0, segments).join('.')}`;
    const known = this.memo.results.get(key);
    if (known) return known;
    const result = this.resolveUncached(importer, imp, segments);
    this.memo.results.set(key, result);
    return result;
  }

  private resolveUncached(importer: ImporterFile, imp: SummaryImport, segments: number): ResolvedImport {
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

  /** Does the workspace have anything the import's first segment could name? (see unresolvedImports) */
  knowsFirstSegment(importer: ImporterFile, imp: SummaryImport): boolean {
    if (imp.relativeDepth > 0) return true;
    const { tree } = this.rootTree(importer.root);
    const head = imp.path[0];
    if (head === 'std' || head === 'lib') return tree.list('src/lib') !== undefined;
    const names = (dir: string): boolean =>
      (tree.list(dir) ?? []).some(
        (n) => n === head || n === `${head}.spl` || n.replace(/^\d+\./, '') === head,
      );
    return names('src') || names('') || (tree.list('src/lib') ?? []).some((f) => f === head);
  }

  /** The child module an `export child.*` / `export child` of a package names (relative to it). */
  resolveExport(importer: ImporterFile, exp: SummaryExport): ResolvedImport {
    if (!exp.path) return { files: [], moduleSegments: 0 };
    return this.resolve(importer, {
      path: exp.path,
      relativeDepth: 1,
      items: [],
      glob: exp.glob,
      reexport: true,
    });
  }

  /** A module path tried for an import, for messages: `std.io` → 'std.io', `..x` → '..x'. */
  static describe(imp: SummaryImport): string {
    return '.'.repeat(imp.relativeDepth) + imp.path.join('.');
  }

  /**
   * Files that import `fileId` directly. An import can only name a file through the file's own name
   * (`x.spl` → segment `x`, a package `x/__init__.spl` → `x`, layer prefixes dropped), so only imports
   * with that segment are resolved: no workspace-wide reverse index to build.
   */
  importersOf(fileId: number): readonly number[] {
    if (this.importers.generation !== this.index.generation)
      this.importers = { generation: this.index.generation, byFile: new Map() };
    const known = this.importers.byFile.get(fileId);
    if (known) return known;
    const out: number[] = [];
    const target = this.index.file(fileId);
    if (target) {
      const parts = target.rel.split('/');
      let name = parts[parts.length - 1].replace(/\.spl$/, '');
      if ((name === '__init__' || name === 'mod') && parts.length > 1) name = parts[parts.length - 2];
      name = name.replace(/^\d+\./, '');
      for (const id of this.filesSpelling(name)) {
        const f = this.index.file(id);
        if (!f || f.id === fileId) continue;
        for (const imp of f.summary.imports) {
          if (!imp.path.includes(name) && !imp.items.some((i) => i.name === name)) continue;
          if (this.resolve(f, imp).files.includes(fileId) || this.resolveItemModule(f, imp, name, fileId)) {
            out.push(f.id);
            break;
          }
        }
        // `export child.*` in a package names its child module, relative to the package.
        if (out[out.length - 1] !== f.id)
          for (const exp of f.summary.exports) {
            if (!exp.path?.includes(name)) continue;
            if (this.resolveExport(f, exp).files.includes(fileId)) {
              out.push(f.id);
              break;
            }
          }
      }
    }
    this.importers.byFile.set(fileId, out);
    return out;
  }

  /** Files with an import that spells `segment` (a path segment or an item), per index generation. */
  private filesSpelling(segment: string): readonly number[] {
    if (this.spelled.generation !== this.index.generation) {
      const bySegment = new Map<string, number[]>();
      const add = (word: string, id: number): void => {
        const list = bySegment.get(word);
        if (!list) bySegment.set(word, [id]);
        else if (list[list.length - 1] !== id) list.push(id);
      };
      for (const f of this.index.allFiles()) {
        for (const imp of f.summary.imports) {
          for (const seg of imp.path) add(seg, f.id);
          for (const item of imp.items) add(item.name, f.id);
        }
        for (const exp of f.summary.exports) for (const seg of exp.path ?? []) add(seg, f.id);
      }
      this.spelled = { generation: this.index.generation, bySegment };
    }
    return this.spelled.bySegment.get(segment) ?? [];
  }

  private spelled: { generation: number; bySegment: Map<string, number[]> } = {
    generation: -1,
    bySegment: new Map(),
  };

  /** `use pkg.{sub}` where `sub` is a submodule: does it name `fileId`? */
  private resolveItemModule(f: ImporterFile, imp: SummaryImport, name: string, fileId: number): boolean {
    if (!imp.items.some((i) => i.name === name)) return false;
    const path = [...imp.path, name];
    const sub = this.resolve(f, { ...imp, path });
    return sub.moduleSegments === path.length && sub.files.includes(fileId);
  }
}

/**
 * Imports of a file that resolve to nothing, with the path that was tried. Only imports whose first
 * segment the workspace knows (a relative import, `std.` with a src/lib here, or a first segment that
 * names a directory or file under src/ or the root) are reported: a workspace without the standard
 * library's sources cannot tell a typo from a library it does not have, and says nothing.
 */
export function unresolvedImports(
  graph: ModuleGraph,
  importer: ImporterFile,
  imports: readonly SummaryImport[],
): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  imports.forEach((imp, index) => {
    if (imp.path.length === 0 || !graph.knowsFirstSegment(importer, imp)) return;
    if (graph.resolve(importer, imp).files.length > 0) return;
    const rel = imp.path.join('/');
    const where =
      imp.relativeDepth > 0
        ? `relative to ${dirOf(importer.rel, imp.relativeDepth) || 'the workspace root'}/`
        : imp.path[0] === 'std' || imp.path[0] === 'lib'
          ? 'under src/lib/<family>/'
          : 'under src/ or the workspace root';
    out.push({
      index,
      message: `Unresolved import '${ModuleGraph.describe(imp)}': no ${rel}.spl or package ${rel}/ (__init__.spl or mod.spl) ${where}`,
    });
  });
  return out;
}

function dirOf(rel: string, depth: number): string {
  let dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  for (let i = 1; i < depth; i++) dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  return dir;
}
