// The one adapter between the SCIP indexer and the server's analysis: every question the indexer asks
// (what a name resolves to, what a declaration's hover says, which type a name or an annotation means)
// goes through here to the same Resolver, Views and describers the server's handlers call, so the index
// follows the server's resolution wherever it grows (members resolved through expression types, ...).
import { hoverAt } from '../language/hover';
import { FileModel, implTargetName, implTraitName } from '../language/model';
import { Field, field, kindOf, lineOf, symbolAtName } from '../language/summary';
import { childOfKind, nodeAt, type SyntaxNode, SyntaxKind, walk } from '../language/syntax';
import { SymbolKind } from '../language/types';
import { type DeclInfo, describeDecl } from '../workspace/hover-info';
import { type Place, placeOfDecl, Resolver } from '../workspace/resolver';
import type { IndexedFile } from '../workspace/symbol-index';
import { type SourceView, Views } from '../workspace/views';
import type { Workspace } from '../workspace/workspace';

export type { DeclInfo, Place, SourceView };

/** A name in a file and what the server resolves it to. */
export interface NameUse {
  /** UTF-16 offsets of the name. */
  start: number;
  end: number;
  places: Place[];
  /** Inside a `use` or `export` statement. */
  inImport: boolean;
  /** The target of an assignment (`x = ...`, `self.x += ...`). */
  written: boolean;
  /** Inside a type annotation. */
  inType: boolean;
  /** The declared type's name when this is a typed parameter, variable or field (`p: Point`). */
  declaredType?: string;
}

/** An `impl` block: the types its target and trait names mean where it is written. */
export interface ImplInfo {
  targets: Place[];
  traits: Place[];
}

/**
 * Documents resolved by one Resolver. A Resolver is made for one request: its type world keeps the parse
 * of every file it has seen, so one Resolver for a whole workspace would keep every parse alive (GBs on
 * 20,000 files). A fresh one per batch bounds that; files are visited in path order, so a batch mostly
 * shares its imports and the export tables its Resolver memoises.
 */
const RESOLVER_BATCH = 64;

export class Analysis {
  readonly views: Views;
  private current: Resolver;
  private documents = 0;

  constructor(readonly workspace: Workspace) {
    this.views = new Views(workspace);
    this.current = new Resolver(this.views);
  }

  get resolver(): Resolver {
    return this.current;
  }

  /** Called before each document: every RESOLVER_BATCH documents, the Resolver is replaced. */
  nextDocument(): void {
    if (++this.documents % RESOLVER_BATCH === 0) this.current = new Resolver(this.views);
  }

  /** Indexed files in a stable order: by root, then relative path. */
  files(): IndexedFile[] {
    return [...this.workspace.index.allFiles()].sort((a, b) =>
      a.root !== b.root ? a.root - b.root : a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0,
    );
  }

  view(id: number): SourceView | undefined {
    return this.views.byId(id);
  }

  /**
   * The view of a file whose document is being made: the same view, holding its parse, text and outline
   * itself. A disk view asks the workspace's parse cache for them on every call, and a document asks
   * for its parse at every name (about 600 times per file on the generated workspace).
   */
  documentView(id: number): SourceView | undefined {
    const view = this.views.byId(id);
    if (!view) return undefined;
    const result = view.parse();
    let outline: ReturnType<SourceView['outline']> | undefined;
    return {
      ...view,
      text: () => result.text,
      parse: () => result,
      outline: () => (outline ??= view.outline()),
    };
  }

  /** Every name of a file that the server resolves, in source order, with what it resolves to. */
  names(view: SourceView): NameUse[] {
    const result = view.parse();
    const model = FileModel.of(result);
    const out: NameUse[] = [];
    walk(result.root, (n) => {
      if (n.kind !== SyntaxKind.Name && n.kind !== SyntaxKind.NameRef) return;
      // What go to definition answers at the name (Resolver.at), entered at the node.
      const at = this.resolver.atName(view, n);
      if (!at || at.ref.span.start !== n.start || at.places.length === 0) return;
      const use: NameUse = {
        start: n.start,
        end: n.end,
        places: at.places,
        inImport: hasAncestor(n, IMPORTS),
        written: isWritten(n),
        inType: hasAncestor(n, TYPES),
      };
      const declared = declaredTypeOf(model, n);
      if (declared !== undefined) use.declaredType = declared;
      out.push(use);
    });
    return out;
  }

  /** What hover shows for a declaration of the index: signature, docstring, container. */
  describe(file: IndexedFile, index: number): DeclInfo | undefined {
    const view = this.views.byId(file.id);
    return view ? describeDecl(this.views, { view, index }) : undefined;
  }

  /** What hover shows for a local (a parameter, a binding, a pattern name): its signature and role. */
  localHover(view: SourceView, offset: number): { signature: string; role: string } | undefined {
    return hoverAt(view.parse(), offset);
  }

  /** The type declarations a type name means in a file (declared there, imported, glob-imported). */
  typeNamed(view: SourceView, name: string): Place[] {
    return this.resolver.typeNamed(view, name);
  }

  /**
   * The innermost declaration of the file's summary (a function, method or type) whose body holds
   * `offset`, by summary index.
   */
  enclosingDeclaration(view: SourceView, offset: number, starts: readonly number[]): number | undefined {
    const s = view.summary;
    for (let n: SyntaxNode | undefined = nodeAt(view.parse().root, offset); n; n = n.parent) {
      if (!ENCLOSING.has(n.kind)) continue;
      const name = childOfKind(n, SyntaxKind.Name);
      if (!name) continue;
      const line = lineOf(starts, name.start);
      const col = name.start - starts[line];
      const index = symbolAtName(s, line, col);
      if (index !== undefined) return index;
    }
    return undefined;
  }

  /** The impl blocks of a file, by summary index. */
  impls(view: SourceView): Map<number, ImplInfo> {
    const out = new Map<number, ImplInfo>();
    const s = view.summary;
    for (let i = 0; i < s.names.length; i++) {
      if (kindOf(s, i) !== SymbolKind.Impl) continue;
      const trait = implTraitName(s.names[i]);
      out.set(i, {
        targets: this.typeNamed(view, implTargetName(s.names[i])),
        traits: trait ? this.typeNamed(view, trait) : [],
      });
    }
    return out;
  }

  /** Members named `name` declared in the body of a type (not in impls). */
  ownMembers(type: Place, name: string): Place[] {
    if (!type.decl) return [];
    const { view, index } = type.decl;
    // The body's part of Resolver.membersOf, without its search of every file declaring `name` for
    // impls (thousands of files for `new` or `len` in a large workspace, asked for every impl method).
    const s = view.summary;
    const out: Place[] = [];
    for (let i = 0; i < s.names.length; i++)
      if (s.names[i] === name && field(s, i, Field.Container) === index)
        out.push(placeOfDecl({ view, index: i }));
    return out;
  }
}

const ENCLOSING = new Set([
  SyntaxKind.FnDecl,
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
]);
const IMPORTS = new Set([SyntaxKind.UseDecl, SyntaxKind.ExportDecl]);
const TYPES = new Set([SyntaxKind.TypeRef]);
const STATEMENT_ENDS = new Set([SyntaxKind.Block, SyntaxKind.Module]);

function hasAncestor(n: SyntaxNode, kinds: ReadonlySet<SyntaxKind>): boolean {
  for (let p = n.parent; p && !STATEMENT_ENDS.has(p.kind); p = p.parent) if (kinds.has(p.kind)) return true;
  return false;
}

/** `x = ...`, `x += ...`, `a.b = ...`: the name being assigned. */
function isWritten(n: SyntaxNode): boolean {
  let target: SyntaxNode = n;
  const parent = n.parent;
  if (parent?.kind === SyntaxKind.Member && parent.children[parent.children.length - 1] === n)
    target = parent;
  return target.parent?.kind === SyntaxKind.Assign && target.parent.children[0] === target;
}

/** The type a declaring name is annotated with (or constructed from, for `val p = Point(...)`). */
function declaredTypeOf(model: FileModel, n: SyntaxNode): string | undefined {
  if (n.kind !== SyntaxKind.Name || !n.parent) return undefined;
  if (n.parent.kind === SyntaxKind.Field) {
    const head = childOfKind(n.parent, SyntaxKind.TypeRef)?.children.find(
      (c) => c.kind === SyntaxKind.NameRef,
    );
    return head ? model.text(head) : undefined;
  }
  return model.declaredType(n);
}
