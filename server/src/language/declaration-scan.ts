// The index's fastest path: a file's declarations, imports and exports read straight from its lines,
// without lexing or parsing it. Simple's layout puts top-level declarations at column 0 and the members
// of a type at one indentation below its header, and the skeleton scan (skeleton.ts) already knows every
// line's indentation, where brackets and strings carry a line over, and where function bodies lie. This
// scanner reads the few tokens of each declaration header on top of that and builds the outline the
// parse of the skeleton would build.
//
// It only answers where it is certain: it accepts a small grammar (the common shapes of declarations,
// imports and exports, written without errors) and gives up on the whole file at the first thing outside
// it — a test block, a multi-line function header with a body, generics, an expression it does not know.
// The caller then parses the skeleton as before. The result must equal summarizeText's on the parse path
// for every field (declaration-scan.test.ts checks every source we have and seeded mutants of them).
import { HeaderReader, isLetter, KEYWORDS, T, UNSURE } from './declaration-header';
import { RESERVED } from './keywords';
import { type Body, type Line, type SkeletonPlan, skeletonPlan } from './skeleton';
import type { TextSpan } from './syntax';
import { type ExportInfo, type ImportInfo, type OutlineSymbol, SymbolKind, type Visibility } from './types';

/** What the scanner found: the outline the skeleton's parse would give, in the same shape. */
export interface ScannedOutline {
  symbols: OutlineSymbol[];
  imports: ImportInfo[];
  exports: ExportInfo[];
}

/**
 * The outline of a file read from its lines, or undefined where the scanner is not certain (the caller
 * parses instead). Spans are UTF-16 offsets in `text`, as a parse gives them.
 */
export function scanOutline(
  text: string,
  plan: SkeletonPlan | undefined = skeletonPlan(text),
): ScannedOutline | undefined {
  if (!plan) return undefined;
  try {
    return new Scanner(text, plan.lines, plan.bodies).run();
  } catch (e) {
    if (e === UNSURE) return undefined;
    throw e;
  }
}

/** A statement: lines [first, next) where next is the first line after it at its own depth or less. */
interface Statement {
  first: number;
  /** The line after the statement's own lines (header and continuation lines, no body). */
  headEnd: number;
  /** The line after the statement including any body. */
  next: number;
  start: number;
  /** End of the header's code (a block header: the offset of its last character, the `:`). */
  codeEnd: number;
}

class Scanner extends HeaderReader {
  private readonly bodies = new Map<number, Body>();
  private readonly imports: ImportInfo[] = [];
  private readonly exports: ExportInfo[] = [];

  constructor(
    text: string,
    private readonly lines: Line[],
    bodies: Body[],
  ) {
    super(text);
    for (const b of bodies) this.bodies.set(b.header, b);
  }

  run(): ScannedOutline {
    const symbols = this.block(0, this.lines.length, 0, 'module', undefined).symbols;
    return { symbols, imports: this.imports, exports: this.exports };
  }

  // ------------------------------------------------------------------ lines and statements

  private statementAt(i: number, limit: number): Statement {
    const l = this.lines[i];
    let k = i + 1;
    while (k < limit && this.lines[k].continued) k++;
    const last = this.lines[k - 1];
    if (last.lastCode < 0) throw UNSURE; // a statement that ends inside a string or comment
    if (!last.endsClean) throw UNSURE;
    // A backslash continuation or anything unusual at the end: leave it to the parser.
    if (this.text.charCodeAt(last.lastCode) === 92) throw UNSURE;
    return { first: i, headEnd: k, next: k, start: l.start + l.indent, codeEnd: last.lastCode + 1 };
  }

  /** Lines [from, limit) deeper than `indent`: a body. Returns the line after it. */
  private bodyEnd(from: number, limit: number, indent: number): number {
    let k = from;
    while (k < limit) {
      const l = this.lines[k];
      if (!l.blank && !l.continued && l.indent <= indent) break;
      k++;
    }
    return k;
  }

  /**
   * The statements of lines [from, to) at indentation `indent` (module: 0; a type body: its members'
   * indentation), as outline symbols. `docFirst` is set when the block's first statement is a docstring.
   */
  private block(
    from: number,
    to: number,
    indent: number,
    ctx: 'module' | 'type',
    container: string | undefined,
    enumBody = false,
  ): { symbols: OutlineSymbol[]; doc?: TextSpan; lastEnd: number } {
    const out: OutlineSymbol[] = [];
    let index = 0; // statement index in the block
    let prevDoc: TextSpan | undefined; // the previous statement when it is a docstring
    let prevEnd = -1;
    let blockDoc: TextSpan | undefined;
    let lastEnd = -1;
    let decoratorStart = -1;
    let deprecated = false;
    let i = from;
    while (i < to) {
      const l = this.lines[i];
      if (l.blank) {
        i++;
        continue;
      }
      if (l.continued || l.indent !== indent) throw UNSURE;
      const st = this.statementAt(i, to);
      const c = this.text.charCodeAt(st.start);
      if (c === 64 /* @ */) {
        // A decorator: part of the declaration on the next line (no blank line between).
        const name = this.decorator(st);
        if (decoratorStart < 0) decoratorStart = st.start;
        if (name === 'deprecated') deprecated = true;
        if (st.next >= to || this.lines[st.next].blank) throw UNSURE;
        i = st.next;
        continue;
      }
      // The docstring above documents this statement when nothing but comments lies between.
      const before =
        index > 1 || (index === 1 && ctx === 'module') ? (prevDoc !== undefined ? prevDoc : null) : null;
      const startWithDecorators = decoratorStart >= 0 ? decoratorStart : st.start;
      const docAbove =
        before !== null &&
        prevEnd >= 0 &&
        !/\n[ \t]*\r?\n/.test(this.text.slice(prevEnd, startWithDecorators))
          ? before
          : undefined;
      const doc = this.docstring(st);
      if (doc !== undefined) {
        if (decoratorStart >= 0) throw UNSURE;
        if (index === 0) blockDoc = doc;
        prevDoc = doc;
        prevEnd = doc.end;
        lastEnd = doc.end;
        index++;
        i = st.next;
        continue;
      }
      const sym =
        enumBody && !this.startsMember(st)
          ? this.variant(st, container)
          : this.declaration(st, to, ctx, container, startWithDecorators, deprecated);
      if (sym === 'import') {
        if (decoratorStart >= 0) throw UNSURE;
        lastEnd = st.codeEnd;
        prevEnd = st.codeEnd;
      } else {
        if (sym.docSpan === undefined && docAbove !== undefined) sym.docSpan = docAbove;
        out.push(sym);
        lastEnd = sym.span.end;
        prevEnd = sym.span.end;
        st.next = this.nextOf(sym, st);
      }
      prevDoc = undefined;
      decoratorStart = -1;
      deprecated = false;
      index++;
      i = st.next;
    }
    if (decoratorStart >= 0) throw UNSURE;
    return { symbols: out, doc: blockDoc, lastEnd };
  }

  private readonly nexts = new WeakMap<OutlineSymbol, number>();

  private nextOf(sym: OutlineSymbol, st: Statement): number {
    return this.nexts.get(sym) ?? st.next;
  }

  /** Does a statement in an enum body start a method (not a variant)? */
  private startsMember(st: Statement): boolean {
    const m = /^[a-z]+/.exec(this.text.slice(st.start, st.start + 8));
    return (
      m !== null &&
      (m[0] === 'fn' || m[0] === 'me' || m[0] === 'pub' || m[0] === 'static' || m[0] === 'async')
    );
  }

  /** A docstring statement (a terminated triple-quoted string alone on its lines), or undefined. */
  private docstring(st: Statement): TextSpan | undefined {
    const t = this.text;
    let q = st.start;
    while (isLetter(t.charCodeAt(q))) q++;
    const quote = t.charCodeAt(q);
    if ((quote !== 34 && quote !== 39) || t.charCodeAt(q + 1) !== quote || t.charCodeAt(q + 2) !== quote)
      return undefined;
    if (q - st.start > 1) throw UNSURE;
    const close = t.indexOf(quote === 34 ? '"""' : "'''", q + 3);
    if (close < 0) throw UNSURE;
    // Closing quotes escaped or followed by more of them: the lexer knows; we do not.
    if (t.charCodeAt(close - 1) === 92 || t.charCodeAt(close + 3) === quote) throw UNSURE;
    if (close + 3 !== st.codeEnd) throw UNSURE; // something follows the string: an expression
    return { start: st.start, end: close + 3 };
  }

  // ------------------------------------------------------------------ declarations

  private declaration(
    st: Statement,
    limit: number,
    ctx: 'module' | 'type',
    container: string | undefined,
    start: number,
    deprecated: boolean,
  ): OutlineSymbol | 'import' {
    this.tokenize(st.start, st.codeEnd, true);
    const first = this.word(0);
    // Dots only lead an import's path: anywhere else a run of them is an operator we do not model.
    if (first !== 'use' && first !== 'pub') this.tokenize(st.start, st.codeEnd);
    if (
      ctx === 'module' &&
      (first === 'use' || first === 'export' || (first === 'pub' && this.word(1) === 'use'))
    ) {
      if (deprecated) throw UNSURE;
      this.importOrExport();
      if (st.headEnd !== st.next) throw UNSURE;
      this.noBody(st, limit);
      return 'import';
    }
    // Modifiers.
    let visibility: Visibility = 'private';
    const modifiers: string[] = [];
    this.p = 0;
    if (this.isWord('pub')) {
      visibility = 'public';
      this.p++;
    }
    const kw = this.word(this.p);
    if (kw === 'static' || kw === 'async' || (kw === 'extern' && ctx === 'module')) {
      modifiers.push(kw);
      this.p++;
    }
    const head = this.word(this.p);
    if (head === 'fn' || head === 'me') {
      if (head === 'me') modifiers.push('mutating');
      if (deprecated) modifiers.push('deprecated');
      return this.function(st, limit, ctx, container, start, visibility, modifiers);
    }
    if (modifiers.length > 0) throw UNSURE;
    if (deprecated) modifiers.push('deprecated');
    if (ctx === 'module') {
      if (head === 'class' || head === 'struct' || head === 'enum' || head === 'trait' || head === 'impl')
        return this.typeDeclaration(st, limit, head, container, start, visibility, modifiers);
      if (head === 'val' || head === 'var' || head === 'const') {
        if (start !== st.start) throw UNSURE;
        return this.variable(st, limit, head, visibility, modifiers);
      }
      throw UNSURE;
    }
    // A field: [pub] name: type [= value]
    if (start !== st.start) throw UNSURE;
    return this.field(st, limit, container, visibility, modifiers);
  }

  private function(
    st: Statement,
    limit: number,
    ctx: 'module' | 'type',
    container: string | undefined,
    start: number,
    visibility: Visibility,
    modifiers: string[],
  ): OutlineSymbol {
    const headerStart = this.toks.start[0];
    this.p++; // fn / me
    const name = this.expect(T.Id);
    // After `fn`, any word but a reserved one is the name (`fn describe()` declares `describe`).
    if (RESERVED.has(this.tokText(name))) throw UNSURE;
    this.params();
    let sigEnd = this.toks.end[this.p - 1];
    if (this.isPunct('->')) {
      this.p++;
      this.type();
      sigEnd = this.toks.end[this.p - 1];
    }
    const kind = ctx === 'type' ? SymbolKind.Method : SymbolKind.Function;
    const sym = this.symbol(
      this.tokText(name),
      kind,
      start,
      name,
      headerStart,
      sigEnd,
      visibility,
      modifiers,
      container,
    );
    const n = this.toks.kind.length;
    if (this.p === n) {
      // No body: a required method (a trait's) or an external function.
      if (ctx !== 'type' && !modifiers.includes('extern')) throw UNSURE;
      this.noBody(st, limit);
      sym.span.end = sigEnd;
      return sym;
    }
    if (!this.isPunct(':')) throw UNSURE;
    this.p++;
    if (this.p < n) {
      // A one-line body: `fn f(x: i64) -> i64: x * 2`.
      if (this.isWord('pass') && this.p === n - 1) this.p++;
      else this.expression();
      if (this.p !== n) throw UNSURE;
      this.noBody(st, limit);
      sym.span.end = this.toks.end[n - 1];
      return sym;
    }
    // A body on the lines below, as the skeleton found it.
    const body = this.bodies.get(st.first);
    if (!body || body.imports || body.first !== st.headEnd) throw UNSURE;
    const lines = this.lines;
    if (body.docEnd !== undefined) {
      const doc = this.docstring(this.statementAt(this.firstCode(body.first, body.end), body.end));
      if (!doc) throw UNSURE;
      sym.docSpan = doc;
      sym.span.end = doc.end;
    }
    if (body.action === 'blank') {
      if (body.passLine >= 0) {
        const pl = lines[body.passLine];
        sym.span.end = lines[body.blankFrom].start + pl.indent + 4;
      } else if (body.docEnd === undefined) throw UNSURE;
    } else if (body.docEnd === undefined || body.docEnd < body.end) {
      // Kept as written (too short for `pass`): certain only for a single plain word or number.
      const k = body.docEnd ?? this.firstCode(body.first, body.end);
      const l = lines[k];
      if (l.continued || l.lastCode < 0) throw UNSURE;
      for (let j = k + 1; j < body.end; j++) if (!lines[j].blank) throw UNSURE;
      const word = this.text.slice(l.start + l.indent, l.lastCode + 1);
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/.test(word) || KEYWORDS.has(word)) throw UNSURE;
      sym.span.end = l.lastCode + 1;
    }
    this.nexts.set(sym, body.end);
    return sym;
  }

  private firstCode(from: number, to: number): number {
    for (let k = from; k < to; k++) if (!this.lines[k].blank) return k;
    throw UNSURE;
  }

  private typeDeclaration(
    st: Statement,
    limit: number,
    head: string,
    container: string | undefined,
    start: number,
    visibility: Visibility,
    modifiers: string[],
  ): OutlineSymbol {
    const headerStart = this.toks.start[0];
    this.p++;
    let name: number;
    let symName: string;
    let kind: SymbolKind;
    const sigStart = headerStart;
    if (head === 'impl') {
      if (visibility !== 'private') throw UNSURE;
      const a = this.expect(T.Id);
      let last = a;
      if (this.isWord('for')) {
        this.p++;
        last = this.expect(T.Id);
      }
      symName = this.text.slice(this.toks.start[a], this.toks.end[last]);
      if (last !== a) symName = `${this.tokText(a)} for ${this.tokText(last)}`;
      name = -1;
      kind = SymbolKind.Impl;
      visibility = 'public';
    } else {
      name = this.expect(T.Id);
      symName = this.tokText(name);
      if (this.isPunct('<')) this.typeParams();
      kind =
        head === 'struct'
          ? SymbolKind.Struct
          : head === 'class'
            ? SymbolKind.Class
            : head === 'enum'
              ? SymbolKind.Enum
              : SymbolKind.Trait;
    }
    if (KEYWORDS.has(symName)) throw UNSURE;
    const sigEnd = this.toks.end[this.p - 1];
    if (!this.isPunct(':') || this.p !== this.toks.kind.length - 1) throw UNSURE;
    if (st.headEnd !== st.first + 1) throw UNSURE;
    const sym = this.symbol(symName, kind, start, name, sigStart, sigEnd, visibility, modifiers, container);
    if (name < 0) sym.nameSpan = { start, end: start };
    // The body: members at one indentation, deeper than the header.
    const end = this.bodyEnd(st.headEnd, limit, this.lines[st.first].indent);
    let k = st.headEnd;
    while (k < end && this.lines[k].blank) k++;
    if (k === end) throw UNSURE;
    const indent = this.lines[k].indent;
    if (indent <= this.lines[st.first].indent) throw UNSURE;
    const inner = this.block(st.headEnd, end, indent, 'type', symName, kind === SymbolKind.Enum);
    sym.children = inner.symbols;
    if (inner.doc) sym.docSpan = inner.doc;
    if (inner.lastEnd < 0) throw UNSURE;
    sym.span.end = inner.lastEnd;
    this.nexts.set(sym, end);
    return sym;
  }

  private variable(
    st: Statement,
    limit: number,
    kw: string,
    visibility: Visibility,
    modifiers: string[],
  ): OutlineSymbol {
    const headerStart = this.toks.start[0];
    this.p++;
    const name = this.expect(T.Id);
    if (KEYWORDS.has(this.tokText(name)) || this.tokText(name) === '_') throw UNSURE;
    if (this.isPunct(':')) {
      this.p++;
      this.type();
    }
    if (!this.isPunct('=')) throw UNSURE;
    this.p++;
    this.expression();
    if (this.p !== this.toks.kind.length) throw UNSURE;
    this.noBody(st, limit);
    const end = this.toks.end[this.p - 1];
    if (kw !== 'var') modifiers.push('readonly');
    const kind = kw === 'const' ? SymbolKind.Constant : SymbolKind.Variable;
    const sym = this.symbol(
      this.tokText(name),
      kind,
      st.start,
      name,
      headerStart,
      end,
      visibility,
      modifiers,
      undefined,
    );
    sym.span.end = end;
    return sym;
  }

  private field(
    st: Statement,
    limit: number,
    container: string | undefined,
    visibility: Visibility,
    modifiers: string[],
  ): OutlineSymbol {
    const name = this.expect(T.Id);
    if (KEYWORDS.has(this.tokText(name))) throw UNSURE;
    this.typedTail();
    if (this.p !== this.toks.kind.length) throw UNSURE;
    this.noBody(st, limit);
    const end = this.toks.end[this.p - 1];
    const sym = this.symbol(
      this.tokText(name),
      SymbolKind.Field,
      st.start,
      name,
      st.start,
      end,
      visibility,
      modifiers,
      container,
    );
    sym.span.end = end;
    return sym;
  }

  private variant(st: Statement, container: string | undefined): OutlineSymbol {
    this.tokenize(st.start, st.codeEnd);
    this.p = 0;
    const name = this.expect(T.Id);
    if (KEYWORDS.has(this.tokText(name))) throw UNSURE;
    if (this.isPunct('(')) {
      this.p++;
      for (;;) {
        if (this.kindAt(this.p) === T.Id && this.punctAt(this.p + 1) === ':') {
          if (KEYWORDS.has(this.tokText(this.p))) throw UNSURE;
          this.p += 2;
        }
        this.type();
        if (this.isPunct(',')) this.p++;
        else break;
      }
      if (!this.isPunct(')')) throw UNSURE;
      this.p++;
    }
    if (this.p !== this.toks.kind.length) throw UNSURE;
    this.noBody(st, this.lines.length);
    const end = this.toks.end[this.p - 1];
    const sym = this.symbol(
      this.tokText(name),
      SymbolKind.EnumMember,
      st.start,
      name,
      st.start,
      end,
      'public',
      [],
      container,
    );
    sym.span.end = end;
    return sym;
  }

  /** No deeper lines follow the statement (they would be a body or a continuation we do not model). */
  private noBody(st: Statement, limit: number): void {
    const indent = this.lines[st.first].indent;
    for (let k = st.headEnd; k < limit; k++) {
      const l = this.lines[k];
      if (l.blank) continue;
      if (l.continued || l.indent > indent) throw UNSURE;
      break;
    }
  }

  private symbol(
    name: string,
    kind: SymbolKind,
    start: number,
    nameTok: number,
    sigStart: number,
    sigEnd: number,
    visibility: Visibility,
    modifiers: string[],
    container: string | undefined,
  ): OutlineSymbol {
    const nameSpan =
      nameTok >= 0 ? { start: this.toks.start[nameTok], end: this.toks.end[nameTok] } : { start, end: start };
    return {
      name,
      kind,
      span: { start, end: start },
      nameSpan,
      signature: '',
      signatureSpan: { start: sigStart, end: sigEnd },
      visibility,
      modifiers,
      children: [],
      container,
    };
  }

  // ------------------------------------------------------------------ imports and exports

  private importOrExport(): void {
    this.p = 0;
    let reexport = false;
    if (this.isWord('export') && this.word(1) !== 'use') {
      this.exportList();
      return;
    }
    if (this.isWord('export') || this.isWord('pub')) {
      reexport = true;
      this.p++;
    }
    this.p++; // use
    let relativeDepth = 0;
    while (this.isPunct('.')) {
      relativeDepth++;
      this.p++;
    }
    const path: string[] = [this.tokText(this.expect(T.Id))];
    let glob = false;
    const items: ImportInfo['items'] = [];
    while (this.isPunct('.')) {
      this.p++;
      if (this.isPunct('*')) {
        this.p++;
        glob = true;
        break;
      }
      if (this.isPunct('{')) {
        this.importItems(items, '}');
        break;
      }
      path.push(this.tokText(this.expect(T.Id)));
    }
    // `use a.b (x, y)`: the items in parentheses.
    if (this.isPunct('(') && !glob && items.length === 0) this.importItems(items, ')');
    if (this.p !== this.toks.kind.length) throw UNSURE;
    for (const s of path) if (KEYWORDS.has(s)) throw UNSURE;
    const span = { start: this.toks.start[0], end: this.toks.end[this.p - 1] };
    this.imports.push({ path, relativeDepth, items, glob, span, pathSpan: span, reexport });
  }

  /** `{x, y as z}` or `(x, y)`, from the opening bracket to its `close`. */
  private importItems(items: ImportInfo['items'], close: string): void {
    this.p++;
    for (;;) {
      const item = this.expect(T.Id);
      const entry: ImportInfo['items'][number] = {
        name: this.tokText(item),
        span: { start: this.toks.start[item], end: this.toks.end[item] },
      };
      if (this.isWord('as')) {
        this.p++;
        entry.alias = this.tokText(this.expect(T.Id));
      }
      items.push(entry);
      if (this.isPunct(',')) {
        this.p++;
        if (this.isPunct(close)) break;
      } else break;
    }
    if (!this.isPunct(close)) throw UNSURE;
    this.p++;
  }

  private exportList(): void {
    this.p = 1;
    const names: ExportInfo['names'] = [];
    const start = this.toks.start[0];
    const later: ExportInfo[] = [];
    for (;;) {
      const first = this.expect(T.Id);
      const segs = [this.tokText(first)];
      let glob = false;
      while (this.isPunct('.')) {
        this.p++;
        if (this.isPunct('*')) {
          this.p++;
          glob = true;
          break;
        }
        segs.push(this.tokText(this.expect(T.Id)));
      }
      for (const s of segs) if (KEYWORDS.has(s)) throw UNSURE;
      const span = { start: this.toks.start[first], end: this.toks.end[this.p - 1] };
      if (segs.length === 1 && !glob) names.push({ name: segs[0], span });
      else later.push({ names: [], path: segs, glob, span });
      if (!this.isPunct(',')) break;
      this.p++;
    }
    if (this.p !== this.toks.kind.length) throw UNSURE;
    this.exports.push(...later);
    if (names.length > 0)
      this.exports.push({ names, glob: false, span: { start, end: this.toks.end[this.p - 1] } });
  }

  // ------------------------------------------------------------------ header grammar

  /** `@name` or `@name(args)` alone on its line; returns the name. */
  private decorator(st: Statement): string {
    this.tokenize(st.start + 1, st.codeEnd);
    this.p = 0;
    const name = this.tokText(this.expect(T.Id));
    if (this.toks.start[0] !== st.start + 1) throw UNSURE;
    if (this.isPunct('(')) {
      this.p++;
      this.args();
    }
    if (this.p !== this.toks.kind.length) throw UNSURE;
    return name;
  }
}
