// Plain result types of the analysis layer. No LSP types here: features/ and lsp/ convert them.
import type { SyntaxNode, TextSpan } from './syntax';
import type { Token, TokenStore } from './tokens';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface SyntaxDiagnostic extends TextSpan {
  severity: Severity;
  message: string;
  /** Stable short code, e.g. "unterminated-string", for tests and code actions. */
  code: string;
}

export interface ParseResult {
  text: string;
  root: SyntaxNode;
  /** Significant tokens including layout (NEWLINE/INDENT/DEDENT) but not comments. */
  readonly store: TokenStore;
  /** The same tokens as objects, made on first use (the store is the cheaper read). */
  readonly tokens: Token[];
  /** `#` comments and `#if` directives, in source order. */
  trivia: Token[];
  diagnostics: SyntaxDiagnostic[];
  /** Parser work counter: grows linearly with the input (checked by the property tests). */
  steps: number;
}

export enum SymbolKind {
  Module = 'module',
  Function = 'function',
  Method = 'method',
  Class = 'class',
  Struct = 'struct',
  Enum = 'enum',
  EnumMember = 'enumMember',
  Trait = 'trait',
  Impl = 'impl',
  Field = 'field',
  Variable = 'variable',
  Constant = 'constant',
  TypeAlias = 'typeAlias',
  /** describe / context / feature / shared_examples blocks of the SSpec DSL. */
  TestSuite = 'testSuite',
  /** it / slow_it / test / step / scenario blocks (a scenario holds steps, like an `it`). */
  TestCase = 'testCase',
}

export type Visibility = 'public' | 'package' | 'private' | 'friend' | 'peer' | 'up';

export interface OutlineSymbol {
  name: string;
  kind: SymbolKind;
  /** The whole declaration, decorators and body included. */
  span: TextSpan;
  /** The name. */
  nameSpan: TextSpan;
  /** One-line signature as written (`fn add(a: i64, b: i64) -> i64`), whitespace collapsed. */
  signature: string;
  /** The header the signature is made from (comments not yet removed). */
  signatureSpan?: TextSpan;
  /** Docstring text without quotes, trimmed; undefined when absent. */
  doc?: string;
  /** The docstring literal, quotes included. */
  docSpan?: TextSpan;
  visibility: Visibility;
  /** static, async, extern, mutating (me), deprecated, ... */
  modifiers: string[];
  children: OutlineSymbol[];
  /** Enclosing symbol's name (class for methods, enum for variants, describe for it). */
  container?: string;
}

export interface ImportInfo {
  /** Module path segments as written, without leading dots (`std.spec` → ["std", "spec"]). */
  path: string[];
  /** Number of leading dots for relative imports (`use .x` → 1). */
  relativeDepth: number;
  /** Imported names (`{A, B as C}`), empty for a bare module import. */
  items: { name: string; alias?: string; span: TextSpan }[];
  glob: boolean;
  /** Module alias (`import a.b as c`). */
  alias?: string;
  span: TextSpan;
  pathSpan: TextSpan;
  /** True for `export use ...` / `pub use ...` (re-export). */
  reexport: boolean;
}

export interface ExportInfo {
  /** Exported names (`export A, B`), or a child module path for `export child.*`. */
  names: { name: string; span: TextSpan }[];
  /** Path for `export child.*` / `export child` forms, segments. */
  path?: string[];
  glob: boolean;
  span: TextSpan;
}

export interface ModuleOutline {
  symbols: OutlineSymbol[];
  imports: ImportInfo[];
  exports: ExportInfo[];
  /** Module docstring. */
  doc?: string;
}

export type FoldKind = 'region' | 'comment' | 'imports';

export interface FoldRange extends TextSpan {
  kind: FoldKind;
}
