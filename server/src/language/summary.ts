// A file's summary for the workspace index: its declarations packed in one Int32Array (no object per
// symbol), their names, imports and exports. Offsets are UTF-8 bytes (what the file store reads) and
// positions are line + UTF-16 column of the name (what most clients speak). Built from the outline, so
// the index and the open-document features agree on what a declaration is.
import { scanOutline } from './declaration-scan';
import { buildOutline } from './outline';
import { parse } from './parser';
import { type SkeletonPlan, skeletonOf, skeletonPlan } from './skeleton';
import type { TextSpan } from './syntax';
import {
  type ExportInfo,
  type ImportInfo,
  type ModuleOutline,
  type OutlineSymbol,
  type ParseResult,
  SymbolKind,
} from './types';
import { wordFilter } from './word-filter';

/** Fields of one symbol in `FileSummary.symbols`, STRIDE ints per symbol. */
export const enum Field {
  Kind = 0,
  Flags,
  /** Index of the enclosing symbol in the same file, or -1. */
  Container,
  /** UTF-16 offset of the name in the file: a closed file's places convert to offsets without a read. */
  NameOffset,
  NameLine,
  /** UTF-16 columns of the name on NameLine. */
  NameCol,
  NameEndCol,
  DeclStart,
  DeclEnd,
  /** Bytes of the header (signature) and of the docstring literal; Start = End = -1 when absent. */
  SigStart,
  SigEnd,
  DocStart,
  DocEnd,
  DeclLine,
  DeclEndLine,
}
export const STRIDE = 15;

export const SYMBOL_KINDS: readonly SymbolKind[] = Object.values(SymbolKind);

export const enum SymbolFlag {
  Public = 1,
  Deprecated = 2,
  Static = 4,
  Async = 8,
  Readonly = 16,
  Mutating = 32,
  /** Declared directly in the module (not inside a type, function or test block). */
  TopLevel = 64,
}

export interface SummaryImport {
  path: string[];
  relativeDepth: number;
  items: { name: string; alias?: string }[];
  glob: boolean;
  alias?: string;
  reexport: boolean;
}

export interface SummaryExport {
  names: string[];
  path?: string[];
  glob: boolean;
}

export interface FileSummary {
  /** STRIDE ints per symbol, parents before children. */
  symbols: Int32Array;
  /** The symbols' names, parallel to `symbols`. */
  names: string[];
  imports: SummaryImport[];
  exports: SummaryExport[];
  /** True when every character is ASCII (UTF-8 and UTF-16 columns agree). */
  ascii: boolean;
  /** Syntax errors in the file. */
  errors: number;
  /** Which words the file may contain (word-filter.ts: `mayContain(summary.words, word)`). */
  words: Int32Array;
}

/** The summary of a file's text, parsing only its skeleton when it has one (skeleton.ts). */
export function summarizeText(text: string, asciiHint?: boolean): FileSummary {
  // Where the declarations can be read from the lines with certainty, no parse at all.
  // One skeleton scan serves both paths.
  const plan = skeletonPlan(text);
  const scanned = plan && scanOutline(text, plan);
  if (scanned) return pack(scanned, text, 0, asciiHint);
  return summarizeByParse(text, asciiHint, plan ?? null);
}

/**
 * The summary from a parse (of the skeleton where it parses cleanly): what the scan must equal.
 * `plan` is the skeleton scan when the caller made it (null: it gave up).
 */
export function summarizeByParse(
  text: string,
  asciiHint?: boolean,
  plan: SkeletonPlan | null = skeletonPlan(text) ?? null,
): FileSummary {
  const skel = plan ? skeletonOf(text, plan) : undefined;
  if (skel !== undefined) {
    const fast = parse(skel);
    // Errors outside the blanked bodies may recover differently without them: parse in full.
    if (!fast.diagnostics.some((d) => d.severity === 'error')) return summarize(fast, text, asciiHint);
  }
  return summarize(parse(text), text, asciiHint);
}

export function symbolCount(s: FileSummary): number {
  return s.symbols.length / STRIDE;
}

export function field(s: FileSummary, symbol: number, f: Field): number {
  return s.symbols[symbol * STRIDE + f];
}

/** The symbol whose name starts at (line, UTF-16 column), or undefined. */
export function symbolAtName(s: FileSummary, line: number, character: number): number | undefined {
  const n = symbolCount(s);
  for (let i = 0; i < n; i++)
    if (
      s.symbols[i * STRIDE + Field.NameLine] === line &&
      s.symbols[i * STRIDE + Field.NameCol] === character
    )
      return i;
  return undefined;
}

export function kindOf(s: FileSummary, symbol: number): SymbolKind {
  return SYMBOL_KINDS[s.symbols[symbol * STRIDE + Field.Kind]];
}

/**
 * The summary of a parse. `source` is the file's real text when `result` is of its skeleton (same
 * offsets, bodies blanked): byte offsets must be counted on what is on disk.
 */
export function summarize(
  result: ParseResult,
  source: string = result.text,
  asciiHint?: boolean,
): FileSummary {
  const outline = buildOutline(result, { lean: true });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  return pack(outline, source, errors, asciiHint);
}

/** The summary of an outline of `text` (from a parse or from the declaration scan). */
function pack(
  outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'exports'>,
  text: string,
  errors: number,
  asciiHint: boolean | undefined,
): FileSummary {
  const ascii = asciiHint ?? isAscii(text);
  const bytes = ascii ? (o: number) => o : utf8Offsets(text);
  const lines = lineStarts(text);
  const flat: OutlineSymbol[] = [];
  const parents: number[] = [];
  const visit = (list: OutlineSymbol[], parent: number): void => {
    for (const s of list) {
      const index = flat.length;
      flat.push(s);
      parents.push(parent);
      visit(s.children, index);
    }
  };
  visit(outline.symbols, -1);
  const symbols = new Int32Array(flat.length * STRIDE);
  const names: string[] = [];
  for (let i = 0; i < flat.length; i++) {
    const s = flat[i];
    const o = i * STRIDE;
    const line = lineOf(lines, s.nameSpan.start);
    symbols[o + Field.Kind] = SYMBOL_KINDS.indexOf(s.kind);
    symbols[o + Field.Flags] = flagsOf(s, parents[i] < 0);
    symbols[o + Field.Container] = parents[i];
    symbols[o + Field.NameOffset] = s.nameSpan.start;
    symbols[o + Field.NameLine] = line;
    symbols[o + Field.NameCol] = s.nameSpan.start - lines[line];
    symbols[o + Field.NameEndCol] = Math.min(s.nameSpan.end, lineEnd(lines, text, line)) - lines[line];
    symbols[o + Field.DeclStart] = bytes(s.span.start);
    symbols[o + Field.DeclEnd] = bytes(s.span.end);
    setSpan(symbols, o + Field.SigStart, s.signatureSpan, bytes);
    setSpan(symbols, o + Field.DocStart, s.docSpan, bytes);
    symbols[o + Field.DeclLine] = lineOf(lines, s.span.start);
    symbols[o + Field.DeclEndLine] = lineOf(lines, Math.max(s.span.start, s.span.end - 1));
    names.push(s.name);
  }
  return {
    symbols,
    names,
    imports: outline.imports.map(summaryImport),
    exports: outline.exports.map(summaryExport),
    ascii,
    errors,
    words: wordFilter(text),
  };
}

function setSpan(
  out: Int32Array,
  at: number,
  span: TextSpan | undefined,
  bytes: (o: number) => number,
): void {
  out[at] = span ? bytes(span.start) : -1;
  out[at + 1] = span ? bytes(span.end) : -1;
}

function flagsOf(s: OutlineSymbol, topLevel: boolean): number {
  let f = topLevel ? SymbolFlag.TopLevel : 0;
  if (s.visibility === 'public') f |= SymbolFlag.Public;
  for (const m of s.modifiers) {
    if (m === 'deprecated') f |= SymbolFlag.Deprecated;
    else if (m === 'static') f |= SymbolFlag.Static;
    else if (m === 'async') f |= SymbolFlag.Async;
    else if (m === 'readonly' || m === 'const') f |= SymbolFlag.Readonly;
    else if (m === 'mutating') f |= SymbolFlag.Mutating;
  }
  return f;
}

function summaryImport(i: ImportInfo): SummaryImport {
  const out: SummaryImport = {
    path: i.path,
    relativeDepth: i.relativeDepth,
    items: i.items.map((it) =>
      it.alias !== undefined ? { name: it.name, alias: it.alias } : { name: it.name },
    ),
    glob: i.glob,
    reexport: i.reexport,
  };
  if (i.alias !== undefined) out.alias = i.alias;
  return out;
}

function summaryExport(e: ExportInfo): SummaryExport {
  const out: SummaryExport = { names: e.names.map((n) => n.name), glob: e.glob };
  if (e.path) out.path = e.path;
  return out;
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[^\x00-\x7f]/.test(text);
}

/** UTF-16 offset → UTF-8 byte offset: the offset plus the extra bytes of the non-ASCII units before it. */
export function utf8Offsets(text: string): (offset: number) => number {
  const at: number[] = [];
  const extra: number[] = []; // cumulative extra bytes up to and including at[k]
  let sum = 0;
  // eslint-disable-next-line no-control-regex
  const re = /[^\x00-\x7f]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const c = text.charCodeAt(m.index);
    sum += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
    at.push(m.index);
    extra.push(sum);
  }
  return (offset) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + (lo > 0 ? extra[lo - 1] : 0);
  };
}

/** Offsets where lines start (after \n, \r\n or a lone \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineEnd(starts: readonly number[], text: string, line: number): number {
  let end = line + 1 < starts.length ? starts[line + 1] : text.length;
  while (end > starts[line] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}
