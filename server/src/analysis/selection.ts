// Selection ranges: for each offset, the enclosing syntax spans, innermost first.
import { selectionSpans } from '../language';
import type { TextSpan } from '../language/syntax';
import type { Analysis } from './analysis';

/** Undefined when the file is not in the snapshot. */
export function selection(
  a: Analysis,
  file: string,
  offsets: readonly number[],
  signal?: AbortSignal,
): TextSpan[][] | undefined {
  const result = a.parse(file);
  if (!result) return undefined;
  return offsets.map((offset) => {
    signal?.throwIfAborted();
    return selectionSpans(result, offset);
  });
}
