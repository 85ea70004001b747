// References: every confirmed use of the declaration under the cursor across the workspace (with or
// without the declaration itself), from the store's word scan confirmed by resolution.
import { findReferences } from '../workspace/references';
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

export interface Reference {
  range: FileRange;
  /** True for the declaration itself. */
  declaration: boolean;
}

/** Undefined when the file is not in the snapshot; [] when nothing resolves at the cursor. */
export async function references(
  a: Analysis,
  at: FilePosition,
  options: { includeDeclaration?: boolean; signal?: AbortSignal } = {},
): Promise<Reference[] | undefined> {
  const view = a.view(at.file);
  if (!view) return undefined;
  const found = await findReferences(a.resolver, view, at.offset, {
    signal: options.signal,
    openPaths: a.openFiles,
  });
  if (!found) return [];
  const out: Reference[] = [];
  for (const o of found.occurrences)
    if (options.includeDeclaration !== false || !o.declaration)
      out.push({ range: a.range(o), declaration: o.declaration });
  return out;
}
