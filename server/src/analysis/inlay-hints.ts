// Inlay hints: parameter names before positional arguments, evident types of `val`/`var`, and the
// inferred types of bindings that neither spell nor evidently show them, in a span of the file.
import { type InlayHintInfo, inlayHints as syntaxHints } from '../language';
import type { TextSpan } from '../language/syntax';
import { typeHints } from '../types';
import type { Analysis } from './analysis';
import { importedSignaturesOf } from './signature-help';

export type { InlayHintInfo };

/** The hints in `span`, in offset order; undefined when the file is not in the snapshot. */
export function inlayHints(a: Analysis, file: string, span: TextSpan): InlayHintInfo[] | undefined {
  const result = a.parse(file);
  if (!result) return undefined;
  const hints = syntaxHints(result, span, importedSignaturesOf(a, file));
  const shown = new Set(hints.map((h) => h.offset));
  const types = a.typesOf(file)!;
  for (const h of typeHints(types.engine, types.file, span))
    if (!shown.has(h.offset)) hints.push({ offset: h.offset, label: h.label, kind: 'type' });
  hints.sort((x, y) => x.offset - y.offset);
  return hints;
}
