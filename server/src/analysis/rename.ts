// prepareRename and rename: one edit per confirmed reference (import lists and export lists included),
// checked against an overlay of the edited files before it is offered; refused with a RenameError whose
// message names the reason (keywords, invalid identifiers, collisions, names that do not resolve).
import { planRename, RenameError } from '../workspace/rename';
import type { Analysis } from './analysis';
import { type PossibleUses, reportPossible } from './references';
import type { FileEdit, FilePosition, FileRange } from './file-range';

export { RenameError };

/** The name a rename at the cursor would change; undefined when the file is not in the snapshot. */
export function prepareRename(
  a: Analysis,
  at: FilePosition,
): { range: FileRange; placeholder: string } | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const found = a.resolver.at(view, at.offset);
  if (!found || found.places.length === 0)
    throw new RenameError('nothing to rename here: the name does not resolve');
  if (found.places.some((p) => p.module)) throw new RenameError('renaming a module means renaming its file');
  return { range: { file: at.file, ...found.ref.span }, placeholder: found.ref.name };
}

/** The edits of renaming the name at the cursor to `newName`, or a RenameError saying why not. */
export async function rename(
  a: Analysis,
  at: FilePosition,
  newName: string,
  options: { signal?: AbortSignal; onPossible?: (p: PossibleUses) => void } = {},
): Promise<FileEdit[] | undefined> {
  const view = a.view(at.file);
  if (!view) return undefined;
  const plan = await planRename(a.resolver, view, at.offset, newName, {
    openPaths: a.openFiles,
    signal: options.signal,
  });
  reportPossible(a, plan.oldName, plan.possible, options.onPossible);
  return plan.edits.map((o) => ({ range: a.range(o), newText: newName }));
}
