// Type hierarchy through traits: Simple has no inheritance, so a type's supertypes are the traits it
// names in its header (`class A with T`, `implements T`, a trait's own `with` list) and in `impl T for A`
// blocks in any file; a trait's subtypes are the types (and traits) doing either. Every trait named is
// resolved in the file that names it, and only a name meaning exactly one trait counts: unknown stays
// unknown.
import { SyntaxKind, type SyntaxNode } from '../language/syntax';
import { declOf, headName, implParts, isTypeDecl } from './declarations';
import type { Decl, SourceFile, TypeWorld } from './world';

/** The one trait declaration a TypeRef written in `file` means, if exactly one. */
function traitOf(world: TypeWorld, file: SourceFile, ref: SyntaxNode): Decl | undefined {
  const name = headName(file, ref);
  if (!name) return undefined;
  const found = world.resolveType(file, name).filter((d) => d.node.kind === SyntaxKind.TraitDecl);
  return found.length === 1 ? found[0] : undefined;
}

/** The header TypeRefs of a type declaration (`with A, B`, `implements C`). */
function headerRefs(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.kind === SyntaxKind.TypeRef);
}

/** The traits a type (or trait) declares it implements, in its header and in impl blocks anywhere. */
export function supertypesOf(world: TypeWorld, type: Decl): Decl[] {
  if (!isTypeDecl(type.node)) return [];
  const out: Decl[] = [];
  const add = (d: Decl | undefined): void => {
    if (d && d.node !== type.node && !out.some((x) => x.node === d.node)) out.push(d);
  };
  for (const ref of headerRefs(type.node)) add(traitOf(world, type.file, ref));
  for (const impl of world.implsOf(type)) {
    const { trait } = implParts(impl.node);
    if (trait) add(traitOf(world, impl.file, trait));
  }
  return out;
}

/**
 * The types of `file` that implement `trait`: declared with it in their header, or the target of an
 * `impl Trait for X` block in this file (X resolved where the block is written).
 */
export function subtypesIn(world: TypeWorld, file: SourceFile, trait: Decl): Decl[] {
  const out: Decl[] = [];
  const add = (d: Decl | undefined): void => {
    if (d && d.node !== trait.node && !out.some((x) => x.node === d.node)) out.push(d);
  };
  const name = trait.name.text;
  const means = (ref: SyntaxNode): boolean =>
    headName(file, ref) === name && traitOf(world, file, ref)?.node === trait.node;
  for (const n of file.parse().root.children) {
    if (isTypeDecl(n)) {
      if (headerRefs(n).some(means)) add(declOf(file, n));
    } else if (n.kind === SyntaxKind.ImplDecl) {
      const { target, trait: named } = implParts(n);
      if (!target || !named || !means(named)) continue;
      const targetName = headName(file, target);
      const types = targetName ? world.resolveType(file, targetName).filter((d) => isTypeDecl(d.node)) : [];
      if (types.length === 1) add(types[0]);
    }
  }
  return out;
}

/** Every trait a type names (header and impls anywhere) resolves to exactly one trait: its members are
 *  all known. A header naming anything else (an enum's `: u8`) counts as unresolved. */
export function traitsResolved(world: TypeWorld, type: Decl): boolean {
  for (const ref of headerRefs(type.node)) if (!traitOf(world, type.file, ref)) return false;
  for (const impl of world.implsOf(type)) {
    const { trait } = implParts(impl.node);
    if (trait && !traitOf(world, impl.file, trait)) return false;
  }
  return true;
}
