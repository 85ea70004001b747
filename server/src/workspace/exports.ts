// What a module provides to its importers: one table per module, the only place that reads Simple's
// export rules. A module provides its top-level declarations; then, for names it does not declare, what
// it re-exports: `export use m.{X}`, `use m.{X}` followed by `export X`, `export use m.*`, and in a
// package `export child.*` (every name of the child) or `export child` (the child module itself).
// Resolution (`use m.{X}`, `m.X`, glob imports), completion inside `use m.{…}`, the unknown-import check
// and re-export chains all read it. A table is complete when the module and every module it re-exports
// from parse without errors and resolve: only then may a checker say a name is missing.
//
// Tables hold file paths and symbol indexes, not views, so a table computed from disk is shared by every
// request of the workspace until the index changes (its generation), except by a request that has one of
// the table's files open (its text may differ from disk); one that read an open document lives only as
// long as the request's Views.
import { moduleNameOf } from '../language/modules';
import { Field, field, type SummaryImport, SymbolFlag } from '../language/summary';
import { type Place, placeOfDecl } from './places';
import type { SourceView, Views } from './views';
import type { Workspace } from './workspace';

/** A provided name: a declaration (file + symbol index) or a whole module (file only). */
interface Entry {
  path: string;
  index?: number;
}

export interface ExportTable {
  /** Every provided name and where it is declared (several places when several modules provide it). */
  readonly names: ReadonlyMap<string, readonly Entry[]>;
  /** All names are known: the module and every re-export source parse cleanly and resolve. */
  readonly complete: boolean;
  /** Every file the table was read from (the module and its re-export sources, transitively). */
  readonly deps: ReadonlySet<string>;
}

const MAX_DEPTH = 12;
const EMPTY: ExportTable = { names: new Map(), complete: false, deps: new Set() };

interface Computed {
  table: ExportTable;
  /** It read a session's open document (not shareable across requests). */
  open: boolean;
  /** It met a module still being computed (a re-export cycle): a partial answer, cached nowhere. */
  cyclic: boolean;
}

const shared = new WeakMap<Workspace, { generation: number; tables: Map<string, ExportTable> }>();

export class Exports {
  private readonly local = new Map<string, ExportTable>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly views: Views) {}

  private get workspace(): Workspace {
    return this.views.workspace;
  }

  /** The export table of a module. */
  of(view: SourceView): ExportTable {
    return this.compute(view, 0).table;
  }

  /** Where module `view` provides `name` ([] when it does not). */
  provided(view: SourceView, name: string): Place[] {
    return this.places(this.of(view).names.get(name) ?? []);
  }

  /** Every provided name with its places, in the table's order. */
  entries(view: SourceView): [string, Place[]][] {
    return [...this.of(view).names].map(([name, entries]) => [name, this.places(entries)]);
  }

  /**
   * `use m.{X}` in `from`: X as module m provides it (in every file m resolves to), else the submodule
   * `m.X` when there is one.
   */
  item(from: SourceView, imp: SummaryImport, name: string): Place[] {
    const graph = this.workspace.graph;
    const out: Place[] = [];
    for (const id of graph.resolve(from, imp).files) {
      const target = this.views.byId(id);
      if (target) out.push(...this.provided(target, name));
    }
    if (out.length > 0) return out;
    const path = [...imp.path, name];
    const sub = graph.resolve(from, { ...imp, path });
    // Only a real submodule: resolve() falls back to the parent module for `m.Unknown`.
    if (sub.moduleSegments !== path.length) return [];
    for (const id of sub.files) {
      const view = this.views.byId(id);
      if (view) out.push(modulePlace(view.path));
    }
    return out;
  }

  private places(entries: readonly Entry[]): Place[] {
    const out: Place[] = [];
    for (const e of entries) {
      if (e.index === undefined) {
        out.push(modulePlace(e.path));
        continue;
      }
      const view = this.views.byPath(e.path);
      if (view && e.index < view.summary.names.length) out.push(placeOfDecl({ view, index: e.index }));
    }
    return out;
  }

  private sharedTables(): Map<string, ExportTable> {
    const ws = this.workspace;
    let s = shared.get(ws);
    if (!s || s.generation !== ws.index.generation) {
      s = { generation: ws.index.generation, tables: new Map() };
      shared.set(ws, s);
    }
    return s.tables;
  }

  private compute(view: SourceView, depth: number): Computed {
    const key = view.path;
    const local = this.local.get(key);
    if (local) return { table: local, open: true, cyclic: false };
    if (!view.open) {
      // A table read from disk holds for this request unless one of its files is open here.
      const hit = this.sharedTables().get(key);
      if (hit && ![...hit.deps].some((p) => this.views.overlay(p) !== undefined))
        return { table: hit, open: false, cyclic: false };
    }
    if (depth > MAX_DEPTH) return { table: EMPTY, open: false, cyclic: true };
    if (this.inProgress.has(key)) return { table: EMPTY, open: false, cyclic: true };
    this.inProgress.add(key);
    try {
      const result = this.build(view, depth);
      if (!result.cyclic) {
        if (result.open) this.local.set(key, result.table);
        else this.sharedTables().set(key, result.table);
      }
      return result;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private build(view: SourceView, depth: number): Computed {
    const graph = this.workspace.graph;
    const s = view.summary;
    let open = view.open;
    let cyclic = false;
    let complete = s.errors === 0;
    const deps = new Set<string>([view.path]);
    const own = new Map<string, Entry[]>();
    const reexported = new Map<string, Entry[]>();
    const add = (map: Map<string, Entry[]>, name: string, entries: readonly Entry[]): void => {
      if (entries.length === 0) return;
      const list = map.get(name);
      if (!list) map.set(name, [...entries]);
      else
        for (const e of entries)
          if (!list.some((x) => x.path === e.path && x.index === e.index)) list.push(e);
    };
    for (let i = 0; i < s.names.length; i++)
      if (field(s, i, Field.Flags) & SymbolFlag.TopLevel)
        add(own, s.names[i], [{ path: view.path, index: i }]);

    /** The tables of the files an import (or export path) resolves to; none means incomplete. */
    const sources = (files: readonly number[]): ExportTable[] => {
      if (files.length === 0) complete = false;
      const out: ExportTable[] = [];
      for (const id of files) {
        const target = this.views.byId(id);
        if (!target) {
          complete = false;
          continue;
        }
        const c = this.compute(target, depth + 1);
        for (const d of c.table.deps) deps.add(d);
        open ||= c.open;
        cyclic ||= c.cyclic;
        complete &&= c.table.complete || c.cyclic;
        out.push(c.table);
      }
      return out;
    };

    const exportedNames = new Set(s.exports.flatMap((e) => e.names));
    for (const imp of s.imports) {
      const items = imp.items.filter((i) => imp.reexport || exportedNames.has(i.alias ?? i.name));
      if (imp.glob && imp.reexport) {
        for (const t of sources(graph.resolve(view, imp).files))
          for (const [name, entries] of t.names) add(reexported, name, entries);
      } else if (items.length > 0) {
        const tables = sources(graph.resolve(view, imp).files);
        for (const item of items) {
          const name = item.name.split('.')[0];
          const label = item.alias ?? item.name;
          // Provided even where its source is not known (a library outside the workspace): no places.
          if (!reexported.has(label)) reexported.set(label, []);
          for (const t of tables) add(reexported, label, t.names.get(name) ?? []);
        }
      }
    }
    // `export child.*` / `export child` in a package: the child module, relative to the package.
    for (const e of s.exports) {
      if (!e.path) continue;
      const files = graph.resolveExport(view, e).files;
      if (e.glob) {
        for (const t of sources(files)) for (const [name, entries] of t.names) add(reexported, name, entries);
      } else {
        if (files.length === 0) complete = false;
        for (const id of files) {
          const target = this.views.byId(id);
          if (target) {
            deps.add(target.path);
            add(reexported, e.path[e.path.length - 1], [{ path: target.path }]);
          }
        }
      }
    }
    // A module's own declaration hides a re-exported one of the same name.
    const names = new Map(own);
    for (const [name, entries] of reexported) if (!names.has(name)) names.set(name, entries);
    return { table: { names, complete, deps }, open, cyclic };
  }
}

function modulePlace(path: string): Place {
  return { path, line: 0, character: 0, endCharacter: 0, module: true };
}

/** The dotted name a module place shows (`util.strings`). */
export function moduleLabel(view: SourceView): string {
  return moduleNameOf(view.rel);
}
