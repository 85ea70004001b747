// Signature help: the signature of the call around the cursor (found on the tokens, so the line being
// typed with its unclosed `(` works) and the parameter the cursor is on. Callees imported from other files
// are answered by the workspace; methods and static methods (`a.b(`, `Type.make(`) by the receiver's
// inferred type (types/signature.ts).
import { type SignatureHelpInfo, signatureHelpAt } from '../language';
import { memberSignatures } from '../types';
import { importedSignatures } from '../workspace/imported';
import type { Analysis } from './analysis';
import type { FilePosition } from './file-range';

export type { SignatureHelpInfo };

/** Undefined when there is no call around the cursor (or the file is not in the snapshot). */
export function signatureHelp(a: Analysis, at: FilePosition): SignatureHelpInfo | undefined {
  const result = a.parse(at.file);
  if (!result) return undefined;
  const types = a.typesOf(at.file);
  return signatureHelpAt(
    result,
    at.offset,
    importedSignaturesOf(a, at.file),
    types && ((offset) => memberSignatures(types.engine, types.file, offset)),
  );
}

/** The workspace's signatures for the names a file imports (none for a file outside any root). */
export function importedSignaturesOf(
  a: Analysis,
  file: string,
): ReturnType<typeof importedSignatures> | undefined {
  const view = a.view(file);
  return view && view.root >= 0 ? importedSignatures(a.resolver, view) : undefined;
}
