// Outline: the declarations of one file (with containers, signatures, docstrings, visibility) and
// its imports/exports: the data the workspace index is built from.
import { childOfKind, NodeFlags, SyntaxKind, SyntaxNode, TextSpan, walk } from './syntax';
import {
  ExportInfo,
  ImportInfo,
  ModuleOutline,
  OutlineSymbol,
  ParseResult,
  SymbolKind,
  Visibility,
} from './types';

const TEST_SUITES = new Set(['describe', 'context', 'feature', 'shared_examples', 'suite']);
const TEST_CASES = new Set(['it', 'slow_it', 'test', 'step', 'scenario', 'example', 'specify', 'fit', 'xit']);
const MODIFIER_NAMES = new Set([
  'static',
  'async',
  'extern',
  'kernel',
  'unsafe',
  'inline',
  'const',
  'export',
]);

type Context = 'module' | 'type' | 'function' | 'test';

export interface OutlineOptions {
  /** Spans only: no signature text, no docstring text (the index reads them from the file later). */
  lean?: boolean;
}

/** Full outlines by parse: a parse is immutable, so hover, resolution and symbols share one outline. */
const outlines = new WeakMap<ParseResult, ModuleOutline>();

export function buildOutline(result: ParseResult, options: OutlineOptions = {}): ModuleOutline {
  if (options.lean === true) return new OutlineBuilder(result, true).build();
  let outline = outlines.get(result);
  if (!outline) outlines.set(result, (outline = new OutlineBuilder(result, false).build()));
  return outline;
}

class OutlineBuilder {
  private readonly imports: ImportInfo[] = [];
  private readonly exports: ExportInfo[] = [];

  constructor(
    private readonly result: ParseResult,
    private readonly lean: boolean,
  ) {}

  build(): ModuleOutline {
    const root = this.result.root;
    const symbols = this.statements(root.children, 'module', undefined);
    return { symbols, imports: this.imports, exports: this.exports, doc: this.leadingDoc(root.children) };
  }

  private text(n: TextSpan): string {
    return this.result.text.slice(n.start, n.end);
  }

  private statements(nodes: SyntaxNode[], ctx: Context, container: string | undefined): OutlineSymbol[] {
    const out: OutlineSymbol[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      // A docstring right above a declaration (no blank line) documents it, unless it is the
      // enclosing body's own docstring.
      const before = i > 1 || (i === 1 && ctx === 'module') ? nodes[i - 1] : undefined;
      const prev =
        before && !/\n[ \t]*\r?\n/.test(this.result.text.slice(before.end, n.start)) ? before : undefined;
      const sym = this.symbol(n, ctx, container, prev);
      if (sym) {
        out.push(sym);
        continue;
      }
      if (n.kind === SyntaxKind.VarDecl) {
        if (ctx !== 'function') out.push(...this.variables(n, ctx, container));
      } else if (n.kind === SyntaxKind.UseDecl) {
        this.addImports(n, false);
      } else if (n.kind === SyntaxKind.ExportDecl) {
        this.addExport(n);
      } else if (n.kind !== SyntaxKind.Decorator && n.kind !== SyntaxKind.Attribute && !isLeaf(n)) {
        // Transparent: declarations inside `when cond:`, `if`, recovered blocks...
        out.push(...this.statements(blocksOf(n), ctx, container));
      }
    }
    return out;
  }

  private symbol(
    n: SyntaxNode,
    ctx: Context,
    container: string | undefined,
    prev?: SyntaxNode,
  ): OutlineSymbol | undefined {
    switch (n.kind) {
      case SyntaxKind.FnDecl:
        return this.declaration(
          n,
          ctx === 'type' ? SymbolKind.Method : SymbolKind.Function,
          'function',
          container,
          prev,
        );
      case SyntaxKind.ClassDecl: {
        const kw = this.keyword(n);
        return this.declaration(
          n,
          kw === 'struct' || kw === 'bitfield' ? SymbolKind.Struct : SymbolKind.Class,
          'type',
          container,
          prev,
        );
      }
      case SyntaxKind.TraitDecl:
        return this.declaration(n, SymbolKind.Trait, 'type', container, prev);
      case SyntaxKind.EnumDecl:
        return this.declaration(n, SymbolKind.Enum, 'type', container, prev);
      case SyntaxKind.ImplDecl:
        return this.declaration(n, SymbolKind.Impl, 'type', container, prev);
      case SyntaxKind.TypeAlias: {
        // Inside a type body, `alias fn len = inner.len` forwards a method and `alias T = field`
        // forwards a trait to a field.
        const isFn = n.children.some((c) => c.kind === SyntaxKind.Keyword && this.text(c) === 'fn');
        const kind = ctx !== 'type' ? SymbolKind.TypeAlias : isFn ? SymbolKind.Method : SymbolKind.Field;
        return this.declaration(n, kind, 'type', container, prev);
      }
      case SyntaxKind.Field:
        return this.declaration(n, SymbolKind.Field, 'type', container, prev);
      case SyntaxKind.Variant:
        return this.declaration(n, SymbolKind.EnumMember, 'type', container, prev);
      case SyntaxKind.BlockCall:
        return this.testBlock(n, container);
      case SyntaxKind.ExportDecl: {
        const use = childOfKind(n, SyntaxKind.UseDecl);
        if (use) this.addImports(use, true);
        return undefined;
      }
    }
    return undefined;
  }

  private declaration(
    n: SyntaxNode,
    kind: SymbolKind,
    inner: Context,
    container: string | undefined,
    prev: SyntaxNode | undefined,
  ): OutlineSymbol {
    const nameNode = childOfKind(n, SyntaxKind.Name);
    const name = kind === SymbolKind.Impl ? this.implName(n) : nameNode ? this.text(nameNode) : '<anonymous>';
    const block = childOfKind(n, SyntaxKind.Block);
    const modifiers = this.modifiers(n);
    const sym: OutlineSymbol = {
      name,
      kind,
      span: { start: n.start, end: n.end },
      nameSpan: nameNode ? { start: nameNode.start, end: nameNode.end } : { start: n.start, end: n.start },
      signature: this.lean ? '' : this.signature(n),
      signatureSpan: this.headerSpan(n),
      visibility: this.visibility(n, kind),
      modifiers,
      children: [],
      container,
    };
    const docNode = (block && this.leadingDocNode(block.children)) ?? (prev && this.docNode(prev));
    if (docNode) {
      if (!this.lean) sym.doc = unquote(this.text(docNode));
      sym.docSpan = { start: docNode.start, end: docNode.end };
    }
    if (block) sym.children = this.statements(block.children, inner, name);
    return sym;
  }

  private variables(n: SyntaxNode, ctx: Context, container: string | undefined): OutlineSymbol[] {
    const kw = this.keyword(n);
    const kind =
      ctx === 'type' ? SymbolKind.Field : kw === 'const' ? SymbolKind.Constant : SymbolKind.Variable;
    const names: SyntaxNode[] = n.children.filter((c) => c.kind === SyntaxKind.Name);
    if (names.length === 0) {
      const pattern = n.children.find(
        (c) => !isLeaf(c) && c.kind !== SyntaxKind.Modifiers && c.kind !== SyntaxKind.Decorator,
      );
      if (pattern) collect(pattern, SyntaxKind.NameRef, names);
    }
    return names
      .filter((c) => this.text(c) !== '_')
      .map((nameNode) => ({
        name: this.text(nameNode),
        kind,
        span: { start: n.start, end: n.end },
        nameSpan: { start: nameNode.start, end: nameNode.end },
        signature: this.lean ? '' : this.signature(n),
        signatureSpan: this.headerSpan(n),
        visibility: this.visibility(n, kind),
        modifiers: [...this.modifiers(n), ...(this.isReadonly(n, kw) ? ['readonly'] : [])],
        children: [],
        container,
      }));
  }

  private testBlock(n: SyntaxNode, container: string | undefined): OutlineSymbol | undefined {
    const call = n.children.find((c) => c.kind === SyntaxKind.Call || c.kind === SyntaxKind.NameRef);
    const block = childOfKind(n, SyntaxKind.Block);
    const callee = call?.kind === SyntaxKind.Call ? call.children[0] : call;
    const word = callee && callee.kind === SyntaxKind.NameRef ? this.text(callee) : undefined;
    const kind =
      word && TEST_SUITES.has(word)
        ? SymbolKind.TestSuite
        : word && TEST_CASES.has(word)
          ? SymbolKind.TestCase
          : undefined;
    if (!kind || !call) return undefined; // transparent (when cond:, unsafe:): see statements()
    const args = childOfKind(call, SyntaxKind.ArgList);
    const first = args?.children[0]?.children[0];
    const title = first && first.kind === SyntaxKind.StringLit ? unquote(this.text(first)) : word!;
    const sym: OutlineSymbol = {
      name: title,
      kind,
      span: { start: n.start, end: n.end },
      nameSpan: first ? { start: first.start, end: first.end } : { start: call.start, end: call.end },
      signature: collapse(`${word} ${first ? this.text(first) : ''}`),
      visibility: 'public',
      modifiers: [],
      children: block ? this.statements(block.children, 'test', title) : [],
      container,
    };
    const doc = block && this.leadingDoc(block.children);
    if (doc !== undefined) sym.doc = doc;
    return sym;
  }

  /** `val`, `const` and the old `let` (without `mut`) bind once. */
  private isReadonly(n: SyntaxNode, kw: string): boolean {
    if (kw === 'val' || kw === 'const') return true;
    if (kw !== 'let') return false;
    return !n.children.some((c) => c.kind === SyntaxKind.Keyword && this.text(c) === 'mut');
  }

  private keyword(n: SyntaxNode): string {
    const kw = childOfKind(n, SyntaxKind.Keyword);
    return kw ? this.text(kw) : '';
  }

  private implName(n: SyntaxNode): string {
    const types = n.children.filter((c) => c.kind === SyntaxKind.TypeRef);
    if (types.length === 0) return 'impl';
    const forKw = n.children.find((c) => c.kind === SyntaxKind.Keyword && this.text(c) === 'for');
    return collapse(
      types.length > 1 && forKw ? `${this.text(types[0])} for ${this.text(types[1])}` : this.text(types[0]),
    );
  }

  private modifiers(n: SyntaxNode): string[] {
    const out: string[] = [];
    const mods = childOfKind(n, SyntaxKind.Modifiers);
    if (mods) for (const m of mods.children) if (MODIFIER_NAMES.has(this.text(m))) out.push(this.text(m));
    // `me` methods mutate self; `var fn` is the old spelling of the same thing.
    const oldMutating = mods?.children.some((m) => this.text(m) === 'var') ?? false;
    if (n.kind === SyntaxKind.FnDecl && (this.keyword(n) === 'me' || oldMutating)) out.push('mutating');
    for (const d of n.children) {
      if (d.kind !== SyntaxKind.Decorator) continue;
      const name = childOfKind(d, SyntaxKind.Name);
      if (name && this.text(name) === 'deprecated') out.push('deprecated');
    }
    return out;
  }

  private visibility(n: SyntaxNode, kind: SymbolKind): Visibility {
    const mods = childOfKind(n, SyntaxKind.Modifiers);
    if (mods) {
      for (const m of mods.children) {
        const t = this.text(m).replace(/\s+/g, '');
        if (t === 'pub' || t === 'public' || t === 'export') return 'public';
        const scoped = /^pub\((\w+)\)$/.exec(t);
        if (scoped) {
          const v = scoped[1];
          return v === 'friend' || v === 'peer' || v === 'up' ? v : 'package';
        }
        if (t === 'internal') return 'package';
        if (t === 'pri' || t === 'priv' || t === 'private') return 'private';
      }
    }
    return kind === SymbolKind.EnumMember || kind === SymbolKind.Impl ? 'public' : 'private';
  }

  /** The declaration header as written, up to its body, comments dropped, whitespace collapsed. */
  private signature(n: SyntaxNode): string {
    const { start, end } = this.headerSpan(n);
    return tidySignature(this.stripComments(start, end), n.kind === SyntaxKind.VarDecl);
  }

  /** The header's span: from the first token after decorators to the end of the line before the body. */
  private headerSpan(n: SyntaxNode): TextSpan {
    const parts = n.children.filter(
      (c) => c.kind !== SyntaxKind.Decorator && c.kind !== SyntaxKind.Attribute,
    );
    if (parts.length === 0) return { start: n.start, end: n.start };
    const start = parts[0].start;
    let end = n.end;
    const block = childOfKind(n, SyntaxKind.Block);
    if (block) {
      const idx = parts.indexOf(block);
      end = idx > 0 ? parts[idx - 1].end : start;
    }
    return { start, end };
  }

  private stripComments(start: number, end: number): string {
    const trivia = this.result.trivia;
    let lo = 0;
    let hi = trivia.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (trivia[mid].end <= start) lo = mid + 1;
      else hi = mid;
    }
    let out = '';
    let at = start;
    for (let i = lo; i < trivia.length; i++) {
      const c = trivia[i];
      if (c.start >= end) break;
      out += this.result.text.slice(at, c.start);
      at = c.end;
    }
    return out + this.result.text.slice(at, end);
  }

  private leadingDoc(stmts: SyntaxNode[]): string | undefined {
    const node = this.leadingDocNode(stmts);
    return node && unquote(this.text(node));
  }

  private leadingDocNode(stmts: SyntaxNode[]): SyntaxNode | undefined {
    const first = stmts.find((s) => s.kind !== SyntaxKind.Decorator && s.kind !== SyntaxKind.Attribute);
    return first && this.docNode(first);
  }

  /** A docstring is a terminated triple-quoted string statement (its literal); a plain string is a value. */
  private docNode(stmt: SyntaxNode): SyntaxNode | undefined {
    if (stmt.kind !== SyntaxKind.ExprStmt || stmt.children.length !== 1) return undefined;
    const lit = stmt.children[0];
    if (lit.kind !== SyntaxKind.StringLit) return undefined;
    const raw = this.text(lit);
    const m = /^[a-zA-Z]*("""|''')/.exec(raw);
    return m && raw.length >= m[0].length + 3 && raw.endsWith(m[1]) ? lit : undefined;
  }

  // ------------------------------------------------------------ imports / exports

  private addImports(n: SyntaxNode, reexport: boolean): void {
    const mods = childOfKind(n, SyntaxKind.Modifiers);
    if (mods && mods.children.some((m) => /^(pub|export)/.test(this.text(m)))) reexport = true;
    const alias = this.aliasOf(n);
    for (const path of n.children.filter((c) => c.kind === SyntaxKind.ImportPath)) {
      const str = childOfKind(path, SyntaxKind.StringLit); // from "std/bloom_filter/types" import *
      const segments = str
        ? unquote(this.text(str)).split(/[/.]/).filter(Boolean)
        : path.children.filter((c) => c.kind === SyntaxKind.Name).map((c) => this.text(c));
      const list =
        childOfKind(path, SyntaxKind.ImportList) ??
        n.children.find((c) => c.kind === SyntaxKind.ImportList && c.start >= path.end);
      const glob =
        childOfKind(path, SyntaxKind.ImportGlob) !== undefined ||
        n.children.some((c) => c.kind === SyntaxKind.ImportGlob && c.start >= path.end);
      const prefix = this.result.text.slice(n.children[0].end, path.start).replace(/\s+/g, '');
      const info: ImportInfo = {
        path: segments,
        relativeDepth: n.flags & NodeFlags.Relative ? countDots(prefix + this.leadingDots(path)) : 0,
        items: list ? this.importItems(list) : [],
        glob,
        span: { start: n.start, end: n.end },
        pathSpan: { start: path.start, end: path.end },
        reexport,
      };
      if (alias !== undefined) info.alias = alias;
      this.imports.push(info);
    }
  }

  private leadingDots(path: SyntaxNode): string {
    const first = path.children[0];
    return first ? this.result.text.slice(path.start, first.start) : '';
  }

  private aliasOf(n: SyntaxNode): string | undefined {
    const idx = n.children.findIndex((c) => c.kind === SyntaxKind.Keyword && this.text(c) === 'as');
    const name = idx >= 0 ? n.children[idx + 1] : undefined;
    return name && name.kind === SyntaxKind.Name ? this.text(name) : undefined;
  }

  private importItems(list: SyntaxNode): ImportInfo['items'] {
    const items: ImportInfo['items'] = [];
    for (const item of list.children) {
      if (item.kind !== SyntaxKind.ImportItem) continue;
      const names = item.children.filter((c) => c.kind === SyntaxKind.Name);
      if (names.length === 0) continue;
      const aliasIdx = item.children.findIndex((c) => c.kind === SyntaxKind.Keyword);
      const nameNodes = aliasIdx >= 0 ? names.filter((c) => c.start < item.children[aliasIdx].start) : names;
      const last = nameNodes[nameNodes.length - 1] ?? names[0];
      const entry: ImportInfo['items'][number] = {
        name: nameNodes.map((c) => this.text(c)).join('.'),
        span: { start: nameNodes[0].start, end: last.end },
      };
      const alias = aliasIdx >= 0 ? item.children[aliasIdx + 1] : undefined;
      if (alias && alias.kind === SyntaxKind.Name) entry.alias = this.text(alias);
      items.push(entry);
    }
    return items;
  }

  private addExport(n: SyntaxNode): void {
    const info: ExportInfo = {
      names: [],
      glob: childOfKind(n, SyntaxKind.ImportGlob) !== undefined,
      span: { start: n.start, end: n.end },
    };
    for (const item of n.children.filter((c) => c.kind === SyntaxKind.ImportItem)) {
      const path = childOfKind(item, SyntaxKind.ImportPath);
      if (!path) continue;
      const segs = path.children.filter((c) => c.kind === SyntaxKind.Name);
      const glob = childOfKind(path, SyntaxKind.ImportGlob) !== undefined;
      if (segs.length === 1 && !glob) {
        info.names.push({ name: this.text(segs[0]), span: { start: segs[0].start, end: segs[0].end } });
      } else if (segs.length > 0) {
        this.exports.push({
          names: [],
          path: segs.map((s) => this.text(s)),
          glob,
          span: { start: item.start, end: item.end },
        });
      }
    }
    if (info.names.length > 0 || info.glob) this.exports.push(info);
  }
}

function isLeaf(n: SyntaxNode): boolean {
  return n.children.length === 0;
}

/** The blocks directly under a compound statement (if/else/for/when/...) or a recovered node. */
function blocksOf(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children) {
    if (c.kind === SyntaxKind.Block) out.push(...c.children);
    else if (c.kind === SyntaxKind.ElseClause || c.kind === SyntaxKind.Error) out.push(...blocksOf(c));
  }
  return out;
}

function collect(n: SyntaxNode, kind: SyntaxKind, out: SyntaxNode[]): void {
  walk(n, (c) => {
    if (c.kind === kind) out.push(c);
  });
}

function countDots(s: string): number {
  let k = 0;
  for (const ch of s) if (ch === '.') k++;
  return k;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A header with comments already removed, as one tidy line (long `val` initializers cut at 80). */
export function tidySignature(header: string, isVariable: boolean): string {
  const text = isVariable && header.length > 80 ? header.slice(0, 77) + '...' : header;
  return collapse(text)
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/,\s*\)/g, ')');
}

/** String literal text without prefix, quotes and suffix; docstrings dedented and trimmed. */
export function unquote(raw: string): string {
  const m = /^[a-zA-Z]*("""|'''|"|')/.exec(raw);
  if (!m) return raw;
  const q = m[1];
  let body = raw.slice(m[0].length);
  const close = body.lastIndexOf(q);
  if (close >= 0) body = body.slice(0, close);
  if (q.length === 3) return dedent(body).trim();
  return body;
}

function dedent(s: string): string {
  const lines = s.split(/\r?\n/);
  let min = Infinity;
  for (const l of lines.slice(1)) {
    if (l.trim() === '') continue;
    min = Math.min(min, l.length - l.trimStart().length);
  }
  if (!isFinite(min)) return s;
  return [
    lines[0],
    ...lines.slice(1).map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))),
  ].join('\n');
}
