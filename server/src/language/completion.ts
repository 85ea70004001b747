// Completion within one file. The line being typed is usually broken (`p.`, `use std.`, `foo(a, `), so
// the cursor's context is read from a second parse of the text with a placeholder name inserted at the
// cursor (`p.` + placeholder parses as a member access): the node the placeholder lands in says what is
// expected there — a module path segment, an import item, a member, a type, a name — and its ancestors
// say which names are in scope. Candidates are plain data; the workspace adds what other files provide
// and features/completion.ts turns them into LSP items.
import {
  BUILTIN_TYPES,
  BUILTIN_VALUES,
  keywordsFor,
  snippetsFor,
  type Snippet,
  type WordPosition,
} from './completion-words';
import { buildOutline } from './outline';
import { parse } from './parser';
import { FileModel, implTargetName, isDeclarationName, type NameReference, TYPE_DECLS } from './model';
import { childOfKind, nodeAt, NodeFlags, SyntaxKind, type SyntaxNode, type TextSpan } from './syntax';
import { type ImportInfo, type OutlineSymbol, type ParseResult, SymbolKind } from './types';

/** Inserted at the cursor for the context parse: a name no source uses. */
export const PLACEHOLDER = '__simple_lsp_cursor__';

export type CandidateKind =
  | 'function'
  | 'method'
  | 'class'
  | 'struct'
  | 'enum'
  | 'enumMember'
  | 'trait'
  | 'typeAlias'
  | 'typeParameter'
  | 'field'
  | 'variable'
  | 'constant'
  | 'parameter'
  | 'module'
  | 'folder'
  | 'keyword'
  | 'snippet'
  /** An imported name whose declaration is in another file (the workspace tells what it is). */
  | 'import';

/** How near a candidate is: the list is ordered by rank, then by name. */
export const enum Rank {
  Local = 0,
  Member = 1,
  File = 2,
  Imported = 3,
  Keyword = 4,
  Snippet = 5,
  Builtin = 6,
  AutoImport = 7,
}

export interface Candidate {
  label: string;
  kind: CandidateKind;
  rank: Rank;
  /** One line: a signature or the declaring text. */
  detail?: string;
  /** Snippet body (kind 'snippet'). */
  snippet?: string;
  /** Offset (in the real text) of the declaring name in this file, for documentation on resolve. */
  declOffset?: number;
  deprecated?: boolean;
  /** Static member (methods called on the type, variants). */
  isStatic?: boolean;
}

interface SiteBase {
  /** The identifier being typed, before the cursor (replaced by the chosen item). */
  prefix: TextSpan;
  prefixText: string;
}

export type CompletionSite =
  | { kind: 'none' }
  | (SiteBase & {
      kind: 'name';
      position: WordPosition;
      /** Names visible at the cursor, innermost first. */
      scope: Candidate[];
      words: { keywords: string[]; snippets: Snippet[] };
    })
  | (SiteBase & {
      kind: 'member';
      /** The receiver's type when this file tells it (`self`, a typed parameter, a local type). */
      receiverType?: { name: string; isStatic: boolean };
      /** What the member name refers to, for the workspace (offsets of the context parse). */
      ref: NameReference | undefined;
      /** Members of a type declared in this file. */
      members: Candidate[];
    })
  | (SiteBase & { kind: 'import-path'; path: string[]; relativeDepth: number })
  | (SiteBase & { kind: 'import-items'; path: string[]; relativeDepth: number; listed: string[] });

export interface CompletionAnalysis {
  site: CompletionSite;
  /** The context parse (text with the placeholder at the cursor). */
  context: ParseResult;
  /** Maps an offset of the context parse back to the real text. */
  toReal(offset: number): number;
}

const NONE: CompletionSite = { kind: 'none' };
const IDENT = /[\p{L}\p{Mn}\p{Mc}\p{Nd}_]/u;
const LOOPS = new Set([SyntaxKind.For, SyntaxKind.While, SyntaxKind.Loop]);
const TEST_BLOCKS = new Set(['describe', 'context', 'feature', 'shared_examples']);

export function analyseCompletion(result: ParseResult, offset: number): CompletionAnalysis {
  const text = result.text;
  offset = Math.max(0, Math.min(offset, text.length));
  let start = offset;
  while (start > 0 && IDENT.test(text[start - 1])) start--;
  // Incrementally from the file's parse: only the statement at the cursor is parsed again.
  const context = parse(text.slice(0, offset) + PLACEHOLDER + text.slice(offset), result);
  const toReal = (o: number): number => (o >= offset + PLACEHOLDER.length ? o - PLACEHOLDER.length : o);
  const base = { prefix: { start, end: offset }, prefixText: text.slice(start, offset) };
  const none = { site: NONE, context, toReal };
  if (/^[0-9]/.test(base.prefixText)) return none;
  const node = nodeAt(context.root, start);
  if (
    (node.kind !== SyntaxKind.Name && node.kind !== SyntaxKind.NameRef) ||
    node.start !== start ||
    node.end < offset + PLACEHOLDER.length
  )
    return none;
  const site = new SiteReader(context, node, base, toReal).read();
  return { site, context, toReal };
}

class SiteReader {
  private outline: OutlineSymbol[] | undefined;
  private imports: ImportInfo[] | undefined;
  private readonly model: FileModel;

  constructor(
    private readonly r: ParseResult,
    private readonly node: SyntaxNode,
    private readonly base: SiteBase,
    private readonly toReal: (o: number) => number,
  ) {
    this.model = FileModel.of(r);
  }

  private text(n: TextSpan): string {
    return this.r.text.slice(n.start, n.end);
  }

  read(): CompletionSite {
    const { node } = this;
    const parent = node.parent;
    if (!parent) return NONE;
    if (parent.kind === SyntaxKind.ImportPath) return this.importPath(parent);
    if (parent.kind === SyntaxKind.ImportItem) {
      const names = parent.children.filter((c) => c.kind === SyntaxKind.Name);
      return names[0] === node ? this.importItems(parent) : NONE; // after `as`: a new name
    }
    if (parent.kind === SyntaxKind.Member && parent.children[0] !== node) return this.member(parent);
    if (isDeclarationName(node)) return NONE; // a new name is being written
    if (node.kind !== SyntaxKind.NameRef) return NONE;
    if (parent.kind === SyntaxKind.Arg && parent.flags & NodeFlags.Named && parent.children[0] === node)
      return NONE;
    return this.name(this.positionOf(node));
  }

  // ---------------------------------------------------------------- imports

  private importOf(pathStart: number): ImportInfo | undefined {
    this.imports ??= buildOutline(this.r).imports;
    return this.imports.find((i) => i.pathSpan.start <= pathStart && pathStart <= i.pathSpan.end);
  }

  private importPath(path: SyntaxNode): CompletionSite {
    const segments = path.children.filter((c) => c.kind === SyntaxKind.Name);
    const before = segments.slice(0, segments.indexOf(this.node)).map((s) => this.text(s));
    const info = this.importOf(path.start);
    return { ...this.base, kind: 'import-path', path: before, relativeDepth: info?.relativeDepth ?? 0 };
  }

  private importItems(item: SyntaxNode): CompletionSite {
    const list = item.parent!;
    const path = list.parent?.kind === SyntaxKind.ImportPath ? list.parent : undefined;
    const info = this.importOf(path?.start ?? list.start);
    const listed = list.children
      .filter((c) => c !== item && c.kind === SyntaxKind.ImportItem)
      .map((c) => this.text(c.children[0]));
    return {
      ...this.base,
      kind: 'import-items',
      path: info?.path ?? [],
      relativeDepth: info?.relativeDepth ?? 0,
      listed,
    };
  }

  // ---------------------------------------------------------------- members

  private member(member: SyntaxNode): CompletionSite {
    const receiver = member.children[0];
    const receiverType = this.receiverType(receiver, member);
    const members = receiverType ? this.membersOf(receiverType.name, receiverType.isStatic) : [];
    return {
      ...this.base,
      kind: 'member',
      receiverType,
      ref: this.model.referenceAt(this.node.start),
      members,
    };
  }

  private receiverType(
    receiver: SyntaxNode,
    member: SyntaxNode,
  ): { name: string; isStatic: boolean } | undefined {
    if (receiver.kind === SyntaxKind.NameRef && this.text(receiver) === 'self') {
      const t = this.model.enclosingType(member);
      return t ? { name: t, isStatic: false } : undefined;
    }
    if (receiver.kind === SyntaxKind.Call) {
      const callee = receiver.children[0];
      if (callee?.kind === SyntaxKind.NameRef && /^[A-Z]/.test(this.text(callee)))
        return { name: this.text(callee), isStatic: false };
      return undefined;
    }
    if (receiver.kind !== SyntaxKind.NameRef) return undefined;
    const ref = this.model.referenceAt(receiver.start);
    if (ref?.kind !== 'local') return undefined;
    const decl = nodeAt(this.r.root, ref.target.start);
    const owner = decl.parent;
    if (owner && TYPE_DECLS.has(owner.kind)) return { name: this.text(decl), isStatic: true };
    const declared = this.model.declaredType(decl);
    return declared ? { name: declared, isStatic: false } : undefined;
  }

  /** Members of a type declared in this file: its body and its impls here. */
  private membersOf(typeName: string, isStatic: boolean): Candidate[] {
    const out: Candidate[] = [];
    for (const s of this.symbols()) {
      const isType = s.kind !== SymbolKind.Impl && s.name === typeName && isTypeKind(s.kind);
      const isImpl = s.kind === SymbolKind.Impl && implTargetName(s.name) === typeName;
      if (!isType && !isImpl) continue;
      for (const m of s.children) {
        const c = this.candidateOf(m, Rank.Member);
        if (!c) continue;
        const memberStatic = m.kind === SymbolKind.EnumMember || m.modifiers.includes('static');
        c.isStatic = memberStatic;
        // `Type.` shows variants and static methods first; `value.` hides variants.
        if (isStatic && m.kind === SymbolKind.Field) continue;
        if (!isStatic && m.kind === SymbolKind.EnumMember) continue;
        if (isStatic !== memberStatic) c.rank = Rank.File;
        out.push(c);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- names

  private positionOf(node: SyntaxNode): WordPosition {
    for (let n: SyntaxNode | undefined = node.parent; n; n = n.parent) {
      if (n.kind === SyntaxKind.TypeRef || n.kind === SyntaxKind.ReturnType) return 'type';
      if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.Module) break;
    }
    const parent = node.parent!;
    // A bare arm being written in a match body: `case`, or a pattern (variants, constants).
    if (parent.kind === SyntaxKind.MatchArm && parent.start === node.start) return 'match-body';
    const stmt = parent.kind === SyntaxKind.ExprStmt && parent.start === node.start ? parent : undefined;
    const bare = stmt ?? (isStatementHolder(parent) ? node : undefined);
    if (bare) {
      const holder = bare.parent!;
      if (holder.kind === SyntaxKind.Module) return 'module';
      const owner = holder.parent;
      if (owner && (TYPE_DECLS.has(owner.kind) || owner.kind === SyntaxKind.ImplDecl)) return 'type-body';
      if (owner && (owner.kind === SyntaxKind.Match || owner.kind === SyntaxKind.MatchExpr))
        return 'match-body';
      if (owner && owner.kind === SyntaxKind.BlockCall && TEST_BLOCKS.has(this.calleeWord(owner)))
        return 'test-body';
      return 'body';
    }
    // `x ab|`: parsed as a call without parentheses; the word may be an operator (`and`) or an argument.
    const call = parent.kind === SyntaxKind.Arg ? parent.parent?.parent : undefined;
    if (
      call?.kind === SyntaxKind.Call &&
      call.flags & NodeFlags.NoParens &&
      childOfKind(call, SyntaxKind.ArgList)?.children[0] === parent
    )
      return 'after-operand';
    return 'expression';
  }

  private calleeWord(blockCall: SyntaxNode): string {
    const head = blockCall.children[0];
    const callee = head?.kind === SyntaxKind.Call ? head.children[0] : head;
    return callee?.kind === SyntaxKind.NameRef ? this.text(callee) : '';
  }

  private name(position: WordPosition): CompletionSite {
    const scope = position === 'type' ? this.scopeNames().filter(isTypeCandidate) : this.scopeNames();
    if (position === 'type') {
      for (const t of BUILTIN_TYPES)
        scope.push({ label: t, kind: 'struct', rank: Rank.Builtin, detail: 'builtin type' });
    } else if (position !== 'type-body') {
      for (const b of BUILTIN_VALUES)
        scope.push({ label: b.name, kind: b.kind, rank: Rank.Builtin, detail: b.detail });
    }
    const ctx = {
      position,
      inLoop: this.hasAncestor((n) => LOOPS.has(n.kind), true),
      inMethod: this.model.enclosingType(this.node) !== undefined,
      inFunction: this.hasAncestor((n) => n.kind === SyntaxKind.FnDecl || n.kind === SyntaxKind.Lambda, true),
      afterIf: this.previousStatementIs(SyntaxKind.If),
    };
    return {
      ...this.base,
      kind: 'name',
      position,
      // In a type body only new members are written.
      scope: position === 'type-body' ? [] : scope,
      words: { keywords: keywordsFor(ctx), snippets: snippetsFor(ctx) },
    };
  }

  private hasAncestor(test: (n: SyntaxNode) => boolean, stopAtType: boolean): boolean {
    for (let n = this.node.parent; n; n = n.parent) {
      if (test(n)) return true;
      if (stopAtType && (TYPE_DECLS.has(n.kind) || n.kind === SyntaxKind.FnDecl)) return false;
    }
    return false;
  }

  private previousStatementIs(kind: SyntaxKind): boolean {
    let stmt: SyntaxNode = this.node;
    while (stmt.parent && stmt.parent.kind !== SyntaxKind.Block && stmt.parent.kind !== SyntaxKind.Module)
      stmt = stmt.parent;
    const siblings = stmt.parent?.children ?? [];
    const prev = siblings[siblings.indexOf(stmt) - 1];
    return prev?.kind === kind || (prev !== undefined && LOOPS.has(prev.kind) && kind === SyntaxKind.If);
  }

  /** Every name visible at the placeholder, innermost scope first (the model's scope rules). */
  private scopeNames(): Candidate[] {
    const out: Candidate[] = [];
    const declared = this.declaredSymbols();
    for (const v of this.model.visible(this.node)) {
      const n = v.name;
      const label = this.text(n);
      if (label === '_' || label.includes(PLACEHOLDER)) continue;
      const rank = v.scope === 'module' ? Rank.File : Rank.Local;
      const add = (kind: CandidateKind, r: Rank, detail?: string): void => {
        // The declaring text is read on the context parse: the cursor's placeholder is not the user's.
        const shown = detail?.replace(PLACEHOLDER, '');
        out.push({ label, kind, rank: r, detail: shown, declOffset: this.toReal(n.start) });
      };
      switch (v.role) {
        case 'parameter':
          add('parameter', Rank.Local, collapse(this.text(n.parent!)));
          break;
        case 'typeParameter':
          add('typeParameter', Rank.Local);
          break;
        case 'pattern':
          add('variable', Rank.Local, this.declaring(n));
          break;
        case 'value': {
          const stmt = n.parent?.kind === SyntaxKind.VarDecl ? n.parent : this.statementOf(n);
          const constant = stmt !== undefined && /^const\b/.test(this.text(stmt));
          add(constant ? 'constant' : 'variable', rank, this.declaring(n));
          break;
        }
        case 'declaration': {
          const sym = declared.get(n.start);
          const c = sym && this.candidateOf(sym, rank);
          if (c) add(c.kind, rank, c.detail);
          else add(n.parent?.kind === SyntaxKind.FnDecl ? 'function' : 'class', rank);
          break;
        }
        case 'import':
        case 'module':
          add(v.role, Rank.Imported, collapse(this.text(this.useOf(n))));
          break;
      }
    }
    return out;
  }

  /** The VarDecl a value name belongs to (names inside a destructuring pattern). */
  private statementOf(n: SyntaxNode): SyntaxNode | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.kind === SyntaxKind.VarDecl) return p;
      if (p.kind === SyntaxKind.Block || p.kind === SyntaxKind.Module) return undefined;
    }
    return undefined;
  }

  /** The `use` statement an imported name comes from. */
  private useOf(n: SyntaxNode): SyntaxNode {
    let p: SyntaxNode = n;
    while (p.parent && p.kind !== SyntaxKind.UseDecl) p = p.parent;
    return p.kind === SyntaxKind.UseDecl ? p : n;
  }

  /** The text that declares a local name: its `val` line, its parameter, its pattern. */
  private declaring(name: SyntaxNode): string {
    for (let n = name.parent; n; n = n.parent) {
      if (n.kind === SyntaxKind.VarDecl || n.kind === SyntaxKind.Param) {
        const block = childOfKind(n, SyntaxKind.Block);
        return collapse(this.text({ start: n.start, end: block ? block.start : n.end }));
      }
      if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.Module) break;
    }
    return this.text(name);
  }

  private symbols(): OutlineSymbol[] {
    return (this.outline ??= buildOutline(this.r).symbols);
  }

  private declaredCache: Map<number, OutlineSymbol> | undefined;

  /** Outline symbols by name offset (declarations of every level). */
  private declaredSymbols(): Map<number, OutlineSymbol> {
    if (this.declaredCache) return this.declaredCache;
    const map = new Map<number, OutlineSymbol>();
    const visit = (list: OutlineSymbol[]): void => {
      for (const s of list) {
        map.set(s.nameSpan.start, s);
        visit(s.children);
      }
    };
    visit(this.symbols());
    return (this.declaredCache = map);
  }

  private candidateOf(s: OutlineSymbol, rank: Rank): Candidate | undefined {
    const kind = KIND_OF[s.kind];
    if (!kind || s.name.includes(PLACEHOLDER)) return undefined;
    const c: Candidate = {
      label: s.name,
      kind,
      rank,
      detail: s.signature,
      declOffset: this.toReal(s.nameSpan.start),
    };
    if (s.modifiers.includes('deprecated')) c.deprecated = true;
    return c;
  }
}

const KIND_OF: Partial<Record<SymbolKind, CandidateKind>> = {
  [SymbolKind.Function]: 'function',
  [SymbolKind.Method]: 'method',
  [SymbolKind.Class]: 'class',
  [SymbolKind.Struct]: 'struct',
  [SymbolKind.Enum]: 'enum',
  [SymbolKind.EnumMember]: 'enumMember',
  [SymbolKind.Trait]: 'trait',
  [SymbolKind.Field]: 'field',
  [SymbolKind.Variable]: 'variable',
  [SymbolKind.Constant]: 'constant',
  [SymbolKind.TypeAlias]: 'typeAlias',
  [SymbolKind.Module]: 'module',
};

export function candidateKindOf(kind: SymbolKind): CandidateKind | undefined {
  return KIND_OF[kind];
}

const TYPE_CANDIDATES = new Set<CandidateKind>([
  'class',
  'struct',
  'enum',
  'trait',
  'typeAlias',
  'typeParameter',
  'import',
  'module',
]);

function isTypeCandidate(c: Candidate): boolean {
  return TYPE_CANDIDATES.has(c.kind);
}

function isTypeKind(k: SymbolKind): boolean {
  return k === SymbolKind.Class || k === SymbolKind.Struct || k === SymbolKind.Enum || k === SymbolKind.Trait;
}

function isStatementHolder(n: SyntaxNode): boolean {
  return n.kind === SyntaxKind.Block || n.kind === SyntaxKind.Module || n.kind === SyntaxKind.Error;
}

function collapse(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}
