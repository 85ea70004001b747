// The analysis layer's public face. Pure functions of text: no I/O, no LSP types.
export { parse } from './parser';
export { parseWork } from './incremental';
export { lex } from './lexer';
export { buildOutline } from './outline';
export { foldingRanges } from './folding';
export { selectionSpans } from './selection';
export { stringParts } from './strings';
export { definitionAt, occurrencesAt } from './model';
export { moduleNameOf, resolveModule, treeOf } from './modules';
export { hoverAt } from './hover';
export type { HoverInfo, HoverRole } from './hover';
export type { ModuleMatch, ModuleQuery, ModuleTree } from './modules';
export type { StringPart, StringPartKind } from './strings';
export * from './syntax';
export * from './tokens';
export * from './types';
export { resolveAll } from './model';
export type { Bindings } from './model';
export { modifierBits, modifierNames, SEMANTIC_MODIFIERS, semanticTokens } from './semantic-tokens';
export type {
  ImportedKind,
  ImportedSymbol,
  SemanticKind,
  SemanticModifier,
  SemanticOptions,
  SemanticToken,
} from './semantic-tokens';
export { signatureHelpAt } from './signature-help';
export type { ImportedSignatures, SignatureHelpInfo } from './signature-help';
export { parameterFor, signatureOf } from './signatures';
export type { ParamInfo, SignatureInfo } from './signatures';
export { inlayHints } from './inlay-hints';
export type { InlayHintInfo, InlayKind } from './inlay-hints';
