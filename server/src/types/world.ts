// Everything the inference engine needs from outside one file, behind one narrow interface. The engine
// reads syntax (declarations, annotations, bodies) itself; the world only answers where names lead.
// Implemented today over language/ + workspace/ (workspace/type-world.ts), and over a single parse for
// files outside any workspace (singleFileWorld below); the semantic model can implement it again.
import type { SyntaxNode } from '../language/syntax';
import type { ParseResult } from '../language/types';

/** A file the engine can read: its parse, and a key that names it (a path, or `<prelude>`). */
export interface SourceFile {
  readonly key: string;
  parse(): ParseResult;
}

/** A declaration: the node that declares it (FnDecl, ClassDecl, EnumDecl, TraitDecl, TypeAlias, Field,
 *  Variant, VarDecl, Param, ImplDecl, or a binding name in a pattern) and its name. */
export interface Decl {
  file: SourceFile;
  node: SyntaxNode;
  /** The name leaf (Name or NameRef). */
  nameNode: SyntaxNode;
  name: { text: string };
}

export interface TypeWorld {
  /**
   * What a name leaf (NameRef/Name) in `file` refers to, when it leaves the file's local scopes:
   * imported items (through re-export chains), glob imports, module-level declarations of this file.
   * [] when nothing is certain. Locals are the engine's own job and never asked here.
   */
  resolveName(file: SourceFile, node: SyntaxNode): Decl[];
  /** The type declarations a type name written in `file` means (declared there, imported, glob). */
  resolveType(file: SourceFile, name: string): Decl[];
  /** The `impl` blocks (ImplDecl nodes) of a type declaration, in any file of the workspace. */
  implsOf(type: Decl): Decl[];
  /** A declaration of the core types (`text`, `List`, `Dict`, `Option`, `Result`, numbers): the
   *  standard library's when one is found, else the prelude's. */
  core(name: string): Decl | undefined;
  /** Changes whenever an answer above may change (another file edited, the index updated). */
  readonly epoch: string;
}
