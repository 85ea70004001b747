// The SCIP indexer: a workspace's declarations and every name the server resolves, as SCIP documents.
// Two passes over the files in a stable order (root, then relative path):
//   1. names: a global symbol for every declaration of the index (summary order, parents first, so
//      a duplicate is disambiguated the same way on every run), a namespace symbol per module, and the
//      relationships `impl Trait for T` makes (T and the impl's methods implement the trait's);
//   2. documents: each file parsed once; every Name and NameRef resolved through the adapter
//      (analysis.ts) becomes one occurrence per place it resolves to, with its roles; declarations get
//      SymbolInformation (hover's signature as a Simple code block, then the docstring), locals get
//      `local N` symbols numbered in source order.
// Documents are handed out one at a time (`onDocument`), so the writer streams them to disk.
import { create } from '@bufbuild/protobuf';
import {
  type Document,
  DocumentSchema,
  type Occurrence,
  PositionEncoding,
  type Relationship,
  type SymbolInformation,
  SymbolInformation_Kind as Kind,
  SymbolRole,
} from '@c4312/scip';
import { moduleNameOf } from '../language/modules';
import { Field, field, kindOf, lineOf, lineStarts } from '../language/summary';
import { SymbolKind } from '../language/types';
import type { IndexedFile } from '../workspace/symbol-index';
import type { Analysis, Place, SourceView } from './analysis';
import { CoreSymbols } from './core';
import {
  declDescriptors,
  type Descriptor,
  disambiguate,
  formatDescriptors,
  globalSymbol,
  localSymbol,
  moduleDescriptors,
  type PackageId,
} from './symbols';

export const LANGUAGE = 'simple';

export interface IndexStats {
  files: number;
  occurrences: number;
  /** SymbolInformation written (globals and locals). */
  symbols: number;
}

export interface IndexerOptions {
  pkg: PackageId;
  /** The path of a file relative to the index's project root ('/'-separated). */
  relativePath(file: IndexedFile): string;
  onDocument(doc: Document, file: IndexedFile): void;
  onProgress?(done: number, total: number): void;
}

const KINDS: Record<SymbolKind, Kind> = {
  [SymbolKind.Module]: Kind.Module,
  [SymbolKind.Function]: Kind.Function,
  [SymbolKind.Method]: Kind.Method,
  [SymbolKind.Class]: Kind.Class,
  [SymbolKind.Struct]: Kind.Struct,
  [SymbolKind.Enum]: Kind.Enum,
  [SymbolKind.EnumMember]: Kind.EnumMember,
  [SymbolKind.Trait]: Kind.Trait,
  [SymbolKind.Impl]: Kind.UnspecifiedKind,
  [SymbolKind.Field]: Kind.Field,
  [SymbolKind.Variable]: Kind.Variable,
  [SymbolKind.Constant]: Kind.Constant,
  [SymbolKind.TypeAlias]: Kind.TypeAlias,
  [SymbolKind.TestSuite]: Kind.UnspecifiedKind,
  [SymbolKind.TestCase]: Kind.UnspecifiedKind,
};

/** Global symbol names of the workspace (pass 1). */
class SymbolTable {
  /** File id → the symbol of each summary index. */
  readonly decls = new Map<number, string[]>();
  readonly modules = new Map<number, string>();
  readonly relationships = new Map<string, Relationship[]>();
  /** Every symbol claimed so far (how many times its descriptors were asked for); pass 1 only. */
  private taken = new Map<string, number>();

  /** The scheme and package: every global symbol's start (globalSymbol with no descriptors). */
  private readonly head: string;

  constructor(pkg: PackageId) {
    this.head = globalSymbol(pkg, []);
  }

  /**
   * The symbol of a declaration: its container's symbol (`prefix`) followed by its own descriptors,
   * disambiguated when an earlier declaration has it. A symbol is its prefix and its descriptors as
   * text (globalSymbol), so a declaration's is made from its container's string, not from the chain.
   */
  private claim(prefix: string, own: Descriptor[]): string {
    let symbol = prefix + formatDescriptors(own);
    const seen = this.taken.get(symbol);
    this.taken.set(symbol, (seen ?? 0) + 1);
    if (seen === undefined) return symbol;
    for (let n = seen + 1; ; n++) {
      symbol = prefix + formatDescriptors(disambiguate(own, n));
      if (!this.taken.has(symbol)) {
        this.taken.set(symbol, 1);
        return symbol;
      }
    }
  }

  addFile(file: IndexedFile): void {
    const module = this.claim(this.head, moduleDescriptors(moduleNameOf(file.rel), file.rel));
    this.modules.set(file.id, module);
    const s = file.summary;
    const symbols: string[] = [];
    for (let i = 0; i < s.names.length; i++) {
      const parent = field(s, i, Field.Container);
      const prefix = parent >= 0 && parent < i ? symbols[parent] : module;
      symbols.push(this.claim(prefix, declDescriptors(kindOf(s, i), s.names[i])));
    }
    this.decls.set(file.id, symbols);
  }

  /** Pass 1 is over: the names claimed are no longer needed (1.5 million strings on 20,000 files). */
  seal(): void {
    this.taken = new Map();
  }

  symbolOf(place: Place, moduleId: (path: string) => number | undefined): string | undefined {
    if (place.decl) {
      const id = place.decl.view.id;
      return id === undefined ? undefined : this.decls.get(id)?.[place.decl.index];
    }
    if (place.module) {
      const id = moduleId(place.path);
      return id === undefined ? undefined : this.modules.get(id);
    }
    return undefined;
  }

  relate(symbol: string, r: Partial<Relationship> & { symbol: string }): void {
    let list = this.relationships.get(symbol);
    if (!list) this.relationships.set(symbol, (list = []));
    const same = list.find((x) => x.symbol === r.symbol);
    if (same) Object.assign(same, Object.fromEntries(Object.entries(r).filter(([, v]) => v === true)));
    else list.push({ $typeName: 'scip.Relationship', ...EMPTY_RELATIONSHIP, ...r });
  }
}

const EMPTY_RELATIONSHIP = {
  isReference: false,
  isImplementation: false,
  isTypeDefinition: false,
  isDefinition: false,
};

/**
 * The indexer over one workspace: the global names and relationships (pass 1) made on construction,
 * then documents on request (pass 2), one file at a time. Pass 1 is a function of the workspace alone,
 * so every worker that builds it over the same files gets the same names (document-worker.ts).
 */
export class ScipIndexer {
  readonly files: IndexedFile[];
  private readonly table: SymbolTable;
  private readonly symbolOf: (p: Place) => string | undefined;

  constructor(
    private readonly analysis: Analysis,
    private readonly options: Pick<IndexerOptions, 'pkg' | 'relativePath'>,
  ) {
    const files = (this.files = analysis.files());
    const table = (this.table = new SymbolTable(options.pkg));
    for (const f of files) table.addFile(f);
    table.seal();
    const index = analysis.workspace.index;
    const moduleId = (p: string): number | undefined => index.fileByPath(p)?.id;
    const core = new CoreSymbols(analysis.views, analysis.workspace.preludePath);
    const symbolOf = (this.symbolOf = (p: Place): string | undefined =>
      p.core ? core.symbolOf(p) : table.symbolOf(p, moduleId));
    // `impl Trait for T`: T, the impl and its methods implement the trait and the trait's methods.
    for (const f of files) {
      if (!hasImpl(f)) continue;
      const view = analysis.view(f.id);
      if (!view) continue;
      const s = f.summary;
      for (const [impl, info] of analysis.impls(view)) {
        const implSymbol = table.decls.get(f.id)![impl];
        for (const trait of info.traits) {
          const traitSymbol = symbolOf(trait);
          if (!traitSymbol) continue;
          table.relate(implSymbol, { symbol: traitSymbol, isImplementation: true });
          for (const t of info.targets) {
            const target = symbolOf(t);
            if (target) table.relate(target, { symbol: traitSymbol, isImplementation: true });
          }
          for (let m = 0; m < s.names.length; m++) {
            if (field(s, m, Field.Container) !== impl) continue;
            for (const tm of analysis.ownMembers(trait, s.names[m])) {
              const sym = symbolOf(tm);
              if (sym) table.relate(table.decls.get(f.id)![m], { symbol: sym, isImplementation: true });
            }
          }
        }
      }
    }
  }

  /** The document of files[k], or undefined when the file is gone from the index. */
  document(k: number): Document | undefined {
    const file = this.files[k];
    const view = this.analysis.documentView(file.id);
    this.analysis.nextDocument();
    if (!view) return undefined;
    return documentOf(this.analysis, this.table, file, view, this.options.relativePath(file), this.symbolOf);
  }
}

/** Every document of the workspace in order, on this thread. */
export function indexWorkspace(analysis: Analysis, options: IndexerOptions): IndexStats {
  const indexer = new ScipIndexer(analysis, options);
  const files = indexer.files;
  const stats: IndexStats = { files: 0, occurrences: 0, symbols: 0 };
  for (let k = 0; k < files.length; k++) {
    const doc = indexer.document(k);
    if (doc) {
      countDocument(stats, doc);
      options.onDocument(doc, files[k]);
    }
    options.onProgress?.(k + 1, files.length);
  }
  return stats;
}

/**
 * The core-type declarations of the server's prelude, as SCIP external symbols (core.ts): what
 * occurrences of core-type members (`s.len()`) refer to.
 */
export function externalSymbols(analysis: Analysis): SymbolInformation[] {
  const core = new CoreSymbols(analysis.views, analysis.workspace.preludePath);
  return core.symbolNames.map((symbol, i) => {
    const si = info(symbol, core.names[i], KINDS[core.kind(i)]);
    const described = core.describe(i);
    si.documentation.push(codeBlock(described.signature));
    if (described.doc) si.documentation.push(described.doc);
    si.signatureDocumentation = create(DocumentSchema, { language: LANGUAGE, text: described.signature });
    si.enclosingSymbol = core.enclosing(i);
    return si;
  });
}

export function countDocument(stats: IndexStats, doc: Document): void {
  stats.files++;
  stats.occurrences += doc.occurrences.length;
  stats.symbols += doc.symbols.length;
}

function hasImpl(f: IndexedFile): boolean {
  for (let i = 0; i < f.summary.names.length; i++) if (kindOf(f.summary, i) === SymbolKind.Impl) return true;
  return false;
}

function documentOf(
  analysis: Analysis,
  table: SymbolTable,
  file: IndexedFile,
  view: SourceView,
  relativePath: string,
  symbolOf: (p: Place) => string | undefined,
): Document {
  const text = view.text();
  const starts = lineStarts(text);
  const s = file.summary;
  const declSymbols = table.decls.get(file.id)!;
  const moduleSymbol = table.modules.get(file.id)!;
  const occurrences: Occurrence[] = [occurrence([0, 0, 0], moduleSymbol, SymbolRole.Definition)];
  const infos = new Map<string, SymbolInformation>();
  const moduleInfo = info(moduleSymbol, moduleNameOf(file.rel) || file.rel, Kind.Module);
  const moduleDoc = view.outline().doc;
  if (moduleDoc) moduleInfo.documentation.push(moduleDoc);
  infos.set(moduleSymbol, moduleInfo);
  for (let i = 0; i < s.names.length; i++) {
    const described = analysis.describe(file, i);
    const si = info(declSymbols[i], s.names[i], KINDS[kindOf(s, i)]);
    if (described) {
      si.documentation.push(codeBlock(described.signature));
      if (described.doc) si.documentation.push(described.doc);
      si.signatureDocumentation = create(DocumentSchema, {
        language: LANGUAGE,
        relativePath,
        text: described.signature,
      });
    }
    si.relationships = [...(table.relationships.get(declSymbols[i]) ?? [])];
    infos.set(declSymbols[i], si);
  }
  const locals = new Map<string, string>(); // "line:character" of a local's declaration → its symbol
  for (const use of analysis.names(view)) {
    const line = lineOf(starts, use.start);
    const character = use.start - starts[line];
    const range = [line, character, use.end - starts[line]];
    for (const place of use.places) {
      const definition =
        !place.module && place.path === view.path && place.line === line && place.character === character;
      let symbol = symbolOf(place);
      if (symbol === undefined) {
        if (place.decl || place.module || place.path !== view.path) continue;
        const key = `${place.line}:${place.character}`;
        symbol = locals.get(key);
        if (symbol === undefined) {
          locals.set(key, (symbol = localSymbol(locals.size)));
          infos.set(symbol, localInfo(analysis, view, symbol, place, starts, declSymbols));
        }
      }
      let roles = 0;
      if (definition) roles |= SymbolRole.Definition;
      if (use.inImport) roles |= SymbolRole.Import;
      if (use.written) roles |= SymbolRole.WriteAccess;
      else if (!definition && !use.inImport && !use.inType) roles |= SymbolRole.ReadAccess;
      occurrences.push(occurrence(range, symbol, roles));
      if (definition && use.declaredType !== undefined) {
        const si = infos.get(symbol);
        for (const t of analysis.typeNamed(view, use.declaredType)) {
          const typeSymbol = symbolOf(t);
          if (si && typeSymbol) relate(si, { symbol: typeSymbol, isTypeDefinition: true });
        }
      }
    }
  }
  // Declarations without a name of their own (impls, test blocks named by a string) are defined where
  // the outline names them.
  const defined = new Set(
    occurrences.filter((o) => o.symbolRoles & SymbolRole.Definition).map((o) => o.symbol),
  );
  for (let i = 0; i < s.names.length; i++) {
    if (defined.has(declSymbols[i])) continue;
    const range = [field(s, i, Field.NameLine), field(s, i, Field.NameCol), field(s, i, Field.NameEndCol)];
    occurrences.push(occurrence(range, declSymbols[i], SymbolRole.Definition));
  }
  // By position, then symbol: a name resolving to several places (two files of one module) lists them
  // in the order the workspace numbered the files, which differs between runs.
  occurrences.sort(
    (a, b) =>
      a.range[0] - b.range[0] ||
      a.range[1] - b.range[1] ||
      (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  return create(DocumentSchema, {
    relativePath,
    language: LANGUAGE,
    positionEncoding: PositionEncoding.UTF16CodeUnitOffsetFromLineStart,
    occurrences,
    symbols: [...infos.values()],
  });
}

function occurrence(range: number[], symbol: string, symbolRoles: number): Occurrence {
  return {
    $typeName: 'scip.Occurrence',
    range,
    symbol,
    symbolRoles,
    overrideDocumentation: [],
    syntaxKind: 0,
    diagnostics: [],
    enclosingRange: [],
  };
}

function info(symbol: string, displayName: string, kind: Kind): SymbolInformation {
  return {
    $typeName: 'scip.SymbolInformation',
    symbol,
    documentation: [],
    relationships: [],
    kind,
    displayName,
    enclosingSymbol: '',
  };
}

function relate(si: SymbolInformation, r: Partial<Relationship> & { symbol: string }): void {
  if (si.relationships.some((x) => x.symbol === r.symbol && x.isTypeDefinition === r.isTypeDefinition))
    return;
  si.relationships.push({ $typeName: 'scip.Relationship', ...EMPTY_RELATIONSHIP, ...r });
}

/** A local: what hover shows for it, and the innermost declaration of the index around it. */
function localInfo(
  analysis: Analysis,
  view: SourceView,
  symbol: string,
  place: Place,
  starts: number[],
  declSymbols: string[],
): SymbolInformation {
  const offset = starts[place.line] + place.character;
  const name = view.text().slice(offset, starts[place.line] + place.endCharacter);
  const hover = analysis.localHover(view, offset);
  const si = info(symbol, name, hover?.role === 'parameter' ? Kind.Parameter : Kind.Variable);
  if (hover) si.documentation.push(codeBlock(hover.signature));
  const enclosing = analysis.enclosingDeclaration(view, offset, starts);
  if (enclosing !== undefined) si.enclosingSymbol = declSymbols[enclosing];
  return si;
}

function codeBlock(signature: string): string {
  return '```simple\n' + signature + '\n```';
}
