// The dotted path a file imports another file by, when it resolves back to that file from the importer
// (auto-import in completion, "add the missing use" code actions). Cached per module-tree generation.
import { moduleNameOf } from '../language/modules';
import type { SummaryImport } from '../language/summary';
import type { SymbolIndex } from './symbol-index';
import type { SourceView, Views } from './views';

/** Import paths of files as seen from an importer's root and family, per module-tree generation. */
const importPaths = new WeakMap<
  SymbolIndex,
  { generation: number; paths: Map<string, string | undefined> }
>();

export function importPathOf(
  views: Views,
  importer: SourceView,
  fileId: number,
  rel: string,
): string | undefined {
  // The answer depends on the file and on the importer's library family (family-relative paths).
  const family = /^src\/lib\/[^/]+/.exec(importer.rel)?.[0] ?? '';
  const index = views.workspace.index;
  let cache = importPaths.get(index);
  if (!cache || cache.generation !== index.treeGeneration)
    importPaths.set(index, (cache = { generation: index.treeGeneration, paths: new Map() }));
  const key = `${importer.root}:${family}:${fileId}`;
  if (cache.paths.has(key)) return cache.paths.get(key);
  const found = resolveImportPath(views, importer, fileId, rel);
  cache.paths.set(key, found);
  return found;
}

function resolveImportPath(
  views: Views,
  importer: SourceView,
  fileId: number,
  rel: string,
): string | undefined {
  const module = moduleNameOf(rel);
  if (module === '') return undefined;
  const imp: SummaryImport = {
    path: module.split('.'),
    relativeDepth: 0,
    items: [],
    glob: false,
    reexport: false,
  };
  const r = views.workspace.graph.resolve(importer, imp);
  return r.moduleSegments === imp.path.length && r.files.includes(fileId) ? module : undefined;
}
