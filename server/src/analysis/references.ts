// References: every confirmed use of the declaration under the cursor across the workspace (with or
// without the declaration itself), from the store's word scan confirmed by resolution. Uses of a member on
// receivers of unknown type are not references: they are handed to `onPossible`, apart.
import { findReferences, type Occurrence, possibleReferencesLine } from '../workspace/references';
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

export interface Reference {
  range: FileRange;
  /** True for the declaration itself. */
  declaration: boolean;
}

/** Accesses of the member on receivers whose type is unknown: maybe uses, never counted as references. */
export interface PossibleUses {
  name: string;
  ranges: FileRange[];
  /** One line naming them (at most 20), for a log. */
  note: string;
}

/** Reports the possible uses a search or rename left out, when there are any. */
export function reportPossible(
  a: Analysis,
  name: string,
  possible: Occurrence[],
  onPossible: ((p: PossibleUses) => void) | undefined,
): void {
  if (!onPossible || possible.length === 0) return;
  const note = possibleReferencesLine({ name, possible }, (p) => a.view(p)?.rel ?? p)!;
  onPossible({ name, ranges: possible.map((p) => a.range(p)), note });
}

/** Undefined when the file is not in the snapshot; [] when nothing resolves at the cursor. */
export async function references(
  a: Analysis,
  at: FilePosition,
  options: {
    includeDeclaration?: boolean;
    signal?: AbortSignal;
    onPossible?: (p: PossibleUses) => void;
  } = {},
): Promise<Reference[] | undefined> {
  const view = a.view(at.file);
  if (!view) return undefined;
  const found = await findReferences(a.resolver, view, at.offset, {
    signal: options.signal,
    openPaths: a.openFiles,
  });
  if (!found) return [];
  reportPossible(a, found.name, found.possible, options.onPossible);
  const out: Reference[] = [];
  for (const o of found.occurrences)
    if (options.includeDeclaration !== false || !o.declaration)
      out.push({ range: a.range(o), declaration: o.declaration });
  return out;
}
