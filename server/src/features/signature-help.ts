// textDocument/signatureHelp (analysis/signature-help.ts): convert in, ask, convert out.
import type {
  CancellationToken,
  SignatureHelp,
  SignatureHelpOptions,
  SignatureInformation,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import type { SignatureInfo } from '../language';
import { type FeatureContext, positionRequest } from './document';

export const SIGNATURE_HELP_OPTIONS: SignatureHelpOptions = {
  triggerCharacters: ['(', ','],
  retriggerCharacters: [')'],
};

export function signatureHelp(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): SignatureHelp | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const help = analysis.signatureHelp(req.analysis, req.at);
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
