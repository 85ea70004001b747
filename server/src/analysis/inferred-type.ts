// The inferred type of the name or member under the cursor, as Simple spells it; undefined when the type
// layer is unsure (unknown stays unknown). Hover shows it for locals; the `.ws` cases check it directly.
import { typeAt } from '../types';
import type { Analysis } from './analysis';
import type { FilePosition } from './file-range';

export function inferredType(a: Analysis, at: FilePosition): string | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const types = a.types(view);
  return typeAt(types.engine, types.file, at.offset)?.text;
}
