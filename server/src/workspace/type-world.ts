// The type layer's TypeWorld over the workspace: names resolve through the Resolver (imports, re-export
// chains, globs), impl blocks are found through the symbol index (by the target's name, confirmed in
// the impl's own file), core types come from the prelude (plus any `impl text:`-style blocks the
// workspace's standard library declares). One SourceFile per path per request, so node identities
// agree between the engine and the answers.
import { referenceAt } from '../language/model';
import { moduleNameOf } from '../language/modules';
import { Field, field, kindOf, lineStarts, symbolCount, SymbolFlag } from '../language/summary';
import { SyntaxKind, type SyntaxNode } from '../language/syntax';
import type { ParseResult } from '../language/types';
import { SymbolKind } from '../language/types';
import {
  type Decl,
  implsNamed,
  leafAt,
  localDecl,
  PRELUDE_KEY,
  preludeDecl,
  preludeFile,
  type SourceFile,
  type TypeWorld,
  typesNamed,
} from '../types';
import { type Place, placeOfDecl, type Resolver } from './resolver';
import { refFile, refIndex, type SymbolIndex } from './symbol-index';
import type { SourceView } from './views';

const TYPE_SYMBOLS: ReadonlySet<SymbolKind> = new Set([
  SymbolKind.Class,
  SymbolKind.Struct,
  SymbolKind.Enum,
  SymbolKind.Trait,
  SymbolKind.TypeAlias,
]);
const VALUE_SYMBOLS: ReadonlySet<SymbolKind> = new Set([
  SymbolKind.Function,
  SymbolKind.Variable,
  SymbolKind.Constant,
]);
const TYPE_NODES = new Set([
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.TypeAlias,
]);

/** Numbers for parses, so an epoch can name the open documents' versions. */
const parseIds = new WeakMap<ParseResult, number>();
let nextParseId = 1;

function parseId(result: ParseResult): number {
  let id = parseIds.get(result);
  if (id === undefined) parseIds.set(result, (id = nextParseId++));
  return id;
}

/** `impl Trait for X` blocks by target name, per index generation (an inherent `impl X` is named X). */
const implIndex = new WeakMap<SymbolIndex, { generation: number; byTarget: Map<string, Set<number>> }>();

function traitImplFiles(index: SymbolIndex, target: string): ReadonlySet<number> {
  let cached = implIndex.get(index);
  if (!cached || cached.generation !== index.generation) {
    const byTarget = new Map<string, Set<number>>();
    for (const name of index.names()) {
      if (!name.includes(' for ')) continue;
      const m = / for ([A-Za-z_][A-Za-z0-9_]*)/.exec(name);
      if (!m) continue;
      let set = byTarget.get(m[1]);
      if (!set) byTarget.set(m[1], (set = new Set()));
      for (const ref of index.named(name)) set.add(refFile(ref));
    }
    implIndex.set(index, (cached = { generation: index.generation, byTarget }));
  }
  return cached.byTarget.get(target) ?? new Set();
}

export class WorkspaceTypeWorld implements TypeWorld {
  readonly epoch: string;
  private readonly files = new Map<string, { file: SourceFile; view: SourceView }>();

  constructor(private readonly resolver: Resolver) {
    const views = resolver.views;
    const open = views.openPaths.map((p) => {
      const v = views.byPath(p);
      return v ? `${parseId(v.parse())}` : '';
    });
    this.epoch = `${views.workspace.index.generation}|${open.join(',')}`;
  }

  /** The engine's file for a view (one per path for this world's lifetime). */
  fileOf(view: SourceView): SourceFile {
    let hit = this.files.get(view.path);
    if (!hit) {
      let parsed: ParseResult | undefined;
      const file: SourceFile = { key: view.path, parse: () => (parsed ??= view.parse()) };
      this.files.set(view.path, (hit = { file, view }));
    }
    return hit.file;
  }

  private viewOf(file: SourceFile): SourceView | undefined {
    return this.files.get(file.key)?.view;
  }

  resolveName(file: SourceFile, node: SyntaxNode): Decl[] {
    const view = this.viewOf(file);
    if (!view) {
      const d = localDecl(file, node);
      return d ? [d] : [];
    }
    const ref = referenceAt(file.parse(), node.start);
    if (!ref || ref.span.start !== node.start) return [];
    if (ref.kind === 'local' || ref.kind === 'free') {
      const d = localDecl(file, node);
      if (d || ref.kind === 'local') return d ? [d] : [];
    }
    const found = this.declsOf(this.resolver.resolve(view, ref, 0));
    if (found.length > 0 || ref.kind !== 'free') return found;
    return this.fallback(view, ref.name, /^[A-Z]/.test(ref.name) ? TYPE_SYMBOLS : VALUE_SYMBOLS);
  }

  resolveType(file: SourceFile, name: string): Decl[] {
    if (file.key === PRELUDE_KEY) return typesNamed(file, name);
    const view = this.viewOf(file);
    if (!view) return [];
    const own = typesNamed(file, name);
    if (own.length > 0) return own;
    const found = this.declsOf(this.resolver.typeNamed(view, name)).filter((d) =>
      TYPE_NODES.has(d.node.kind),
    );
    return found.length > 0 ? found : this.fallback(view, name, TYPE_SYMBOLS);
  }

  /**
   * Where the module graph finds nothing for a name the file uses (globs of modules that import, rather
   * than re-export, what they use; package siblings; imports it cannot resolve), the one top-level
   * declaration of that name in the workspace, or the one among several whose module the file imports
   * by its path. Several candidates left: nothing (unknown stays unknown).
   */
  private fallback(view: SourceView, name: string, kinds: ReadonlySet<SymbolKind>): Decl[] {
    const index = this.resolver.views.workspace.index;
    const places: Place[] = [];
    for (const ref of index.named(name)) {
      const f = index.file(refFile(ref));
      if (!f) continue;
      const i = refIndex(ref);
      if (!kinds.has(kindOf(f.summary, i)) || !(field(f.summary, i, Field.Flags) & SymbolFlag.TopLevel))
        continue;
      const v = this.resolver.views.byId(f.id);
      if (v) places.push(placeOfDecl({ view: v, index: i }));
    }
    if (places.length <= 1) return this.declsOf(places);
    const imported = new Set(view.summary.imports.map((imp) => imp.path.join('.')));
    const picked = places.filter((p) => {
      const module = moduleNameOf(this.resolver.views.byPath(p.path)?.rel ?? p.path);
      for (const m of imported) if (module === m || module.endsWith(`.${m}`)) return true;
      return false;
    });
    return picked.length === 1 ? this.declsOf(picked) : [];
  }

  implsOf(type: Decl): Decl[] {
    const name = type.name.text;
    const views = this.resolver.views;
    const index = views.workspace.index;
    const ids = new Set<number>(traitImplFiles(index, name));
    for (const ref of index.named(name)) {
      const f = index.file(refFile(ref));
      if (f && kindOf(f.summary, refIndex(ref)) === SymbolKind.Impl) ids.add(f.id);
    }
    const candidates = new Map<string, SourceView>();
    for (const id of ids) {
      const v = views.byId(id);
      if (v) candidates.set(v.path, v);
    }
    for (const p of views.openPaths) {
      const v = views.byPath(p);
      if (v) candidates.set(v.path, v);
    }
    const inPrelude = type.file.key === PRELUDE_KEY;
    const out: Decl[] = [];
    for (const v of candidates.values()) {
      const file = this.fileOf(v);
      const impls = implsNamed(file, name);
      if (impls.length === 0) continue;
      // The impl's own file must not mean another type by that name.
      const meant = this.resolveType(file, name);
      if (inPrelude ? meant.length > 0 : meant.length > 0 && !meant.some((d) => d.node === type.node))
        continue;
      out.push(...impls);
    }
    return out;
  }

  core(name: string): Decl | undefined {
    return preludeDecl(name);
  }

  /** Declarations at places (module places are not declarations). */
  private declsOf(places: Place[]): Decl[] {
    const out: Decl[] = [];
    for (const p of places) {
      if (p.module) continue;
      const view = this.resolver.views.byPath(p.path);
      if (!view) continue;
      const file = this.fileOf(view);
      const starts = lineStartsOf(file.parse());
      const leaf = leafAt(file, (starts[p.line] ?? 0) + p.character);
      if (leaf)
        out.push({
          file,
          node: leaf.parent ?? leaf,
          nameNode: leaf,
          name: { text: file.parse().text.slice(leaf.start, leaf.end) },
        });
    }
    return out;
  }

  /** A place for a declaration in a real file (undefined for the prelude's). */
  placeOf(decl: Decl): Place | undefined {
    if (decl.file === preludeFile() || decl.file.key === PRELUDE_KEY) return undefined;
    const starts = lineStartsOf(decl.file.parse());
    let line = 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= decl.nameNode.start) {
        line = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const place: Place = {
      path: decl.file.key,
      line,
      character: decl.nameNode.start - starts[line],
      endCharacter: decl.nameNode.end - starts[line],
    };
    const view = this.viewOf(decl.file);
    const index = view && symbolAt(view, line, place.character);
    if (view && index !== undefined) place.decl = { view, index };
    return place;
  }
}

const starts = new WeakMap<ParseResult, number[]>();

function lineStartsOf(result: ParseResult): number[] {
  let s = starts.get(result);
  if (!s) starts.set(result, (s = lineStarts(result.text)));
  return s;
}

function symbolAt(view: SourceView, line: number, character: number): number | undefined {
  const s = view.summary;
  for (let i = 0; i < symbolCount(s); i++)
    if (field(s, i, Field.NameLine) === line && field(s, i, Field.NameCol) === character) return i;
  return undefined;
}
