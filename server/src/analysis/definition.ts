// Definition and declaration: where the name under the cursor is declared. Within the file: parameters,
// locals, bindings, declarations, self.x and Type.x; across the workspace: imported names through the
// module graph (aliases and re-export chains), module path segments, members of types and modules declared
// elsewhere (by the receiver's inferred type first), impl blocks in other files, glob imports. Several
// candidates → all of them.
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

export interface NavigationTarget {
  range: FileRange;
  /** The whole file: a module named on a `use` path. */
  module?: boolean;
  /** A member of a core type, in the server's own prelude file (not workspace code). */
  core?: boolean;
}

/** The declarations of the name at the cursor; undefined when the file is not in the snapshot. */
export function definition(a: Analysis, at: FilePosition): NavigationTarget[] | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const found = a.resolver.at(view, at.offset);
  if (!found) return [];
  return found.places.map((p) => {
    const target: NavigationTarget = { range: a.range(p) };
    if (p.module) target.module = true;
    if (p.core) target.core = true;
    return target;
  });
}
