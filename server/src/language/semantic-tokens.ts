// Semantic classification of a file for highlighting: every name by what it refers to (resolved in this
// file by the file model, model.ts; names imported from other files through a caller's `imported` callback, or by the
// syntax of their use when it does not know), plus literals, comments, docstrings, decorators, keywords
// that the parser took as keywords (so `val end = 1` colours `end` as a variable), and operators.
// One pass over the tokens with a start-offset map of the tree's leaves: linear in the file.
import { type Bindings, resolveAll } from './model';
import { ImportIndex } from './import-of';
import { stringParts } from './strings';
import { childOfKind, NodeFlags, SyntaxKind, SyntaxNode, TextSpan } from './syntax';
import { Token, TokenFlags, TokenKind } from './tokens';
import type { ImportInfo, ParseResult } from './types';
import { RESERVED } from './keywords';

export type SemanticKind =
  | 'namespace'
  | 'type'
  | 'class'
  | 'struct'
  | 'enum'
  | 'enumMember'
  | 'interface'
  | 'typeParameter'
  | 'function'
  | 'method'
  | 'parameter'
  | 'variable'
  | 'property'
  | 'decorator'
  | 'macro'
  | 'keyword'
  | 'operator'
  | 'string'
  | 'number'
  | 'comment';

/** Modifier names; a token's `modifiers` has bit i set for SEMANTIC_MODIFIERS[i]. */
export const SEMANTIC_MODIFIERS = [
  'declaration',
  'readonly',
  'static',
  'async',
  'deprecated',
  'defaultLibrary',
  'documentation',
] as const;
export type SemanticModifier = (typeof SEMANTIC_MODIFIERS)[number];

const bit = (m: SemanticModifier): number => 1 << SEMANTIC_MODIFIERS.indexOf(m);
const DECLARATION = bit('declaration');
const READONLY = bit('readonly');
const STATIC = bit('static');
const ASYNC = bit('async');
const DEPRECATED = bit('deprecated');
const DEFAULT_LIBRARY = bit('defaultLibrary');
const DOCUMENTATION = bit('documentation');

export function modifierBits(...mods: SemanticModifier[]): number {
  return mods.reduce((acc, m) => acc | bit(m), 0);
}

export function modifierNames(bits: number): SemanticModifier[] {
  return SEMANTIC_MODIFIERS.filter((_, i) => (bits & (1 << i)) !== 0);
}

export interface SemanticToken extends TextSpan {
  kind: SemanticKind;
  /** Bit set over SEMANTIC_MODIFIERS. */
  modifiers: number;
}

export interface ImportedSymbol {
  kind: SemanticKind;
  modifiers?: number;
}

/**
 * What a name imported from another file is: `name` as exported by the module `from` (the original name,
 * not a local alias); `member` for `Name.member` uses of it. Undefined when the caller does not know
 * (the classifier then goes by the syntax of each use).
 */
export type ImportedKind = (name: string, from: ImportInfo, member?: string) => ImportedSymbol | undefined;

export interface SemanticOptions {
  imported?: ImportedKind;
  /** Only tokens overlapping this span (names are still resolved against the whole file). */
  range?: TextSpan;
}

interface Info {
  kind: SemanticKind;
  modifiers: number;
}

const PRIMITIVE_TYPES = new Set([
  'i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'bool', 'text', 'str', 'char',
  'any', 'unit', 'Int', 'String', 'Dict', 'List', 'Nil', 'Option', 'Result', 'Self',
]); // prettier-ignore
const BUILTIN_VARIANTS = new Set(['Some', 'None', 'Ok', 'Err']);
const BUILTIN_FUNCTIONS = new Set(['print', 'println', 'eprint', 'eprintln']);
const TYPE_BODIES = new Set([
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.ImplDecl,
]);
const LEAVES = new Set([
  SyntaxKind.Name,
  SyntaxKind.NameRef,
  SyntaxKind.Keyword,
  SyntaxKind.Literal,
  SyntaxKind.StringLit,
  SyntaxKind.CustomBlock,
  SyntaxKind.Decorator,
  SyntaxKind.Attribute,
]);

export function semanticTokens(result: ParseResult, options: SemanticOptions = {}): SemanticToken[] {
  return new Classifier(result, options).run();
}

class Classifier {
  private readonly out: SemanticToken[] = [];
  /** Tree leaves (and decorators) in source order, met by `leafAt` as the token walk advances. */
  private readonly leaves: SyntaxNode[] = [];
  private nextLeaf = 0;
  private readonly target: Map<SyntaxNode, SyntaxNode>;
  private readonly modules: Bindings['modules'];
  private readonly infos = new Map<SyntaxNode, Info>();
  private readonly imports: ImportIndex;
  /** Import bindings with no answer from the caller: the kind the first telling use suggests. */
  private readonly importUse = new Map<SyntaxNode, Info>();
  private moduleNames: Map<string, SyntaxNode> | undefined;
  private readonly from: number;
  private readonly to: number;

  constructor(
    private readonly result: ParseResult,
    private readonly options: SemanticOptions,
  ) {
    ({ target: this.target, modules: this.modules } = resolveAll(result));
    this.imports = new ImportIndex(result);
    this.from = options.range?.start ?? 0;
    this.to = options.range?.end ?? Infinity;
    // Only the leaves of subtrees that reach into the range: a screenful costs a screenful.
    const stack: SyntaxNode[] = [result.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.end < this.from || n.start > this.to) continue;
      if (LEAVES.has(n.kind)) this.leaves.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    // Pre-order is source order except where recovery left odd spans.
    for (let i = 1; i < this.leaves.length; i++) {
      if (this.leaves[i].start < this.leaves[i - 1].start) {
        this.leaves.sort((a, b) => a.start - b.start);
        break;
      }
    }
    this.learnImportUses();
  }

  run(): SemanticToken[] {
    const { store, trivia } = this.result;
    const n = store.length;
    // The first token that can reach the range (token ends never decrease).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (store.end(mid) <= this.from) lo = mid + 1;
      else hi = mid;
    }
    let t = lo;
    let c = 0;
    let covered = -1; // end of the last emitted token that swallowed several lexer tokens
    while (t < n || c < trivia.length) {
      // Token objects only for what is classified, and short-lived.
      const tok =
        c >= trivia.length || (t < n && store.start(t) < trivia[c].start) ? store.token(t++) : trivia[c++];
      if (tok.start < covered) continue;
      if (tok.end <= this.from) continue;
      if (tok.start >= this.to) break;
      covered = this.token(tok);
    }
    return this.out;
  }

  /** The first leaf starting at `start`; tokens are asked for in increasing order. */
  private leafAt(start: number): SyntaxNode | undefined {
    const leaves = this.leaves;
    let i = this.nextLeaf;
    while (i < leaves.length && leaves[i].start < start) i++;
    this.nextLeaf = i;
    return i < leaves.length && leaves[i].start === start ? leaves[i] : undefined;
  }

  private text(n: TextSpan): string {
    return this.result.text.slice(n.start, n.end);
  }

  private emit(start: number, end: number, kind: SemanticKind, modifiers = 0): void {
    if (end <= start || end <= this.from || start >= this.to) return;
    const last = this.out[this.out.length - 1];
    if (last && start < last.end) return; // never overlap
    this.out.push({ start, end, kind, modifiers });
  }

  /** Classifies one lexer token; returns the end of what it emitted when that covers later tokens. */
  private token(tok: Token): number {
    const leaf = this.leafAt(tok.start);
    switch (tok.kind) {
      case TokenKind.Comment:
        this.emit(tok.start, tok.end, 'comment');
        return -1;
      case TokenKind.Directive:
        this.emit(tok.start, tok.end, 'macro');
        return -1;
      case TokenKind.Int:
      case TokenKind.Float:
        this.emit(tok.start, tok.end, 'number');
        return -1;
      case TokenKind.String:
        this.string(tok, leaf);
        return -1;
      case TokenKind.CustomBlock: {
        const brace = this.result.text.indexOf('{', tok.start);
        this.emit(tok.start, brace, 'macro');
        this.emit(brace, tok.end, 'string');
        return -1;
      }
      case TokenKind.Name:
        if (leaf === undefined) {
          if (RESERVED.has(tok.value)) this.emit(tok.start, tok.end, 'keyword');
        } else this.leaf(leaf);
        return -1;
      case TokenKind.Op:
        if (leaf?.kind === SyntaxKind.Decorator) {
          const name = childOfKind(leaf, SyntaxKind.Name);
          const info = this.decoratorInfo(name);
          this.emit(leaf.start, name ? name.end : tok.end, info.kind, info.modifiers);
          return name ? name.end : -1;
        }
        if (leaf?.kind === SyntaxKind.Attribute) {
          this.emit(leaf.start, leaf.end, 'decorator');
          return leaf.end;
        }
        if (leaf?.kind === SyntaxKind.Keyword) this.emit(tok.start, tok.end, 'operator');
        return -1;
    }
    return -1;
  }

  private decoratorInfo(name: SyntaxNode | undefined): Info {
    const deprecated = name !== undefined && this.text(name) === 'deprecated';
    return { kind: 'decorator', modifiers: deprecated ? DEFAULT_LIBRARY : 0 };
  }

  /** A tree leaf: a name, a keyword or operator the parser placed, a literal. */
  private leaf(n: SyntaxNode): void {
    switch (n.kind) {
      case SyntaxKind.Keyword: {
        const alpha = /^[A-Za-z_]/.test(this.text(n));
        this.emit(n.start, n.end, alpha ? 'keyword' : 'operator');
        return;
      }
      case SyntaxKind.Literal: {
        const t = this.text(n);
        if (t === 'true' || t === 'false' || t === 'nil') this.emit(n.start, n.end, 'keyword');
        else if (/^[0-9.]/.test(t)) this.emit(n.start, n.end, 'number');
        return;
      }
      case SyntaxKind.Name:
      case SyntaxKind.NameRef: {
        const info = this.nameInfo(n);
        if (info) this.emit(n.start, n.end, info.kind, info.modifiers);
        return;
      }
    }
  }

  // ------------------------------------------------------------------ strings

  private string(tok: Token, node: SyntaxNode | undefined): void {
    const doc = tok.flags & TokenFlags.Triple && node !== undefined && isDocstring(node) ? DOCUMENTATION : 0;
    if (node === undefined || node.children.length === 0) {
      this.emit(tok.start, tok.end, 'string', doc);
      return;
    }
    const inner = leavesUnder(node);
    let i = 0;
    let textStart = -1;
    const flush = (upTo: number): void => {
      if (textStart >= 0) this.emit(textStart, upTo, 'string', doc);
      textStart = -1;
    };
    for (const part of stringParts(this.result.text, tok)) {
      if (part.kind !== 'interpolation') {
        if (textStart < 0) textStart = part.start;
        continue;
      }
      flush(part.start);
      while (i < inner.length && inner[i].start < part.start) i++;
      for (; i < inner.length && inner[i].start < part.end; i++) {
        const leaf = inner[i];
        if (leaf.kind === SyntaxKind.StringLit) this.emit(leaf.start, leaf.end, 'string');
        else this.leaf(leaf);
      }
    }
    flush(tok.end);
  }

  // ------------------------------------------------------------------ names

  private nameInfo(n: SyntaxNode): Info | undefined {
    const parent = n.parent!;
    switch (parent.kind) {
      case SyntaxKind.Decorator:
        return this.decoratorInfo(n);
      case SyntaxKind.MethodRef:
        return { kind: 'method', modifiers: 0 };
      case SyntaxKind.Arg:
        if (parent.children[0] === n && parent.flags & NodeFlags.Named) return this.argLabel(parent);
        break;
      case SyntaxKind.ImportPath:
        return this.pathSegment(n, parent);
    }
    const decl = this.target.get(n);
    if (decl !== undefined) {
      const info = this.declInfo(decl);
      return decl === n ? info : { kind: info.kind, modifiers: info.modifiers & ~DECLARATION };
    }
    if (parent.kind === SyntaxKind.Member && parent.children[0] !== n) return this.memberBySyntax(n, parent);
    return byUse(this.text(n), n);
  }

  /** What the declaration named `name` declares (cached per declaration). */
  private declInfo(name: SyntaxNode): Info {
    let info = this.infos.get(name);
    if (info === undefined) {
      info = this.computeDeclInfo(name);
      this.infos.set(name, info);
    }
    return info;
  }

  private computeDeclInfo(name: SyntaxNode): Info {
    if (this.modules.has(name)) return { kind: 'namespace', modifiers: DECLARATION | this.stdBit(name) };
    const p = name.parent!;
    const mods = DECLARATION | (deprecatedDecl(this.result, p) ? DEPRECATED : 0);
    switch (p.kind) {
      case SyntaxKind.FnDecl: {
        const words = modifierWords(this.result, p);
        const m = mods | (words.has('static') ? STATIC : 0) | (words.has('async') ? ASYNC : 0);
        return { kind: isMemberDecl(p) ? 'method' : 'function', modifiers: m };
      }
      case SyntaxKind.ClassDecl: {
        const kw = p.children.find((c) => c.kind === SyntaxKind.Keyword);
        const word = kw ? this.text(kw) : 'class';
        return { kind: word === 'struct' || word === 'bitfield' ? 'struct' : 'class', modifiers: mods };
      }
      case SyntaxKind.EnumDecl:
        return { kind: 'enum', modifiers: mods };
      case SyntaxKind.TraitDecl:
        return { kind: 'interface', modifiers: mods };
      case SyntaxKind.TypeAlias:
        return { kind: 'type', modifiers: mods };
      case SyntaxKind.Variant:
        return { kind: 'enumMember', modifiers: mods | READONLY };
      case SyntaxKind.Field:
        return { kind: 'property', modifiers: mods };
      case SyntaxKind.Param: {
        const owner = p.parent?.parent;
        return { kind: owner?.kind === SyntaxKind.Variant ? 'property' : 'parameter', modifiers: mods };
      }
      case SyntaxKind.TypeParam:
        return { kind: 'typeParameter', modifiers: mods };
      case SyntaxKind.ImportItem:
        return this.importInfo(name);
    }
    // A value: `val`/`var` names and pattern bindings of val/for/match/with/lambdas.
    const decl = bindingDecl(name);
    let m = mods & ~DEPRECATED;
    if (decl?.kind === SyntaxKind.Lambda) return { kind: 'parameter', modifiers: m };
    if (decl) {
      if (isReadonlyDecl(this.result, decl)) m |= READONLY;
      if (modifierWords(this.result, decl).has('static')) m |= STATIC;
      if (deprecatedDecl(this.result, decl)) m |= DEPRECATED;
      if (
        decl.parent?.kind === SyntaxKind.Block &&
        decl.parent.parent &&
        TYPE_BODIES.has(decl.parent.parent.kind)
      )
        return { kind: 'property', modifiers: m };
    }
    return { kind: 'variable', modifiers: m };
  }

  // ------------------------------------------------------------------ imports

  private importFor(name: SyntaxNode): ImportInfo | undefined {
    return this.imports.of(name);
  }

  private stdBit(n: SyntaxNode): number {
    const info = this.importFor(n);
    return info && info.relativeDepth === 0 && info.path[0] === 'std' ? DEFAULT_LIBRARY : 0;
  }

  /** An imported item: as the caller says, else as its uses in this file suggest. */
  private importInfo(name: SyntaxNode): Info {
    const names = name.parent!.children.filter((c) => c.kind === SyntaxKind.Name);
    const binding = names[names.length - 1]; // `it as test_it`: both names show what test_it is
    if (binding !== name) return this.declInfo(binding);
    const info = this.importFor(name);
    const std = this.stdBit(name);
    const original = this.imports.importedName(name);
    const known = info && this.options.imported?.(original, info);
    if (known) return { kind: known.kind, modifiers: DECLARATION | std | (known.modifiers ?? 0) };
    const used = this.importUse.get(name);
    const kind = used?.kind ?? (/^[A-Z]/.test(original) ? 'type' : 'variable');
    return { kind, modifiers: DECLARATION | std | ((used?.modifiers ?? 0) & ~DECLARATION) };
  }

  /** For each import binding, the kind suggested by its most telling use (a call, a type, a receiver). */
  private learnImportUses(): void {
    const rank: Partial<Record<SemanticKind, number>> = { function: 3, class: 3, type: 2, namespace: 1 };
    for (const [use, decl] of this.target) {
      if (use === decl || decl.parent?.kind !== SyntaxKind.ImportItem) continue;
      const guess = byUse(this.text(use), use);
      const prev = this.importUse.get(decl);
      if (!prev || (rank[guess.kind] ?? 0) > (rank[prev.kind] ?? 0)) this.importUse.set(decl, guess);
    }
  }

  private pathSegment(n: SyntaxNode, path: SyntaxNode): Info {
    const use = path.parent;
    if (use?.kind === SyntaxKind.UseDecl) {
      if (this.modules.has(n)) return { kind: 'namespace', modifiers: DECLARATION | this.stdBit(n) };
      return { kind: 'namespace', modifiers: this.stdBit(n) };
    }
    // `export A, B`: the names this module declares.
    const segs = path.children.filter((c) => c.kind === SyntaxKind.Name);
    if (segs.length === 1) {
      const decl = this.moduleDeclaration(this.text(n));
      if (decl)
        return { kind: this.declInfo(decl).kind, modifiers: this.declInfo(decl).modifiers & ~DECLARATION };
    }
    return { kind: 'namespace', modifiers: 0 };
  }

  private moduleDeclaration(text: string): SyntaxNode | undefined {
    if (this.moduleNames === undefined) {
      this.moduleNames = new Map();
      for (const [, decl] of this.target) {
        if (decl.parent?.parent?.kind === SyntaxKind.Module && !this.moduleNames.has(this.text(decl)))
          this.moduleNames.set(this.text(decl), decl);
      }
    }
    return this.moduleNames.get(text);
  }

  // ------------------------------------------------------------------ members and labels

  private memberBySyntax(n: SyntaxNode, member: SyntaxNode): Info | undefined {
    const t = this.text(n);
    if (/^[0-9]/.test(t)) return { kind: 'number', modifiers: 0 };
    const receiver = member.children[0];
    const decl = receiver.kind === SyntaxKind.NameRef ? this.target.get(receiver) : undefined;
    if (decl && decl.parent?.kind === SyntaxKind.ImportItem && this.options.imported) {
      const info = this.importFor(decl);
      const known = info && this.options.imported(this.imports.importedName(decl), info, t);
      if (known) return { kind: known.kind, modifiers: known.modifiers ?? 0 };
    }
    if (isCallee(n)) return { kind: decl && this.modules.has(decl) ? 'function' : 'method', modifiers: 0 };
    const receiverText = receiver.kind === SyntaxKind.NameRef ? this.text(receiver) : '';
    if (/^[A-Z]/.test(receiverText) && /^[A-Z][a-z]/.test(t)) return { kind: 'enumMember', modifiers: 0 };
    return { kind: 'property', modifiers: 0 };
  }

  /** `f(name: v)`: a parameter label, or a field for a constructor call of a type. */
  private argLabel(arg: SyntaxNode): Info {
    const call = arg.parent?.parent;
    const callee = call?.kind === SyntaxKind.Call ? call.children[0] : undefined;
    const decl = callee ? this.target.get(callee) : undefined;
    const kind = decl ? this.declInfo(decl).kind : undefined;
    const field = kind === 'class' || kind === 'struct' || kind === 'enumMember';
    return { kind: field ? 'property' : 'parameter', modifiers: 0 };
  }
}

/** Unresolved (or unknown imported) names by the syntax of their use. */
function byUse(t: string, n: SyntaxNode): Info {
  const p = n.parent!;
  if (t === 'self') return { kind: 'keyword', modifiers: 0 };
  if (p.kind === SyntaxKind.TypeRef || (p.kind === SyntaxKind.Generic && p.children[0] === n))
    return { kind: 'type', modifiers: PRIMITIVE_TYPES.has(t) ? DEFAULT_LIBRARY : 0 };
  if (BUILTIN_VARIANTS.has(t)) return { kind: 'enumMember', modifiers: DEFAULT_LIBRARY };
  if (isCallee(n)) {
    if (/^[A-Z]/.test(t)) return { kind: 'class', modifiers: 0 };
    return { kind: 'function', modifiers: BUILTIN_FUNCTIONS.has(t) ? DEFAULT_LIBRARY : 0 };
  }
  if (/^[A-Z][A-Z0-9_]+$/.test(t)) return { kind: 'variable', modifiers: READONLY };
  if (/^[A-Z]/.test(t)) return { kind: 'type', modifiers: PRIMITIVE_TYPES.has(t) ? DEFAULT_LIBRARY : 0 };
  return { kind: 'variable', modifiers: 0 };
}

/** The callee of a call (`f(x)`, `f x`, `a.f()`, `f<T>()`, `describe "x":`). */
export function isCallee(n: SyntaxNode): boolean {
  let node = n;
  let p = n.parent;
  if (p?.kind === SyntaxKind.Member && p.children[p.children.length - 1] === n) {
    node = p;
    p = p.parent;
  }
  if (p?.kind === SyntaxKind.Generic && p.children[0] === node) {
    node = p;
    p = p.parent;
  }
  return (p?.kind === SyntaxKind.Call || p?.kind === SyntaxKind.BlockCall) && p.children[0] === node;
}

function leavesUnder(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [...node.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children.length === 0 || n.kind === SyntaxKind.StringLit) out.push(n);
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** A (triple-quoted) string that is a statement of its own: a docstring (or a block comment in effect). */
function isDocstring(n: SyntaxNode): boolean {
  return (
    n.kind === SyntaxKind.StringLit &&
    n.parent?.kind === SyntaxKind.ExprStmt &&
    n.parent.children.length === 1
  );
}

function isMemberDecl(fn: SyntaxNode): boolean {
  const block = fn.parent;
  return block?.kind === SyntaxKind.Block && block.parent !== undefined && TYPE_BODIES.has(block.parent.kind);
}

function modifierWords(result: ParseResult, decl: SyntaxNode): Set<string> {
  const words = new Set<string>();
  const mods = childOfKind(decl, SyntaxKind.Modifiers);
  for (const k of mods?.children ?? []) words.add(result.text.slice(k.start, k.end));
  for (const k of decl.children)
    if (k.kind === SyntaxKind.Keyword) words.add(result.text.slice(k.start, k.end));
  return words;
}

function deprecatedDecl(result: ParseResult, decl: SyntaxNode): boolean {
  for (const c of decl.children) {
    if (c.kind === SyntaxKind.Decorator) {
      const name = childOfKind(c, SyntaxKind.Name);
      if (name && result.text.slice(name.start, name.end) === 'deprecated') return true;
    } else if (
      c.kind === SyntaxKind.Attribute &&
      /^#!?\[\s*deprecated\b/.test(result.text.slice(c.start, c.end))
    )
      return true;
  }
  return false;
}

/** `val`, `const`, and `let` without `mut` bind read-only values. */
function isReadonlyDecl(result: ParseResult, decl: SyntaxNode): boolean {
  if (decl.kind !== SyntaxKind.VarDecl) return false;
  const words = modifierWords(result, decl);
  return words.has('val') || words.has('const') || (words.has('let') && !words.has('mut'));
}

/** The declaration a value name belongs to: its VarDecl, or the lambda/for/match/with binding it. */
function bindingDecl(name: SyntaxNode): SyntaxNode | undefined {
  for (let p = name.parent; p; p = p.parent) {
    switch (p.kind) {
      case SyntaxKind.VarDecl:
      case SyntaxKind.Lambda:
      case SyntaxKind.For:
      case SyntaxKind.CompFor:
      case SyntaxKind.MatchArm:
      case SyntaxKind.With:
        return p;
      case SyntaxKind.Block:
      case SyntaxKind.Module:
        return undefined;
    }
  }
  return undefined;
}
