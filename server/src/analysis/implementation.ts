// Implementation: impl blocks of a trait or type, and a trait method's implementations.
import { findImplementations } from '../workspace/implementations';
import type { Analysis } from './analysis';
import type { FilePosition, FileRange } from './file-range';

/** Undefined when the file is not in the snapshot. */
export function implementation(a: Analysis, at: FilePosition): FileRange[] | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  return findImplementations(a.resolver, view, at.offset).map((p) => a.range(p));
}
