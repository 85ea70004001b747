// Incremental reparsing: the module-level statements of a file are its reparse units. After an edit the
// text is lexed again from the last line before the edit whose lexer state was kept, until the lexer's
// state re-synchronises with the old one (lexer.ts `relex`), the token streams of the two versions are
// compared from both ends, and only the statements whose tokens — or whose parse's lookahead — fall in
// the changed run are parsed again. Statements before it are copied as they were; statements after it
// are copied with their offsets shifted by the edit's length change. Copies, not shared nodes: a node's
// `parent` must lead to the root of its own version, and the previous version stays valid for whoever
// still holds it (a snapshot is immutable).
//
// Reuse is sound because the parse of a module-level statement depends only on the parser's clean state
// at its start, its own tokens, the tokens its parse looked at ahead of it (ParseUnit.reach), the kind
// of the token just before it and where the previous significant token ended (`lastEnd`: empty nodes sit
// there). A statement is reused only when all of these are unchanged; the property test
// (test/language/incremental.test.ts) checks the result against a full parse after random edit sequences.
import type { LexResult } from './lexer';
import { relex } from './lexer';
import { Body, parseStatements } from './parse-stmt';
import { Parser, type ParseUnit } from './parser-core';
import type { SyntaxNode } from './syntax';
import { type Token, TokenKind, TokenStore } from './tokens';
import type { ParseResult, SyntaxDiagnostic } from './types';

/** What a later reparse needs from a parse, kept beside the result (not part of its public shape). */
interface ReuseState {
  /** The lexer's result (its tokens before the parser split `>>` for generics), to relex from. */
  lexed: LexResult;
  /** The lexer's tokens, before the parser split `>>` for generics. */
  raw: TokenStore;
  units: ParseUnit[];
  /** Offsets of the tokens the parser split, in order. */
  splits: number[];
  /** The parser's diagnostics in the order it reported them (the lexer's come fresh from each lex). */
  parseDiagnostics: SyntaxDiagnostic[];
  /** Offsets of the brackets the lexer gave up on, sorted. */
  unclosed: number[];
  /** Module-level statements this parse parsed (all of them for a full parse). */
  parsed: number;
}

/** How many module-level statements the parse that made `result` parsed, of how many (tests, bench). */
export function parseWork(result: ParseResult): { parsed: number; units: number } | undefined {
  const state = reuse.get(result);
  return state && { parsed: state.parsed, units: state.units.length };
}

const reuse = new WeakMap<ParseResult, ReuseState>();

/**
 * Which module-level statements of an incremental result are copies of the previous version's: children
 * [0, prefix) of the root as they were, and children [newTail, end) shifted by `delta`, copied from the
 * previous root's children [oldTail, end). The per-file model reads it once to reuse the previous model's
 * name resolution for those statements (model.ts `targets`).
 */
export interface ReusedUnits {
  previous: ParseResult;
  prefix: number;
  oldTail: number;
  newTail: number;
  delta: number;
}

const reused = new WeakMap<ParseResult, ReusedUnits>();

/**
 * The statements `result` reused from its previous version, handed out once. Links are dropped when
 * taken and two versions on, so versions never hold a long chain of older ones alive.
 */
export function takeReusedUnits(result: ParseResult): ReusedUnits | undefined {
  const r = reused.get(result);
  reused.delete(result);
  return r;
}

/** Offsets of the tokens the parser split (`>>` closing two generic lists), in order. */
export function splitOffsets(parser: Parser): number[] {
  return parser.splits.map((s) => s.start).sort((a, b) => a - b);
}

/** The result of a parse (full or incremental), remembered for the next reparse. */
export function assemble(
  text: string,
  lexed: LexResult,
  parser: Parser,
  parseDiagnostics: SyntaxDiagnostic[],
  tokens: TokenStore,
  splits: number[],
  extraSteps: number,
  parsed = parser.units.length,
  /** The root's children this parse made (the others are copies): [first, last). */
  made: { first: number; last: number } = { first: 0, last: parser.root.children.length },
): ParseResult {
  // Recovery can leave empty nodes at odd places; valid code never does (the case tests check it).
  if (parseDiagnostics.length > 0 || lexed.diagnostics.length > 0) parser.clampSpans(made.first, made.last);
  const diagnostics = [...lexed.diagnostics, ...parseDiagnostics].sort((a, b) => a.start - b.start);
  let objects: Token[] | undefined;
  const result: ParseResult = {
    text,
    root: parser.root,
    store: tokens,
    // An own, enumerable getter: `{ ...result }` copies keep their tokens.
    get tokens(): Token[] {
      return (objects ??= tokens.toArray());
    },
    trivia: lexed.trivia,
    diagnostics,
    steps: parser.steps + lexed.store.length + extraSteps,
  };
  reuse.set(result, {
    lexed,
    raw: lexed.store,
    units: parser.units,
    splits,
    parseDiagnostics,
    parsed,
    unclosed: sortedNumbers(lexed.unclosed),
  });
  return result;
}

/**
 * The parse of `text`, reusing the statements of `previous` (the parse of an earlier version of the same
 * document) that the edit left alone; undefined when `previous` carries nothing to reuse.
 */
export function reparse(previous: ParseResult, text: string): ParseResult | undefined {
  const state = reuse.get(previous);
  if (state === undefined) return undefined;
  if (text === previous.text) return previous;
  const before = previous.text;
  const delta = text.length - before.length;
  const { same, tail } = commonEnds(before, text);

  const lexed = relex(state.lexed, text, same, tail);
  const oldRaw = state.raw;
  const newRaw = lexed.store;
  // Tokens equal before the change (a), and equal but shifted after it (b of them at the end). Those the
  // relex took over are equal without a look (only their place is checked): the compare is the edit's.
  let a = 0;
  const both = Math.min(oldRaw.length, newRaw.length);
  const head = Math.min(lexed.reused.head, both);
  while (a < head && newRaw.end(a) <= same) a++;
  while (a < both && newRaw.end(a) <= same && oldRaw.same(a, newRaw, a, 0)) a++;
  const suffixText = text.length - tail;
  let b = 0;
  const tailTaken = Math.min(lexed.reused.tail, both - a);
  while (b < tailTaken && newRaw.start(newRaw.length - 1 - b) >= suffixText) b++;
  while (
    b < both - a &&
    newRaw.start(newRaw.length - 1 - b) >= suffixText &&
    oldRaw.same(oldRaw.length - 1 - b, newRaw, newRaw.length - 1 - b, delta)
  )
    b++;
  const firstNewSuffix = newRaw.length - b;

  // Restart at the first statement whose parse may have looked at a changed token.
  // Brackets the lexer gave up on silence the parser's "expected ')'" inside their statement, and whether
  // one is given up can depend on text far after it (a closer removed much later): those statements
  // count as changed too.
  const oldUnclosed = state.unclosed;
  const newUnclosed = sortedNumbers(lexed.unclosed);
  let ua = 0;
  while (ua < oldUnclosed.length && ua < newUnclosed.length && oldUnclosed[ua] === newUnclosed[ua]) ua++;
  let ub = 0;
  while (
    ub < oldUnclosed.length - ua &&
    ub < newUnclosed.length - ua &&
    oldUnclosed[oldUnclosed.length - 1 - ub] + delta === newUnclosed[newUnclosed.length - 1 - ub]
  )
    ub++;
  const unclosedFrom = Math.min(
    ua < oldUnclosed.length ? oldUnclosed[ua] : Infinity,
    ua < newUnclosed.length ? newUnclosed[ua] : Infinity,
  );
  const unclosedTo = Math.max(
    ub < oldUnclosed.length - ua ? oldUnclosed[oldUnclosed.length - 1 - ub] + delta : -1,
    ub < newUnclosed.length - ua ? newUnclosed[newUnclosed.length - 1 - ub] : -1,
  );

  const units = state.units;
  const changedAt = Math.min(oldRaw.start(Math.min(a, oldRaw.length - 1)), unclosedFrom);
  let u = 0;
  while (u < units.length && units[u].reach < changedAt) u++;
  if (u >= units.length) u = units.length - 1;
  // From the first statement: from the file's first token (layout before it makes nodes too).
  if (u < 0) u = 0;
  const start = u > 0 ? units[u] : { start: 0, token: 0, child: 0, diagnostic: 0 };
  const oldTokens = previous.store;
  const prefixSplits = state.splits.filter((o) => o < start.start);
  const rawStart = start.token - prefixSplits.length;
  // With no `>>` split before the restart, the old parser's tokens there are the lexer's: the parser
  // reads the new lexer stream itself (splitting in a copy if it must). Else the old parser's prefix
  // and the new stream after it, in a store sized for both (one that grows copies its columns again).
  let parserTokens = newRaw;
  if (prefixSplits.length > 0) {
    parserTokens = new TokenStore(start.token + newRaw.length - rawStart + 16, newRaw.values);
    parserTokens.append(oldTokens, 0, start.token);
    parserTokens.append(newRaw, rawStart);
  }
  const baseLength = parserTokens.length;
  const parser = new Parser(text, parserTokens, lexed.unclosed);
  parser.i = start.token;
  parser.maxSeen = start.token;
  parser.lastEnd = significantEndBefore(parserTokens, start.token);
  let copied = copyChildren(previous.root, 0, start.child, parser.root, 0);
  for (let k = 0; k < start.diagnostic; k++) parser.diagnostics.push(state.parseDiagnostics[k]);
  for (let k = 0; k < u; k++) parser.units.push({ ...units[k] });

  // Stop at a statement of the old parse that starts in the unchanged tail, in the same context.
  let resumed: { unit: number; raw: number } | undefined;
  parser.resync = (p) => {
    const raw = p.i - (p.tokens.length - baseLength) - (start.token - rawStart);
    if (raw < firstNewSuffix || p.start() <= unclosedTo) return false;
    const v = unitAt(units, p.start() - delta);
    if (v < u + 1) return false;
    const old = units[v];
    if (kindBefore(oldTokens, old.token) !== kindBefore(p.tokens, p.i)) return false;
    if (significantEndBefore(oldTokens, old.token) + delta !== p.lastEnd) return false;
    resumed = { unit: v, raw };
    return true;
  };
  parseStatements(parser, Body.Module);
  parser.resync = undefined;
  parser.endUnits();
  const parsed = parser.units.length - u;

  let splits = prefixSplits.concat(splitOffsets(parser));
  let tokens = parser.tokens;
  const parseDiagnostics = parser.diagnostics;
  const prefix = start.child;
  let oldTail = previous.root.children.length;
  let newTail = parser.root.children.length;
  if (resumed !== undefined) {
    const old = units[resumed.unit];
    oldTail = old.child;
    newTail = parser.root.children.length;
    const childShift = parser.root.children.length - old.child;
    const diagnosticShift = parseDiagnostics.length - old.diagnostic;
    const tokenShift = parser.i - old.token;
    copied += copyChildren(previous.root, old.child, previous.root.children.length, parser.root, delta);
    for (let k = old.diagnostic; k < state.parseDiagnostics.length; k++) {
      const d = state.parseDiagnostics[k];
      parseDiagnostics.push({ ...d, start: d.start + delta, end: d.end + delta });
    }
    for (let k = resumed.unit; k < units.length; k++) {
      const w = units[k];
      parser.units.push({
        start: w.start + delta,
        token: w.token + tokenShift,
        child: w.child + childShift,
        diagnostic: w.diagnostic + diagnosticShift,
        reach: w.reach + delta,
      });
    }
    const tailSplits = state.splits.filter((o) => o >= old.start).map((o) => o + delta);
    if (parser.tokens === newRaw) {
      // The parser split nothing and read the lexer's stream: with no split after it either, that
      // stream is the result as it is.
      if (tailSplits.length > 0) {
        tokens = newRaw.slice(0, parser.i);
        appendSplit(tokens, newRaw, resumed.raw, tailSplits);
      }
    } else {
      // The parser's own store, cut where it resumed: no copy of what comes before.
      tokens.truncate(parser.i);
      appendSplit(tokens, newRaw, resumed.raw, tailSplits);
    }
    splits = splits.concat(tailSplits);
  }
  const steps = copied + (resumed === undefined ? 0 : 1);
  const made = { first: prefix, last: newTail };
  const result = assemble(text, lexed, parser, parseDiagnostics, tokens, splits, steps, parsed, made);
  // Chains of links stay at most two long (a version parsed twice from one previous version, as the
  // completion's placeholder parse is, keeps that version's own link for its model).
  const earlier = reused.get(previous);
  if (earlier) reused.delete(earlier.previous);
  reused.set(result, { previous, prefix, oldTail, newTail, delta });
  return result;
}

/**
 * The lengths of the common prefix and suffix of two texts, not overlapping: the changed text is
 * [same, before.length - tail) before and [same, text.length - tail) now.
 */
const BLOCK = 2048;

export function commonEnds(before: string, text: string): { same: number; tail: number } {
  const limit = Math.min(before.length, text.length);
  // Whole blocks first (a string comparison is a memory compare), then characters.
  let same = 0;
  while (same + BLOCK <= limit && before.slice(same, same + BLOCK) === text.slice(same, same + BLOCK))
    same += BLOCK;
  while (same < limit && before.charCodeAt(same) === text.charCodeAt(same)) same++;
  let tail = 0;
  while (
    tail + BLOCK <= limit - same &&
    before.slice(before.length - tail - BLOCK, before.length - tail) ===
      text.slice(text.length - tail - BLOCK, text.length - tail)
  )
    tail += BLOCK;
  while (
    tail < limit - same &&
    before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)
  )
    tail++;
  return { same, tail };
}

function sortedNumbers(values: number[]): number[] {
  return values.slice().sort((x, y) => x - y);
}

/** The kind of the token before index `i`, or -1 at the start. */
function kindBefore(tokens: TokenStore, i: number): number {
  return i > 0 ? tokens.kind(i - 1) : -1;
}

/** Where the last significant (non-layout) token before index `i` ends; 0 at the start. */
function significantEndBefore(tokens: TokenStore, i: number): number {
  for (let k = i - 1; k >= 0; k--) {
    const kind = tokens.kind(k);
    if (kind !== TokenKind.Newline && kind !== TokenKind.Indent && kind !== TokenKind.Dedent)
      return tokens.end(k);
  }
  return 0;
}

/** Index of the unit starting exactly at `offset`, or -1. */
function unitAt(units: ParseUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = units[mid].start;
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Appends raw[from..] to `out`, the tokens starting at `offsets` split off one `>` at a time, as the
 *  parser did. */
function appendSplit(out: TokenStore, raw: TokenStore, from: number, offsets: number[]): void {
  if (offsets.length === 0) {
    out.append(raw, from);
    return;
  }
  let s = 0;
  for (let i = from; i < raw.length; i++) {
    let start = raw.start(i);
    let value = raw.value(i);
    let flags = raw.flags(i);
    while (s < offsets.length && offsets[s] < start) s++;
    while (s < offsets.length && offsets[s] === start && value.length > 1 && value[0] === '>') {
      out.push(TokenKind.Op, start, start + 1, '>', flags);
      start += 1;
      value = value.slice(1);
      flags = 0;
      s++;
    }
    out.push(raw.kind(i), start, raw.end(i), value, flags);
  }
}

/**
 * Copies `from.children[first, last)` under `to`, every offset moved by `delta`; returns the number of
 * nodes copied. Iterative: expression trees can be a million levels deep.
 */
function copyChildren(from: SyntaxNode, first: number, last: number, to: SyntaxNode, delta: number): number {
  let count = 0;
  // Two parallel stacks (source, copy): no pair object per node.
  const sources: SyntaxNode[] = [];
  const copies: SyntaxNode[] = [];
  for (let k = first; k < last; k++) {
    const copy = shifted(from.children[k], to, delta);
    to.children.push(copy);
    sources.push(from.children[k]);
    copies.push(copy);
  }
  while (sources.length > 0) {
    const source = sources.pop()!;
    const copy = copies.pop()!;
    count++;
    const kids = source.children;
    if (kids.length === 0) continue;
    const out = new Array<SyntaxNode>(kids.length);
    for (let k = 0; k < kids.length; k++) {
      const c = shifted(kids[k], copy, delta);
      out[k] = c;
      sources.push(kids[k]);
      copies.push(c);
    }
    copy.children = out;
  }
  return count;
}

function shifted(n: SyntaxNode, parent: SyntaxNode, delta: number): SyntaxNode {
  return {
    kind: n.kind,
    start: n.start + delta,
    end: n.end + delta,
    // Leaves share the frozen empty array; others get theirs filled by copyChildren.
    children: n.children,
    parent,
    flags: n.flags,
  };
}
