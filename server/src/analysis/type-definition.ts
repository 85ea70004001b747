// Type definition: the declaration of the type of what is under the cursor (a local, a parameter, a
// member, any expression whose type the type layer infers), declared types inside lists, optionals and
// results included. Core types without a file answer nothing.
import { PRELUDE_KEY, typeDeclsAt } from '../types';
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

/** Undefined when the file is not in the snapshot. */
export function typeDefinition(a: Analysis, at: FilePosition): FileRange[] | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const types = a.types(view);
  const decls = typeDeclsAt(types.engine, types.file, at.offset).filter((d) => d.file.key !== PRELUDE_KEY);
  const { world } = a.resolver.types();
  const out: FileRange[] = [];
  for (const d of decls) {
    const place = world.placeOf(d);
    if (place) out.push(a.range(place));
  }
  return out;
}
