// Folding: blocks, comment runs and import groups, as spans (lsp/ turns them into lines).
import { foldingRanges } from '../language';
import type { FoldRange } from '../language/types';
import type { Analysis } from './analysis';

/** Undefined when the file is not in the snapshot. */
export function folding(a: Analysis, file: string): FoldRange[] | undefined {
  const result = a.parse(file);
  return result && foldingRanges(result);
}
