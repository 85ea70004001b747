// Cross-file name resolution: what the name at an offset declares or refers to, across the workspace.
// The file's own scopes answer first (language/model.ts); what they leave open (imported items, module
// paths, members of types and modules declared elsewhere, names from glob imports) is followed through
// the module graph, re-export chains included, with cycle protection. Unsure means no answer, not a guess.
import { FileModel, implTargetName, type NameReference, referenceAt } from '../language/model';
import {
  Field,
  field,
  kindOf,
  lineOf,
  lineStarts,
  symbolAtName,
  type SummaryImport,
  SymbolFlag,
} from '../language/summary';
import type { SyntaxNode, TextSpan } from '../language/syntax';
import { type ImportInfo, SymbolKind } from '../language/types';
import { nameLeafAt, type SourceFile, show, TypeEngine } from '../types';
import { refFile } from './symbol-index';
import { Exports } from './exports';
import { type Decl, type Place, placeKey, placeOfDecl } from './places';
import { WorkspaceTypeWorld } from './type-world';
import type { SourceView, Views } from './views';

export { type Decl, type Place, placeKey, placeOfDecl };

const TYPE_KINDS = new Set([SymbolKind.Class, SymbolKind.Struct, SymbolKind.Enum, SymbolKind.Trait]);
const MAX_DEPTH = 12;

export class Resolver {
  /** What each module provides (one table per module, shared by every question of this request). */
  readonly exports: Exports;

  private lastText = '';
  private lastStarts: number[] = [0];

  constructor(
    readonly views: Views,
    /** false: the name rules alone, no type layer (the old path, for the cost benchmark side by side). */
    readonly typesOn = true,
  ) {
    this.exports = new Exports(views);
  }

  private get graph() {
    return this.views.workspace.graph;
  }

  private typed?: { world: WorkspaceTypeWorld; engine: TypeEngine };

  /** The type layer over this resolver's views (made on first use, one per request). */
  types(): { world: WorkspaceTypeWorld; engine: TypeEngine } {
    if (!this.typed) {
      const world = new WorkspaceTypeWorld(this);
      this.typed = { world, engine: new TypeEngine(world) };
    }
    return this.typed;
  }

  /** The reference at a UTF-16 offset of a view, and what it resolves to. */
  at(view: SourceView, offset: number): { ref: NameReference; places: Place[] } | undefined {
    const typed = this.typedMember(view, offset);
    if (typed) return typed;
    const ref = referenceAt(view.parse(), offset);
    if (!ref) return undefined;
    return { ref, places: dedupe(this.resolve(view, ref, 0)) };
  }

  /**
   * `at` for a Name or NameRef node of `view.parse()`, found by walking the tree instead of descending
   * from the root to an offset (the SCIP indexer asks this of every name of a file). The same answer as
   * `at(view, name.start + 1)` whenever that lands on this name (test/scip checks every name).
   */
  atName(view: SourceView, name: SyntaxNode): { ref: NameReference; places: Place[] } | undefined {
    let typed: { ref: NameReference; places: Place[] } | undefined;
    if (this.typesOn) {
      const { world } = this.types();
      const file = world.fileOf(view);
      // The type world keeps the parse it first saw of a path; a node of another parse of the same
      // text is found again by its offset there.
      typed =
        file.parse() === view.parse() ? this.typedLeaf(file, name) : this.typedMember(view, name.start + 1);
    }
    if (typed) return typed;
    const ref = FileModel.of(view.parse()).referenceOf(name);
    if (!ref) return undefined;
    return { ref, places: dedupe(this.resolve(view, ref, 0)) };
  }

  /**
   * `x.name` by the receiver's inferred type: the members of that type named `name` declared in
   * workspace files. Undefined when the offset is not on a member name, the receiver's type is
   * unknown, or the type declares no such member in a file (the name-based rules then answer).
   */
  typedMember(view: SourceView, offset: number): { ref: NameReference; places: Place[] } | undefined {
    if (!this.typesOn) return undefined;
    const file = this.types().world.fileOf(view);
    const leaf = nameLeafAt(file, offset);
    return leaf ? this.typedLeaf(file, leaf) : undefined;
  }

  /** typedMember for the name leaf `leaf` of the type world's file. */
  private typedLeaf(file: SourceFile, leaf: SyntaxNode): { ref: NameReference; places: Place[] } | undefined {
    const { world, engine } = this.types();
    const found = engine.memberAt(file, leaf);
    if (!found || found.members.length === 0) return undefined;
    let places = found.members.map((m) => world.placeOf(m.decl)).filter((p): p is Place => p !== undefined);
    // The workspace's own declarations (a standard library's `impl text:`) before the server's prelude.
    if (places.some((p) => !p.core)) places = places.filter((p) => !p.core);
    if (places.length === 0) return undefined;
    const name = file.parse().text.slice(leaf.start, leaf.end);
    const span = { start: leaf.start, end: leaf.end };
    return {
      ref: { kind: 'member', name, span, receiver: { type: show(found.receiver) } },
      places: dedupe(places),
    };
  }

  resolve(view: SourceView, ref: NameReference, depth: number): Place[] {
    if (depth > MAX_DEPTH) return [];
    switch (ref.kind) {
      case 'local':
        return [this.localPlace(view, ref.target)];
      case 'import': {
        const found = this.importItem(view, ref.item);
        return found ? this.followItem(view, found.imp, found.item) : [];
      }
      case 'module': {
        const imp = view.outline().imports.find((i) => contains(i.pathSpan, ref.span.start));
        if (!imp) return [];
        const files = this.graph.resolve(view, toSummaryImport(imp), ref.segments);
        if (files.moduleSegments < ref.segments) return []; // the last segment is an item, not a module
        return files.files.map((id) => this.modulePlace(id)).filter((p): p is Place => p !== undefined);
      }
      case 'member':
        return this.member(view, ref.name, ref.receiver, depth);
      case 'free':
        return this.freeName(view, ref.name);
    }
  }

  private localPlace(view: SourceView, span: TextSpan): Place {
    const text = view.text();
    // Resolving every name of a file (the SCIP indexer) asks for many places in one text.
    if (text !== this.lastText) this.lastStarts = lineStarts((this.lastText = text));
    const starts = this.lastStarts;
    const line = lineOf(starts, span.start);
    const place: Place = {
      path: view.path,
      line,
      character: span.start - starts[line],
      endCharacter: span.end - starts[line],
    };
    const index = symbolAtName(view.summary, line, place.character);
    if (index !== undefined) place.decl = { view, index };
    return place;
  }

  private modulePlace(id: number): Place | undefined {
    const view = this.views.byId(id);
    return view ? { path: view.path, line: 0, character: 0, endCharacter: 0, module: true } : undefined;
  }

  private importItem(
    view: SourceView,
    item: TextSpan,
  ): { imp: ImportInfo; item: ImportInfo['items'][number] } | undefined {
    for (const imp of view.outline().imports) {
      const it = imp.items.find((i) => i.span.start <= item.start && item.start <= i.span.end);
      if (it) return { imp, item: it };
    }
    return undefined;
  }

  /** `use m.{A}`: A's declarations in module m (or the submodule m.A). */
  private followItem(view: SourceView, imp: ImportInfo, item: { name: string }): Place[] {
    return this.exports.item(view, toSummaryImport(imp), item.name.split('.')[0]);
  }

  /** What module `view` provides under `name` (its export table). */
  exported(view: SourceView, name: string): Place[] {
    return this.exports.provided(view, name);
  }

  /** A bare name this file does not declare: a module imported whole, or a name from a glob import. */
  private freeName(view: SourceView, name: string): Place[] {
    const out: Place[] = [];
    for (const imp of view.summary.imports) {
      if (imp.items.length > 0 || imp.glob) continue;
      const visible = imp.alias ?? imp.path[imp.path.length - 1];
      if (visible !== name) continue;
      const resolved = this.graph.resolve(view, imp);
      if (resolved.moduleSegments < imp.path.length) {
        // `use m.A`: A is an item of m.
        for (const id of resolved.files) {
          const target = this.views.byId(id);
          if (target) out.push(...this.exported(target, imp.path[imp.path.length - 1]));
        }
      } else {
        for (const id of resolved.files) {
          const p = this.modulePlace(id);
          if (p) out.push(p);
        }
      }
    }
    if (out.length > 0) return out;
    for (const imp of view.summary.imports) {
      if (!imp.glob) continue;
      for (const id of this.graph.resolve(view, imp).files) {
        const target = this.views.byId(id);
        if (target) out.push(...this.exported(target, name));
      }
    }
    return out;
  }

  /** `a.b` where the file alone cannot settle `a`. */
  private member(
    view: SourceView,
    name: string,
    receiver: { type: string } | { ref: NameReference },
    depth: number,
  ): Place[] {
    let owners: Place[];
    if ('type' in receiver) {
      owners = this.typeNamed(view, receiver.type);
    } else {
      owners = this.resolve(view, receiver.ref, depth + 1);
    }
    const out: Place[] = [];
    for (const owner of owners) {
      if (owner.module) {
        const target = this.views.byPath(owner.path);
        if (target) out.push(...this.exported(target, name));
      } else if (owner.decl && TYPE_KINDS.has(kindOf(owner.decl.view.summary, owner.decl.index))) {
        out.push(...this.membersOf(owner.decl, name));
      }
    }
    return dedupe(out);
  }

  /** The type declarations a type name means in this file (declared here, imported, or glob-imported). */
  typeNamed(view: SourceView, type: string): Place[] {
    const local = topLevel(view, type).filter((i) => TYPE_KINDS.has(kindOf(view.summary, i)));
    if (local.length > 0) return local.map((index) => placeOfDecl({ view, index }));
    const imported: Place[] = [];
    for (const imp of view.outline().imports) {
      const item = imp.items.find((i) => (i.alias ?? i.name) === type);
      if (item) imported.push(...this.followItem(view, imp, item));
    }
    if (imported.length > 0) return imported;
    return this.freeName(view, type);
  }

  /** Members named `name` of a type: in its body, and in `impl` blocks of a type of that name anywhere. */
  membersOf(type: Decl, name: string): Place[] {
    const out: Place[] = [];
    const s = type.view.summary;
    for (let i = 0; i < s.names.length; i++) {
      if (s.names[i] === name && field(s, i, Field.Container) === type.index)
        out.push(placeOfDecl({ view: type.view, index: i }));
    }
    const typeName = s.names[type.index];
    const index = this.views.workspace.index;
    const candidates = new Set<number>();
    for (const ref of index.named(name)) candidates.add(refFile(ref));
    if (type.view.open) candidates.add(type.view.id ?? -1);
    for (const id of candidates) {
      const view = id === type.view.id ? type.view : this.views.byId(id);
      if (!view) continue;
      const vs = view.summary;
      for (let i = 0; i < vs.names.length; i++) {
        if (vs.names[i] !== name) continue;
        const container = field(vs, i, Field.Container);
        if (container < 0 || kindOf(vs, container) !== SymbolKind.Impl) continue;
        if (implTargetName(vs.names[container]) === typeName) out.push(placeOfDecl({ view, index: i }));
      }
    }
    return out;
  }
}

export function topLevel(view: SourceView, name: string): number[] {
  const s = view.summary;
  const out: number[] = [];
  for (let i = 0; i < s.names.length; i++)
    if (s.names[i] === name && field(s, i, Field.Flags) & SymbolFlag.TopLevel) out.push(i);
  return out;
}

export function toSummaryImport(imp: ImportInfo): SummaryImport {
  return {
    path: imp.path,
    relativeDepth: imp.relativeDepth,
    items: imp.items,
    glob: imp.glob,
    reexport: imp.reexport,
    ...(imp.alias !== undefined ? { alias: imp.alias } : {}),
  };
}

function contains(span: TextSpan, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function dedupe(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = placeKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
