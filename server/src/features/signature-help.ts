// textDocument/signatureHelp: the signature of the call around the cursor (found on the tokens, so the
// line being typed with its unclosed `(` works) and the parameter the cursor is on. Callees imported from
// other files are answered by `imported`, which the workspace provides; methods and static methods
// (`a.b(`, `Type.make(`) by the receiver's inferred type (types/signature.ts).
import type {
  CancellationToken,
  SignatureHelp,
  SignatureHelpOptions,
  SignatureInformation,
} from 'vscode-languageserver';
import { type ImportedSignatures, type SignatureInfo, signatureHelpAt } from '../language';
import { requirePosition, requireUri } from '../lsp/params';
import { memberSignatures } from '../types';
import { type FeatureContext, parsedDocument } from './document';
import { typeContextOf } from './type-context';

export const SIGNATURE_HELP_OPTIONS: SignatureHelpOptions = {
  triggerCharacters: ['(', ','],
  retriggerCharacters: [')'],
};

/** How callees a document imports get their signatures; the workspace index answers this. */
export type ImportedSignaturesFor = (uri: string) => ImportedSignatures | undefined;

export function signatureHelp(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  importedFor: ImportedSignaturesFor = () => undefined,
): SignatureHelp | null {
  requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const types = typeContextOf(ctx, doc.uri, target);
  const help = signatureHelpAt(result, doc.lines.offsetAt(position, encoding), importedFor(doc.uri), (at) =>
    memberSignatures(types.engine, types.file, at),
  );
  if (!help) return null;
  const signatures = help.signatures.map(toSignatureInformation);
  // No parameter matches (too many arguments, an unknown name): an index past the end highlights none in
  // VS Code and Neovim; `null` would need the client's noActiveParameterSupport.
  const active = help.activeParameter ?? help.signatures[help.activeSignature].params.length;
  signatures[help.activeSignature].activeParameter = active;
  return { signatures, activeSignature: help.activeSignature, activeParameter: active };
}

function toSignatureInformation(s: SignatureInfo): SignatureInformation {
  const info: SignatureInformation = {
    label: s.label,
    parameters: s.params.map((p) => ({ label: [p.labelSpan.start, p.labelSpan.end] })),
  };
  if (s.doc !== undefined) info.documentation = { kind: 'markdown', value: s.doc };
  return info;
}
