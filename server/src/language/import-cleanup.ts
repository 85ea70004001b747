// Edits to `use` lists: removing items (unused imports) and organizing a list (items sorted, duplicates
// dropped). Layout is kept: an item alone on its line goes with its line, an item inside a line goes with
// one separator, a list left empty takes its whole `use` line with it. Nothing is done where a comment
// would be lost, or where the declaration shares its line or path list in a way we cannot edit safely.
import type { TextEditInfo } from './import-edit';
import { childOfKind, SyntaxKind, type SyntaxNode, type TextSpan } from './syntax';
import { TokenKind } from './tokens';
import type { ParseResult } from './types';

interface UseList {
  decl: SyntaxNode;
  list: SyntaxNode;
  items: SyntaxNode[];
}

/** The `use … {…}` / `(…)` / `from … import …` lists of the file (top level, re-exports included). */
function useLists(result: ParseResult): UseList[] {
  const out: UseList[] = [];
  for (const top of result.root.children) {
    const decl = top.kind === SyntaxKind.ExportDecl ? childOfKind(top, SyntaxKind.UseDecl) : top;
    if (decl?.kind !== SyntaxKind.UseDecl) continue;
    const lists = [
      ...decl.children.filter((c) => c.kind === SyntaxKind.ImportList),
      ...decl.children
        .filter((c) => c.kind === SyntaxKind.ImportPath)
        .map((p) => childOfKind(p, SyntaxKind.ImportList))
        .filter((l): l is SyntaxNode => l !== undefined),
    ];
    for (const list of lists)
      out.push({ decl: top, list, items: list.children.filter((c) => c.kind === SyntaxKind.ImportItem) });
  }
  return out;
}

/**
 * Edits that remove the import items starting at the given offsets (the spans lint reports). Items of
 * one list are removed together, so "remove all" gives one consistent edit per list.
 */
export function removeImportItems(result: ParseResult, itemStarts: readonly number[]): TextEditInfo[] {
  const wanted = new Set(itemStarts);
  const out: TextEditInfo[] = [];
  for (const u of useLists(result)) {
    const gone = u.items.filter((it) => wanted.has(it.start));
    if (gone.length === 0) continue;
    if (gone.length === u.items.length) {
      const edit = removeDeclaration(result, u);
      if (edit) out.push(edit);
      continue;
    }
    out.push(...removeFromList(result, u.items, new Set(gone)));
  }
  return out;
}

function removeDeclaration(result: ParseResult, u: UseList): TextEditInfo | undefined {
  const text = result.text;
  // `use a.{X}, b.{Y}`: the other path stays; we do not rewrite such declarations.
  const decl = childOfKind(u.decl, SyntaxKind.UseDecl) ?? u.decl;
  if (decl.children.filter((c) => c.kind === SyntaxKind.ImportPath).length > 1) return undefined;
  const start = lineStart(text, u.decl.start);
  const end = lineEnd(text, u.decl.end);
  if (text.slice(start, u.decl.start).trim() !== '' || !onlyCommentOrSpace(text.slice(u.decl.end, end)))
    return hasComment(result, u.decl.start, u.decl.end) ? undefined : { ...u.decl, newText: '' };
  if (hasComment(result, u.decl.start, u.decl.end)) return undefined;
  let stop = afterNewline(text, end);
  // No blank line left at the top of the file or doubled where the line was.
  const blankBefore = start === 0 || /(^|\n)[ \t]*\r?\n$/.test(text.slice(Math.max(0, start - 200), start));
  const nextEnd = lineEnd(text, stop);
  if (blankBefore && stop < text.length && text.slice(stop, nextEnd).trim() === '')
    stop = afterNewline(text, nextEnd);
  return { start, end: stop, newText: '' };
}

/** Removes some (not all) items of a list. */
function removeFromList(result: ParseResult, items: SyntaxNode[], gone: Set<SyntaxNode>): TextEditInfo[] {
  const text = result.text;
  const out: TextEditInfo[] = [];
  let i = 0;
  while (i < items.length) {
    if (!gone.has(items[i])) {
      i++;
      continue;
    }
    const item = items[i];
    const own = ownLine(text, item);
    if (own) {
      out.push({ ...own, newText: '' });
      i++;
      continue;
    }
    // A run of removed items inside a line: drop them with the separator before (or after, for the first).
    let j = i;
    while (j + 1 < items.length && gone.has(items[j + 1]) && !ownLine(text, items[j + 1])) j++;
    const prev = items[i - 1];
    const next = items[j + 1];
    const span =
      prev && !gone.has(prev)
        ? { start: end(text, prev), end: end(text, items[j]) }
        : next
          ? { start: item.start, end: next.start }
          : { start: item.start, end: end(text, items[j]) };
    if (!hasComment(result, span.start, span.end)) out.push({ ...span, newText: '' });
    i = j + 1;
  }
  return out;
}

/**
 * Sorts each `use` list (constants, types, then the rest; see compareItems) and drops repeated items, as one edit per list
 * that changes. Lists with comments or globs inside are left alone.
 */
export function organizeImports(result: ParseResult): TextEditInfo[] {
  const text = result.text;
  const out: TextEditInfo[] = [];
  for (const u of useLists(result)) {
    if (u.items.length < 2 || hasComment(result, u.list.start, u.list.end) || !closed(text, u.list)) continue;
    if (u.items.some((it) => childOfKind(it, SyntaxKind.ImportGlob) || it.end <= it.start)) continue;
    const texts = u.items.map((it) => text.slice(it.start, end(text, it)).replace(/\s+/g, ' '));
    const sorted = [...new Set(texts)].sort(compareItems);
    if (sorted.length === texts.length && sorted.every((t, k) => t === texts[k])) continue;
    // The slots keep their places and separators: the first `sorted.length` take the sorted items, the
    // rest (duplicates) are removed like unused ones.
    const first = u.items[0];
    const last = u.items[u.items.length - 1];
    const region = { start: first.start, end: end(text, last) };
    const local: TextEditInfo[] = u.items
      .slice(0, sorted.length)
      .map((it, k) => ({ start: it.start, end: end(text, it), newText: sorted[k] }));
    const extra = new Set(u.items.slice(sorted.length));
    if (extra.size > 0) local.push(...removeFromList(result, u.items, extra));
    out.push({ ...region, newText: applyLocal(text, region, local) });
  }
  return out;
}

/** Constants (ALL_CAPS), then types (Capitalized), then the rest; by name ignoring case within each. */
function compareItems(a: string, b: string): number {
  const group = (t: string): number =>
    /^[A-Z][A-Z0-9_]*\b/.test(t) && !/^[A-Z]\b/.test(t) ? 0 : /^[A-Z]/.test(t) ? 1 : 2;
  const ga = group(a);
  const gb = group(b);
  if (ga !== gb) return ga - gb;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A bracketed list has its closing bracket (it is not still being typed). */
function closed(text: string, list: SyntaxNode): boolean {
  const open = text[list.start];
  const close = open === '{' ? '}' : open === '(' ? ')' : undefined;
  return close === undefined || text[end(text, list) - 1] === close;
}

/** The text of `region` with edits inside it applied (edits do not overlap). */
function applyLocal(text: string, region: TextSpan, edits: TextEditInfo[]): string {
  let out = '';
  let at = region.start;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const s = Math.max(e.start, region.start);
    const t = Math.min(e.end, region.end);
    if (s < at) continue;
    out += text.slice(at, s) + e.newText;
    at = Math.max(at, t);
  }
  return out + text.slice(at, region.end);
}

/** The item's whole line (newline included) when nothing but the item, a comma and spaces is on it. */
function ownLine(text: string, item: SyntaxNode): TextSpan | undefined {
  const start = lineStart(text, item.start);
  const stop = lineEnd(text, item.end);
  if (text.slice(start, item.start).trim() !== '') return undefined;
  if (!/^\s*,?\s*$/.test(text.slice(end(text, item), stop))) return undefined;
  return { start, end: afterNewline(text, stop) };
}

/** An item's span may take trailing spaces; it ends at its last non-space character. */
function end(text: string, item: TextSpan): number {
  let e = item.end;
  while (e > item.start && /\s/.test(text[e - 1])) e--;
  return e;
}

function hasComment(result: ParseResult, start: number, stop: number): boolean {
  return result.trivia.some((t) => t.kind === TokenKind.Comment && t.start < stop && t.end > start);
}

function onlyCommentOrSpace(s: string): boolean {
  return /^\s*(#.*)?$/.test(s);
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function afterNewline(text: string, offset: number): number {
  if (text.startsWith('\r\n', offset)) return offset + 2;
  return offset < text.length ? offset + 1 : offset;
}
