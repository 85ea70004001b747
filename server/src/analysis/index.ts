// The analysis layer's API: the snapshot and one function per feature. features/ and the `.ws` case
// harness import from here and from nothing below it.
export { Analysis, type OpenFile, type TypeContext } from './analysis';
export type { FileEdit, FilePosition, FileRange } from './file-range';
export {
  prepareCallHierarchy,
  incomingCalls,
  outgoingCalls,
  type CallItem,
  type Calls,
} from './call-hierarchy';
export { codeActions, type ActionInfo, type ActionKind } from './code-actions';
export {
  completion,
  sortKey,
  resolveCompletion,
  type CompletionCandidate,
  type CompletionResult,
  type CompletionTarget,
} from './completion';
export { definition, type NavigationTarget } from './definition';
export { diagnostics, type DiagnosticOptions, MAX_DIAGNOSTICS, problem, type Problem } from './diagnostics';
export { documentLinks, type DocumentLink } from './document-links';
export { folding } from './folding';
export { highlights, type Highlight } from './highlights';
export { hover, type HoverResult } from './hover';
export { implementation } from './implementation';
export { inferredType } from './inferred-type';
export { inlayHints, type InlayHintInfo } from './inlay-hints';
export { type PossibleUses, references, type Reference } from './references';
export { prepareRename, rename, RenameError } from './rename';
export { selection } from './selection';
export { semanticTokens, type SemanticToken } from './semantic-tokens';
export { signatureHelp, type SignatureHelpInfo } from './signature-help';
export { documentSymbols, workspaceSymbols, WORKSPACE_SYMBOL_LIMIT, type WorkspaceSymbol } from './symbols';
export { typeDefinition } from './type-definition';
export { prepareTypeHierarchy, subtypes, supertypes, type TypeItem } from './type-hierarchy';
