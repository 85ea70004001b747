// Completion with the workspace: what imported names are (kind, signature), names a glob import
// provides, members of types and modules declared in other files, module paths and exported names on
// `use` lines, and auto-import of top-level declarations not yet visible (with the `use` edit). The
// file's own analysis (language/completion.ts) has already read the cursor's context.
import {
  type Candidate,
  type CandidateKind,
  candidateKindOf,
  type CompletionAnalysis,
  Rank,
} from '../language/completion';
import { implTargetName } from '../language/model';
import { importEdit, type TextEditInfo } from '../language/import-edit';
import { moduleNameOf } from '../language/modules';
import { moduleEntries } from '../language/module-listing';
import { Field, kindOf, field, type SummaryImport, SymbolFlag } from '../language/summary';
import { SymbolKind } from '../language/types';
import { describeDecl } from './hover-info';
import { type Decl, type Place, placeOfDecl, type Resolver } from './resolver';
import { buildOutline } from '../language/outline';
import { importPathOf } from './import-path';
import { fuzzyScore } from './symbol-search';
import {
  builtinValueType,
  candidateFit,
  expectedTypeAt,
  type Fit,
  isComplete,
  memberDetail,
  membersAfterDot,
  nameLeafAt,
  show,
  type Type,
  TypeEngine,
} from '../types';
import { PLACEHOLDER } from '../language/completion';
import { SyntaxKind } from '../language/syntax';
import { WorkspaceTypeWorld } from './type-world';
import { refFile, refIndex, type SymbolIndex } from './symbol-index';
import type { SourceView, Views } from './views';

export interface WorkspaceCandidate extends Candidate {
  /** The declaration, for documentation on resolve. */
  target?: { path: string; index: number };
  /** Auto-import: the module the name comes from, and the edit that imports it. */
  from?: string;
  edit?: TextEditInfo;
  /** How its type meets the type expected at the cursor (set only when one is known). */
  fit?: Fit;
  /** Its type (inferred), when one was read to rank it. */
  type?: Type;
}

export interface WorkspaceCompletion {
  candidates: WorkspaceCandidate[];
  /** More would come with a longer prefix (auto-import candidates were cut). */
  incomplete: boolean;
  /** The type the cursor's position expects, when known; candidates then carry their `fit`. */
  expected?: Type;
  /** With an expected type: the fits of the keywords that are values (`true`, `false`, `nil`). */
  keywordFits?: Record<string, Fit>;
}

export interface CompletionOptions {
  /** Most auto-import candidates offered per request. */
  autoImportLimit?: number;
  signal?: AbortSignal;
  /** Members by the receiver's inferred type (default true; false measures the name rules alone). */
  types?: boolean;
  /** Rank by the expected type (default true; false measures the types without the ranking). */
  rank?: boolean;
}

const TYPE_KINDS = new Set([SymbolKind.Class, SymbolKind.Struct, SymbolKind.Enum, SymbolKind.Trait]);
const NOT_IMPORTABLE = new Set([SymbolKind.Impl, SymbolKind.TestSuite, SymbolKind.TestCase]);
/** Signatures read per request; the rest come with completionItem/resolve. */
const MAX_DETAILS = 150;
/** Declarations of other files typed per request to rank them by the expected type; the rest rank
 *  neutrally. */
const MAX_TYPED = 150;
/** Kinds whose candidates are called (or, for a variant with a payload, constructed) to give a value. */
const CALLABLE = new Set<CandidateKind>(['function', 'method', 'enumMember']);
/** Kinds of candidates that stand for a value (or a function giving one, or a type constructing one). */
const VALUE_KINDS = new Set<CandidateKind>([
  'function',
  'method',
  'class',
  'struct',
  'enum',
  'enumMember',
  'field',
  'variable',
  'constant',
  'parameter',
]);

export function workspaceCompletion(
  views: Views,
  resolver: Resolver,
  view: SourceView,
  analysis: CompletionAnalysis,
  options: CompletionOptions = {},
): WorkspaceCompletion {
  return new WorkspaceCompleter(views, resolver, view, analysis, options).run();
}

class WorkspaceCompleter {
  private contextView: SourceView | undefined;
  private types: { engine: TypeEngine; world: WorkspaceTypeWorld } | undefined;

  constructor(
    private readonly views: Views,
    private readonly resolver: Resolver,
    private readonly view: SourceView,
    private readonly analysis: CompletionAnalysis,
    private readonly options: CompletionOptions,
  ) {}

  private get graph() {
    return this.views.workspace.graph;
  }

  run(): WorkspaceCompletion {
    const result = this.candidates();
    if (result.candidates.length > 0) this.rankByExpectedType(result);
    this.fillDetails(result.candidates);
    return result;
  }

  /** One engine and type world per request, on the context parse (shared by members and ranking). */
  private engine(): { engine: TypeEngine; world: WorkspaceTypeWorld } {
    if (this.types) return this.types;
    const world = new WorkspaceTypeWorld(this.resolver);
    return (this.types = { engine: new TypeEngine(world), world });
  }

  /**
   * The type the cursor's position expects, asked of the engine once; when known, every candidate
   * standing for a value that the prefix keeps gets its fit (read from its declaration's type, capped
   * for other files' declarations), and locals their type as detail.
   */
  private rankByExpectedType(result: WorkspaceCompletion): void {
    const site = this.analysis.site;
    if (!this.resolver.typesOn || this.options.types === false || this.options.rank === false) return;
    if (site.kind !== 'name' && site.kind !== 'member') return;
    if (site.kind === 'name' && site.position !== 'expression' && site.position !== 'body') return;
    const { engine, world } = this.engine();
    const file = world.fileOf(this.context());
    const expected = expectedTypeAt(engine, file, site.prefix.start);
    if (expected.k === 'unknown') return;
    result.expected = expected;
    result.keywordFits = {};
    for (const k of site.kind === 'name' ? site.words.keywords : []) {
      const t = builtinValueType(k);
      if (t.k !== 'unknown') result.keywordFits[k] = candidateFit(engine, expected, t, false);
    }
    const cursor = site.prefix.end;
    const prefix = site.prefixText.toLowerCase();
    let budget = MAX_TYPED;
    for (const c of result.candidates) {
      // What the prefix typed so far filters out, no client shows: left unranked.
      if (!VALUE_KINDS.has(c.kind) || !isSubsequence(prefix, c.label.toLowerCase())) continue;
      let t = c.type;
      if (!t && c.rank === Rank.Builtin) t = builtinValueType(c.label);
      else if (!t && c.target && c.target.path !== this.view.path) {
        if (budget === 0) continue;
        budget--;
        const view = this.views.byPath(c.target.path);
        const decl = view && world.declAt(placeOfDecl({ view, index: c.target.index }));
        t = decl ? engine.declType(decl) : undefined;
      } else if (!t && c.declOffset !== undefined) {
        // Declared in this file: its name in the context parse (the placeholder shifts what follows).
        const at = c.declOffset < cursor ? c.declOffset : c.declOffset + PLACEHOLDER.length;
        const leaf = nameLeafAt(file, at);
        t = leaf ? engine.typeOf(file, leaf) : undefined;
        if (t && isComplete(t) && (c.kind === 'variable' || c.kind === 'constant'))
          c.detail = `${c.label}: ${show(t)}`;
      }
      if (!t) continue;
      c.type = t;
      c.fit = candidateFit(engine, expected, t, CALLABLE.has(c.kind));
    }
    if (site.kind === 'name') this.expectedVariants(result, engine, expected);
  }

  /** An enum of the workspace is expected and its name is offered: its variants too, as `Enum.Variant`
   *  (they fit), right after the enum itself. */
  private expectedVariants(result: WorkspaceCompletion, engine: TypeEngine, expected: Type): void {
    if (expected.k !== 'named' || expected.decl.node.kind !== SyntaxKind.EnumDecl) return;
    const name = expected.decl.name.text;
    const owner = result.candidates.find((c) => c.label === name && c.fit === 'fits' && c.kind === 'enum');
    if (!owner) return;
    const meta: Type = { k: 'meta', decl: expected.decl, args: expected.args };
    for (const m of engine.membersOfType(meta)) {
      if (m.kind !== 'variant') continue;
      const label = `${name}.${m.decl.name.text}`;
      if (result.candidates.some((c) => c.label === label)) continue;
      result.candidates.push({
        label,
        kind: 'enumMember',
        rank: owner.rank,
        detail: memberDetail(engine, meta, m),
        fit: 'fits',
        isStatic: true,
      });
    }
  }

  /** Signatures of declarations from other files, read from the store: for the items the prefix keeps. */
  private fillDetails(candidates: WorkspaceCandidate[]): void {
    const site = this.analysis.site;
    const prefix = site.kind === 'none' ? '' : site.prefixText.toLowerCase();
    let budget = MAX_DETAILS;
    for (const c of candidates) {
      if (budget === 0) break;
      if (c.detail !== undefined || !c.target || !c.label.toLowerCase().startsWith(prefix)) continue;
      const view = this.views.byPath(c.target.path);
      if (view) c.detail = describeDecl(this.views, { view, index: c.target.index }).signature;
      budget--;
    }
  }

  private candidates(): WorkspaceCompletion {
    const site = this.analysis.site;
    switch (site.kind) {
      case 'none':
        return { candidates: [], incomplete: false };
      case 'name':
        return this.names();
      case 'member':
        return { candidates: this.members(), incomplete: false };
      case 'import-path':
        return { candidates: this.modulePath(site.path, site.relativeDepth), incomplete: false };
      case 'import-items': {
        const listed = new Set(site.listed);
        const imp: SummaryImport = {
          path: site.path,
          relativeDepth: site.relativeDepth,
          items: [],
          glob: false,
          reexport: false,
        };
        const out = this.exportsOfImport(imp).filter((c) => !listed.has(c.label));
        return { candidates: out, incomplete: false };
      }
    }
  }

  // ---------------------------------------------------------------- names in scope

  private names(): WorkspaceCompletion {
    const site = this.analysis.site;
    if (site.kind !== 'name') return { candidates: [], incomplete: false };
    const types = site.position === 'type';
    const out: WorkspaceCandidate[] = site.scope.map((c) =>
      c.kind === 'import' ? this.importedCandidate(c) : c,
    );
    const visible = new Set(out.map((c) => c.label));
    if (site.position === 'type-body') return { candidates: out, incomplete: false };
    // Names glob imports provide.
    for (const imp of this.view.summary.imports) {
      if (!imp.glob) continue;
      for (const c of this.exportsOfImport(imp)) {
        if (visible.has(c.label) || (types && !isTypeCandidate(c.kind))) continue;
        visible.add(c.label);
        out.push({ ...c, rank: Rank.Imported });
      }
    }
    this.autoImports(site.prefixText, visible, types, out);
    // Auto-import candidates depend on the prefix: the client asks again as it grows.
    return { candidates: out, incomplete: true };
  }

  /** An item of a `use` list: what it is in the module it comes from. */
  private importedCandidate(c: Candidate): WorkspaceCandidate {
    if (c.declOffset === undefined) return c;
    const at = this.resolver.at(this.view, c.declOffset);
    const decl = at?.places.find((p) => p.decl)?.decl;
    const module = at?.places.find((p) => p.module);
    if (decl) return { ...this.declCandidate(decl, c.rank), label: c.label };
    if (module) return { ...c, kind: 'module' };
    return c;
  }

  /** Top-level declarations of other files whose name matches the prefix and is not visible yet. */
  private autoImports(prefix: string, visible: Set<string>, types: boolean, out: WorkspaceCandidate[]): void {
    if (prefix.length === 0) return;
    const index = this.views.workspace.index;
    const limit = this.options.autoImportLimit ?? 40;
    // The best few names (several declarations may share one, some are filtered out below).
    const best = new TopNames(limit * 4);
    let n = 0;
    const lowerPrefix = prefix.toLowerCase();
    const { names, lower } = namesStartingWith(index, prefix[0]);
    for (let k = 0; k < names.length; k++) {
      const name = names[k];
      if (!isSubsequence(lowerPrefix, lower[k])) continue;
      if ((++n & 4095) === 0 && this.options.signal?.aborted) return;
      const score = fuzzyScore(prefix, name);
      if (score >= 0 && !visible.has(name)) best.offer(name, score);
    }
    const scored = best.sorted();
    let added = 0;
    const parsed = this.view.parse();
    const imports = this.view.outline().imports;
    for (const { name } of scored) {
      if (added >= limit) break;
      const seenModules = new Set<string>();
      for (const ref of index.named(name)) {
        const file = index.file(refFile(ref));
        if (!file || file.id === this.view.id || file.root !== this.view.root) continue;
        const i = refIndex(ref);
        const s = file.summary;
        const flags = field(s, i, Field.Flags);
        const kind = kindOf(s, i);
        if (!(flags & SymbolFlag.TopLevel) || NOT_IMPORTABLE.has(kind)) continue;
        if (types && !TYPE_KINDS.has(kind) && kind !== SymbolKind.TypeAlias) continue;
        const module = importPathOf(this.views, this.view, file.id, file.rel);
        if (!module || seenModules.has(module)) continue;
        const edit = importEdit(parsed, module.split('.'), name, imports);
        if (!edit) continue;
        seenModules.add(module);
        const target = this.views.byId(file.id);
        if (!target) continue;
        const c: WorkspaceCandidate = {
          label: name,
          kind: candidateKindOf(kind) ?? 'variable',
          rank: Rank.AutoImport,
          detail: module,
          target: { path: file.path, index: i },
          from: module,
          edit,
        };
        if (flags & SymbolFlag.Deprecated) c.deprecated = true;
        out.push(c);
        added++;
      }
    }
  }

  // ---------------------------------------------------------------- members

  private members(): WorkspaceCandidate[] {
    const site = this.analysis.site;
    if (site.kind !== 'member') return [];
    const ref = site.ref;
    let owners: Place[] = [];
    let isStatic = false;
    const cview = this.context();
    if (ref?.kind === 'member') {
      if ('type' in ref.receiver) owners = this.resolver.typeNamed(cview, ref.receiver.type);
      else {
        owners = this.resolver.resolve(cview, ref.receiver.ref, 1);
        isStatic = true;
      }
    }
    const out = new Map<string, WorkspaceCandidate>();
    // The receiver's inferred type first (`f().`, `xs[0].`, a `val` from a call): its members, core
    // types included.
    if (this.options.types !== false)
      for (const c of this.typedMembers(cview, site.prefix.start)) out.set(c.label, c);
    for (const owner of owners) {
      if (owner.module) {
        const target = this.views.byPath(owner.path);
        if (target) for (const c of this.exportsOf(target)) if (!out.has(c.label)) out.set(c.label, c);
      } else if (owner.decl && TYPE_KINDS.has(kindOf(owner.decl.view.summary, owner.decl.index))) {
        for (const c of this.typeMembers(owner.decl, isStatic)) if (!out.has(c.label)) out.set(c.label, c);
      }
    }
    // The file's own answer (a type declared here) when the workspace found nothing more.
    for (const c of site.members) if (!out.has(c.label)) out.set(c.label, c);
    return [...out.values()];
  }

  /** Members by the receiver's inferred type, on the context parse (its own type world: the placeholder
   *  makes it another text than the file's). */
  private typedMembers(cview: SourceView, offset: number): WorkspaceCandidate[] {
    if (!this.resolver.typesOn) return [];
    const { engine, world } = this.engine();
    const found = membersAfterDot(engine, world.fileOf(cview), offset);
    if (!found) return [];
    return found.map((m) => {
      const c: WorkspaceCandidate = {
        label: m.label,
        kind: m.kind,
        rank: m.fits ? Rank.Member : Rank.File,
        detail: m.detail,
        isStatic: m.isStatic,
        type: m.type,
      };
      const place = world.placeOf(m.decl);
      if (place?.decl && place.decl.view.id !== undefined && place.path !== this.view.path)
        c.target = { path: place.path, index: place.decl.index };
      return c;
    });
  }

  /** The context parse as a view (placeholder included), so references on it resolve. */
  private context(): SourceView {
    if (this.contextView) return this.contextView;
    const result = this.analysis.context;
    let outline: ReturnType<typeof buildOutline> | undefined;
    const view = this.view;
    this.contextView = {
      path: view.path,
      id: view.id,
      root: view.root,
      rel: view.rel,
      // The file's own summary: its declarations are the context parse's at the same lines and columns
      // (the placeholder only shifts the cursor's line, after the cursor), and summarising the context
      // parse again on every request was most of the cost of typing candidates.
      get summary() {
        return view.summary;
      },
      text: () => result.text,
      parse: () => result,
      outline: () => (outline ??= buildOutline(result)),
      open: true,
    };
    return this.contextView;
  }

  /** Fields, methods and variants of a type: its body, and `impl` blocks for it in the workspace. */
  private typeMembers(type: Decl, isStatic: boolean): WorkspaceCandidate[] {
    const out: WorkspaceCandidate[] = [];
    const s = type.view.summary;
    const typeName = s.names[type.index];
    const add = (decl: Decl): void => {
      const vs = decl.view.summary;
      const kind = kindOf(vs, decl.index);
      const flags = field(vs, decl.index, Field.Flags);
      const memberStatic = kind === SymbolKind.EnumMember || (flags & SymbolFlag.Static) !== 0;
      if (isStatic && kind === SymbolKind.Field) return;
      if (!isStatic && kind === SymbolKind.EnumMember) return;
      const c = this.declCandidate(decl, memberStatic === isStatic ? Rank.Member : Rank.File);
      c.isStatic = memberStatic;
      out.push(c);
    };
    for (let i = 0; i < s.names.length; i++)
      if (field(s, i, Field.Container) === type.index) add({ view: type.view, index: i });
    const files = new Set<SourceView>([type.view, this.context()]);
    const index = this.views.workspace.index;
    for (const ref of index.named(typeName)) {
      const v = this.views.byId(refFile(ref));
      if (v && v.id !== this.view.id) files.add(v);
    }
    for (const v of files) {
      const vs = v.summary;
      for (let i = 0; i < vs.names.length; i++) {
        const container = field(vs, i, Field.Container);
        if (container < 0 || kindOf(vs, container) !== SymbolKind.Impl) continue;
        if (implTargetName(vs.names[container]) !== typeName) continue;
        if (v === type.view && field(vs, container, Field.Container) === type.index) continue;
        add({ view: v, index: i });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- modules

  private modulePath(path: string[], relativeDepth: number): WorkspaceCandidate[] {
    if (this.view.root < 0) return [];
    const tree = this.graph.treeOf(this.view.root);
    const out: WorkspaceCandidate[] = moduleEntries(tree, path, relativeDepth, this.view.rel).map((e) => ({
      label: e.name,
      kind: e.kind,
      rank: e.kind === 'module' ? Rank.Member : Rank.File,
      detail: e.rel,
    }));
    // `use m.A`: the names module m provides, too.
    if (path.length > 0) {
      const seen = new Set(out.map((c) => c.label));
      const imp: SummaryImport = { path, relativeDepth, items: [], glob: false, reexport: false };
      for (const c of this.exportsOfImport(imp))
        if (!seen.has(c.label)) out.push({ ...c, rank: Rank.Imported });
    }
    return out;
  }

  private exportsOfImport(imp: SummaryImport): WorkspaceCandidate[] {
    const r = this.graph.resolve(this.view, imp);
    if (r.moduleSegments < imp.path.length) return [];
    const out: WorkspaceCandidate[] = [];
    const seen = new Set<string>();
    for (const id of r.files) {
      const target = this.views.byId(id);
      if (!target) continue;
      for (const c of this.exportsOf(target)) {
        if (seen.has(c.label)) continue;
        seen.add(c.label);
        out.push(c);
      }
    }
    return out;
  }

  /** What a module provides: its top-level declarations, then its re-exports (followed). */
  /** What a module provides (its export table), as candidates. */
  private exportsOf(view: SourceView): WorkspaceCandidate[] {
    const out: WorkspaceCandidate[] = [];
    for (const [label, places] of this.resolver.exports.entries(view)) {
      const decl = places.find((p) => p.decl)?.decl;
      if (decl) {
        if (NOT_IMPORTABLE.has(kindOf(decl.view.summary, decl.index))) continue;
        out.push({ ...this.declCandidate(decl, Rank.Member), label });
        continue;
      }
      const module = places.find((p) => p.module);
      const target = module && this.views.byPath(module.path);
      if (target) out.push({ label, kind: 'module', rank: Rank.Member, detail: moduleNameOf(target.rel) });
      else if (places.length === 0) out.push({ label, kind: 'variable', rank: Rank.Member });
    }
    return out;
  }

  private declCandidate(decl: Decl, rank: Rank): WorkspaceCandidate {
    const s = decl.view.summary;
    const kind = kindOf(s, decl.index);
    const flags = field(s, decl.index, Field.Flags);
    const c: WorkspaceCandidate = {
      label: s.names[decl.index],
      kind: candidateKindOf(kind) ?? 'variable',
      rank,
      target: { path: decl.view.path, index: decl.index },
    };
    if (flags & SymbolFlag.Deprecated) c.deprecated = true;
    return c;
  }
}

function isTypeCandidate(kind: CandidateKind): boolean {
  return (
    kind === 'class' ||
    kind === 'struct' ||
    kind === 'enum' ||
    kind === 'trait' ||
    kind === 'typeAlias' ||
    kind === 'module'
  );
}

/** The index's names by their first letter (either case), with their lower-case forms; per index generation. */
const buckets = new WeakMap<
  SymbolIndex,
  { generation: number; byLetter: Map<string, { names: string[]; lower: string[] }> }
>();
const EMPTY = { names: [], lower: [] };

function namesStartingWith(index: SymbolIndex, letter: string): { names: string[]; lower: string[] } {
  let cached = buckets.get(index);
  if (!cached || cached.generation !== index.generation) {
    const byLetter = new Map<string, { names: string[]; lower: string[] }>();
    for (const name of index.names()) {
      const lower = name.toLowerCase();
      const list = byLetter.get(lower[0]);
      if (list) {
        list.names.push(name);
        list.lower.push(lower);
      } else byLetter.set(lower[0], { names: [name], lower: [lower] });
    }
    cached = { generation: index.generation, byLetter };
    buckets.set(index, cached);
  }
  return cached.byLetter.get(letter.toLowerCase()) ?? EMPTY;
}

function isSubsequence(query: string, name: string): boolean {
  let at = 0;
  for (let i = 0; i < query.length; i++) {
    at = name.indexOf(query[i], at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/** The `size` best-scored names seen, without sorting them all. */
class TopNames {
  private readonly items: { name: string; score: number }[] = [];
  constructor(private readonly size: number) {}

  private static before(a: { name: string; score: number }, b: { name: string; score: number }): boolean {
    return a.score !== b.score
      ? a.score > b.score
      : a.name.length !== b.name.length
        ? a.name.length < b.name.length
        : a.name < b.name;
  }

  offer(name: string, score: number): void {
    const item = { name, score };
    const items = this.items;
    if (items.length >= this.size && !TopNames.before(item, items[items.length - 1])) return;
    let i = items.length;
    while (i > 0 && TopNames.before(item, items[i - 1])) i--;
    items.splice(i, 0, item);
    if (items.length > this.size) items.pop();
  }

  sorted(): readonly { name: string; score: number }[] {
    return this.items;
  }
}
