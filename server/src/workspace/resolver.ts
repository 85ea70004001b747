// Cross-file name resolution: what the name at an offset declares or refers to, across the workspace.
// The file's own scopes answer first (language/scopes.ts); what they leave open (imported items, module
// paths, members of types and modules declared elsewhere, names from glob imports) is followed through
// the module graph, re-export chains included, with cycle protection. Unsure means no answer, not a guess.
import { type NameReference, referenceAt } from '../language/scopes';
import {
  Field,
  kindOf,
  lineOf,
  lineStarts,
  STRIDE,
  type SummaryImport,
  SymbolFlag,
} from '../language/summary';
import type { TextSpan } from '../language/syntax';
import { type ImportInfo, SymbolKind } from '../language/types';
import { memberTargets, nameLeafAt, show, TypeEngine } from '../types';
import { refFile } from './symbol-index';
import { WorkspaceTypeWorld } from './type-world';
import type { SourceView, Views } from './views';

/** A declaration in a file's summary. */
export interface Decl {
  view: SourceView;
  index: number;
}

/** A place to show: a declaration's name, a local binding, or the start of a module file. */
export interface Place {
  path: string;
  line: number;
  /** UTF-16 columns. */
  character: number;
  endCharacter: number;
  decl?: Decl;
  /** The whole file (a module named on a `use` path). */
  module?: boolean;
}

const TYPE_KINDS = new Set([SymbolKind.Class, SymbolKind.Struct, SymbolKind.Enum, SymbolKind.Trait]);
const MAX_DEPTH = 12;

export function placeOfDecl(decl: Decl): Place {
  const o = decl.index * STRIDE;
  const s = decl.view.summary.symbols;
  return {
    path: decl.view.path,
    line: s[o + Field.NameLine],
    character: s[o + Field.NameCol],
    endCharacter: s[o + Field.NameEndCol],
    decl,
  };
}

export function placeKey(p: Place): string {
  return `${p.path}:${p.line}:${p.character}`;
}

export class Resolver {
  constructor(readonly views: Views) {}

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
   * `x.name` by the receiver's inferred type: the members of that type named `name` declared in
   * workspace files. Undefined when the offset is not on a member name, the receiver's type is
   * unknown, or the type declares no such member in a file (the name-based rules then answer).
   */
  typedMember(view: SourceView, offset: number): { ref: NameReference; places: Place[] } | undefined {
    const { world, engine } = this.types();
    const file = world.fileOf(view);
    const found = memberTargets(engine, file, offset);
    if (!found || found.members.length === 0) return undefined;
    const places = found.members.map((m) => world.placeOf(m.decl)).filter((p): p is Place => p !== undefined);
    if (places.length === 0) return undefined;
    const leaf = nameLeafAt(file, offset)!;
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
        return found ? this.followItem(view, found.imp, found.item, depth) : [];
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
        return this.freeName(view, ref.name, depth);
    }
  }

  private localPlace(view: SourceView, span: TextSpan): Place {
    const text = view.text();
    const starts = lineStarts(text);
    const line = lineOf(starts, span.start);
    const place: Place = {
      path: view.path,
      line,
      character: span.start - starts[line],
      endCharacter: span.end - starts[line],
    };
    const index = symbolAtName(view, line, place.character);
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
  private followItem(view: SourceView, imp: ImportInfo, item: { name: string }, depth: number): Place[] {
    const simp = toSummaryImport(imp);
    const resolved = this.graph.resolve(view, simp);
    const segments = item.name.split('.');
    const out: Place[] = [];
    for (const id of resolved.files) {
      const target = this.views.byId(id);
      if (target) out.push(...this.exported(target, segments[0], depth + 1, new Set()));
    }
    if (out.length === 0) {
      const path = [...simp.path, ...segments];
      const sub = this.graph.resolve(view, { ...simp, path });
      // Only a real submodule: resolve() falls back to the parent module for `m.Unknown`.
      if (sub.moduleSegments === path.length)
        for (const id of sub.files) {
          const p = this.modulePlace(id);
          if (p) out.push(p);
        }
    }
    return out;
  }

  /** What module `view` provides under `name`: its top-level declarations, then its re-exports. */
  exported(view: SourceView, name: string, depth: number, seen: Set<string>): Place[] {
    if (depth > MAX_DEPTH || seen.has(view.path)) return [];
    seen.add(view.path);
    const own = topLevel(view, name).map((index) => placeOfDecl({ view, index }));
    if (own.length > 0) return own;
    const out: Place[] = [];
    const s = view.summary;
    const exportedNames = new Set(s.exports.flatMap((e) => e.names));
    for (const imp of s.imports) {
      const item = imp.items.find((i) => (i.alias ?? i.name) === name);
      if (item && (imp.reexport || exportedNames.has(name))) {
        for (const id of this.graph.resolve(view, imp).files) {
          const target = this.views.byId(id);
          if (target) out.push(...this.exported(target, item.name.split('.')[0], depth + 1, seen));
        }
      } else if (imp.glob && imp.reexport) {
        for (const id of this.graph.resolve(view, imp).files) {
          const target = this.views.byId(id);
          if (target) out.push(...this.exported(target, name, depth + 1, seen));
        }
      }
    }
    // `export child.*` / `export child` in a package: the child module, relative to the package.
    for (const e of s.exports) {
      if (!e.path) continue;
      for (const id of this.graph.resolveExport(view, e).files) {
        const target = this.views.byId(id);
        if (!target) continue;
        if (e.glob) out.push(...this.exported(target, name, depth + 1, seen));
        else if (e.path[e.path.length - 1] === name) {
          const p = this.modulePlace(id);
          if (p) out.push(p);
        }
      }
    }
    return out;
  }

  /** A bare name this file does not declare: a module imported whole, or a name from a glob import. */
  private freeName(view: SourceView, name: string, depth: number): Place[] {
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
          if (target) out.push(...this.exported(target, imp.path[imp.path.length - 1], depth + 1, new Set()));
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
        if (target) out.push(...this.exported(target, name, depth + 1, new Set()));
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
      owners = this.typeNamed(view, receiver.type, depth);
    } else {
      owners = this.resolve(view, receiver.ref, depth + 1);
    }
    const out: Place[] = [];
    for (const owner of owners) {
      if (owner.module) {
        const target = this.views.byPath(owner.path);
        if (target) out.push(...this.exported(target, name, depth + 1, new Set()));
      } else if (owner.decl && TYPE_KINDS.has(kindOf(owner.decl.view.summary, owner.decl.index))) {
        out.push(...this.membersOf(owner.decl, name));
      }
    }
    return dedupe(out);
  }

  /** The type declarations a type name means in this file (declared here, imported, or glob-imported). */
  typeNamed(view: SourceView, type: string, depth: number): Place[] {
    const local = topLevel(view, type).filter((i) => TYPE_KINDS.has(kindOf(view.summary, i)));
    if (local.length > 0) return local.map((index) => placeOfDecl({ view, index }));
    const imported: Place[] = [];
    for (const imp of view.outline().imports) {
      const item = imp.items.find((i) => (i.alias ?? i.name) === type);
      if (item) imported.push(...this.followItem(view, imp, item, depth + 1));
    }
    if (imported.length > 0) return imported;
    return this.freeName(view, type, depth + 1);
  }

  /** Members named `name` of a type: in its body, and in `impl` blocks of a type of that name anywhere. */
  membersOf(type: Decl, name: string): Place[] {
    const out: Place[] = [];
    const s = type.view.summary;
    for (let i = 0; i < s.names.length; i++) {
      if (s.names[i] === name && s.symbols[i * STRIDE + Field.Container] === type.index)
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
        const container = vs.symbols[i * STRIDE + Field.Container];
        if (container < 0 || kindOf(vs, container) !== SymbolKind.Impl) continue;
        if (implTarget(vs.names[container]) === typeName) out.push(placeOfDecl({ view, index: i }));
      }
    }
    return out;
  }
}

/** `Show for Point<T>` → Point; `Point` → Point. */
export function implTarget(implName: string): string {
  const target = / for (.+)$/.exec(implName)?.[1] ?? implName;
  return target.replace(/[<[(].*$/, '').trim();
}

/** `Show for Point` → Show; `Point` → undefined. */
export function implTrait(implName: string): string | undefined {
  const m = /^(.+?) for /.exec(implName);
  return m ? m[1].replace(/[<[(].*$/, '').trim() : undefined;
}

export function topLevel(view: SourceView, name: string): number[] {
  const s = view.summary;
  const out: number[] = [];
  for (let i = 0; i < s.names.length; i++)
    if (s.names[i] === name && s.symbols[i * STRIDE + Field.Flags] & SymbolFlag.TopLevel) out.push(i);
  return out;
}

function symbolAtName(view: SourceView, line: number, character: number): number | undefined {
  const s = view.summary.symbols;
  for (let i = 0; i * STRIDE < s.length; i++) {
    const o = i * STRIDE;
    if (s[o + Field.NameLine] === line && s[o + Field.NameCol] === character) return i;
  }
  return undefined;
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
