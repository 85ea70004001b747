// Document highlights: the declaration (as a write) and every use (as a read) in this file of the name
// under the cursor. Unresolved names highlight nothing rather than every same spelling. A member of a
// typed receiver (`a.name`) highlights the accesses of that same member by the receivers' types, writes
// where assigned (workspace/member-highlights.ts).
import { definitionAt, occurrencesAt } from '../language';
import type { TextSpan } from '../language/syntax';
import { memberHighlights } from '../workspace/member-highlights';
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
  const view = a.view(at.file);
  const members = view && memberHighlights(a.resolver, view, at.offset);
  if (members) return members.map((h) => ({ span: { start: h.start, end: h.end }, write: h.write }));
  const declaration = definitionAt(result, at.offset)[0];
  return occurrencesAt(result, at.offset).map((span) => ({
    span,
    write: declaration !== undefined && span.start === declaration.start,
  }));
}
