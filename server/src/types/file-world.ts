// The TypeWorld of one file on its own (a document outside any workspace, and the engine's tests):
// names resolve through the file's own scopes, types and impls are the file's, core types the prelude's.
import { referenceAt } from '../language/model';
import { nodeAt, SyntaxKind, type SyntaxNode } from '../language/syntax';
import { declOf, headName, implParts, isTypeDecl, textOf } from './declarations';
import { preludeFile } from './prelude';
import type { Decl, SourceFile, TypeWorld } from './world';

/** The declaration a name leaf of `file` is bound to within the file, if any. */
export function localDecl(file: SourceFile, node: SyntaxNode): Decl | undefined {
  const result = file.parse();
  const ref = referenceAt(result, node.start);
  if (!ref || ref.span.start !== node.start) return undefined;
  if (ref.kind !== 'local') return undefined;
  const leaf = leafAt(file, ref.target.start);
  return leaf
    ? { file, node: leaf.parent ?? leaf, nameNode: leaf, name: { text: textOf(file, leaf) } }
    : undefined;
}

/** The Name/NameRef leaf starting at an offset. */
export function leafAt(file: SourceFile, offset: number): SyntaxNode | undefined {
  const n = nodeAt(file.parse().root, offset);
  return (n.kind === SyntaxKind.Name || n.kind === SyntaxKind.NameRef) && n.start === offset ? n : undefined;
}

/** Top-level type declarations (and aliases) of a file named `name`. */
export function typesNamed(file: SourceFile, name: string): Decl[] {
  const out: Decl[] = [];
  for (const n of file.parse().root.children) {
    if (!isTypeDecl(n) && n.kind !== SyntaxKind.TypeAlias) continue;
    const d = declOf(file, n);
    if (d && d.name.text === name) out.push(d);
  }
  return out;
}

/** `impl` blocks of a file whose target is named `name`. */
export function implsNamed(file: SourceFile, name: string): Decl[] {
  const out: Decl[] = [];
  for (const n of file.parse().root.children) {
    if (n.kind !== SyntaxKind.ImplDecl) continue;
    const target = implParts(n).target;
    if (!target || headName(file, target) !== name) continue;
    const nameNode = target.children[0];
    out.push({ file, node: n, nameNode, name: { text: name } });
  }
  return out;
}

/** Core type declarations of the prelude by name. */
export function preludeDecl(name: string): Decl | undefined {
  return typesNamed(preludeFile(), name)[0];
}

export class FileWorld implements TypeWorld {
  readonly epoch = '';

  constructor(private readonly file: SourceFile) {}

  resolveName(file: SourceFile, node: SyntaxNode): Decl[] {
    const d = localDecl(file, node);
    return d ? [d] : [];
  }

  resolveType(file: SourceFile, name: string): Decl[] {
    if (file.key === this.file.key || file === preludeFile()) return typesNamed(file, name);
    return [];
  }

  implsOf(type: Decl): Decl[] {
    return type.file === preludeFile() && this.file !== type.file
      ? implsNamed(this.file, type.name.text)
      : implsNamed(type.file, type.name.text);
  }

  core(name: string): Decl | undefined {
    return preludeDecl(name);
  }
}
