// Document highlights: the declaration (as a write) and every use (as a read) in this file of the name
// under the cursor. Unresolved names highlight nothing rather than every same spelling.
import { definitionAt, occurrencesAt } from '../language';
import type { TextSpan } from '../language/syntax';
import type { Analysis } from './analysis';
import type { FilePosition } from './file-range';

export interface Highlight {
  span: TextSpan;
  write: boolean;
}

/** Undefined when the file is not in the snapshot. */
export function highlights(a: Analysis, at: FilePosition): Highlight[] | undefined {
  const result = a.parse(at.file);
  if (!result) return undefined;
  const declaration = definitionAt(result, at.offset)[0];
  return occurrencesAt(result, at.offset).map((span) => ({
    span,
    write: declaration !== undefined && span.start === declaration.start,
  }));
}
