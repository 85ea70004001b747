// workspace/symbol: fuzzy matching over every declared name. A query matches a name when its characters
// appear in order; the score prefers exact names, then prefixes, then matches at word starts (camel
// humps, after `_`), then contiguous runs. Lower-case query characters match either case; upper-case
// ones only themselves (smart case). Ties go to declarations at the top of a module, then shorter paths.
import { Field, kindOf, field, SymbolFlag } from '../language/summary';
import { SymbolKind } from '../language/types';
import { refFile, refIndex, type SymbolIndex } from './symbol-index';

export interface SymbolMatch {
  fileId: number;
  index: number;
  name: string;
  kind: SymbolKind;
  container?: string;
  score: number;
}

/** Score of `name` for `query` (higher is better), or -1 when it does not match. */
export function fuzzyScore(query: string, name: string, lowerName?: string, lowerQuery?: string): number {
  if (query.length === 0) return 0;
  if (name === query) return 10_000;
  if (!isSubsequence(query, name)) return -1;
  lowerName ??= name.toLowerCase();
  lowerQuery ??= query.toLowerCase();
  if (lowerName === lowerQuery) return 9_000;
  if (name.startsWith(query)) return 5_000 - name.length;
  if (lowerName.startsWith(lowerQuery)) return 4_000 - name.length;
  let score = 0;
  let at = 0;
  let run = 0;
  for (let q = 0; q < query.length; q++) {
    const qc = query.charCodeAt(q);
    const exactCase = qc >= 65 && qc <= 90;
    const want = exactCase ? qc : lowerQuery.charCodeAt(q);
    let found = -1;
    // Prefer a word start at or after `at`, else the first occurrence.
    for (let i = at; i < name.length; i++) {
      if ((exactCase ? name.charCodeAt(i) : lowerName.charCodeAt(i)) !== want) continue;
      if (isWordStart(name, i)) {
        found = i;
        break;
      }
      if (found < 0) found = i;
    }
    if (found < 0) return -1;
    if (isWordStart(name, found)) score += 30;
    if (found === at && q > 0) score += 10 + run++ * 5;
    else run = 0;
    at = found + 1;
  }
  return 1_000 + score - name.length;
}

/** Cheap first test: the query's characters appear in order (smart case), without allocating. */
function isSubsequence(query: string, name: string): boolean {
  let at = 0;
  for (let q = 0; q < query.length; q++) {
    const qc = query.charCodeAt(q);
    const upper = qc >= 65 && qc <= 90;
    const lower = qc >= 97 && qc <= 122 ? qc - 32 : -1;
    for (;;) {
      if (at >= name.length) return false;
      const c = name.charCodeAt(at++);
      if (c === qc || (!upper && c === lower)) break;
    }
  }
  return true;
}

function isWordStart(name: string, i: number): boolean {
  if (i === 0) return true;
  const prev = name.charCodeAt(i - 1);
  const c = name.charCodeAt(i);
  return prev === 95 || (c >= 65 && c <= 90 && !(prev >= 65 && prev <= 90));
}

const SKIPPED_KINDS = new Set([SymbolKind.Impl]);

export function searchSymbols(
  index: SymbolIndex,
  query: string,
  limit: number,
  signal?: AbortSignal,
): SymbolMatch[] {
  // The best names only (a bounded min-heap): a short query matches most of 100,000 names.
  const keep = limit * 4;
  const heap: { name: string; score: number }[] = [];
  const worse = (a: { name: string; score: number }, b: { name: string; score: number }): boolean =>
    a.score < b.score || (a.score === b.score && a.name.length > b.name.length);
  const { names, lower } = index.nameTable();
  const lowerQuery = query.toLowerCase();
  for (let n = 0; n < names.length; n++) {
    if ((n & 4095) === 4095 && signal?.aborted) return [];
    const name = names[n];
    const score = fuzzyScore(query, name, lower[n], lowerQuery);
    if (score < 0) continue;
    const entry = { name, score };
    if (heap.length < keep) {
      heap.push(entry);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0], entry)) {
      heap[0] = entry;
      siftDown(heap, 0, worse);
    }
  }
  const scored = heap.sort((a, b) => b.score - a.score || a.name.length - b.name.length);
  const out: SymbolMatch[] = [];
  for (const { name, score } of scored) {
    if (out.length >= limit * 8) break;
    for (const ref of index.named(name)) {
      const file = index.file(refFile(ref));
      if (!file) continue;
      const i = refIndex(ref);
      const s = file.summary;
      const kind = kindOf(s, i);
      if (SKIPPED_KINDS.has(kind)) continue;
      const flags = field(s, i, Field.Flags);
      const container = field(s, i, Field.Container);
      const isTest = kind === SymbolKind.TestSuite || kind === SymbolKind.TestCase;
      // Variables inside test blocks are locals: after every declaration that matches as well.
      const isLocal =
        (kind === SymbolKind.Variable || kind === SymbolKind.Constant) &&
        container >= 0 &&
        isTestKind(s, container);
      const rank =
        score +
        (flags & SymbolFlag.TopLevel ? 50 : 0) -
        (isTest ? 100 : 0) -
        (isLocal ? 6_000 : 0) -
        file.rel.length / 100;
      const match: SymbolMatch = { fileId: file.id, index: i, name, kind, score: rank };
      if (container >= 0) match.container = s.names[container];
      out.push(match);
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, limit);
}

function isTestKind(s: Parameters<typeof kindOf>[0], index: number): boolean {
  const k = kindOf(s, index);
  return k === SymbolKind.TestSuite || k === SymbolKind.TestCase;
}

function siftUp<T>(heap: T[], i: number, worse: (a: T, b: T) => boolean): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(heap[i], heap[parent])) return;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function siftDown<T>(heap: T[], i: number, worse: (a: T, b: T) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && worse(heap[l], heap[m])) m = l;
    if (r < heap.length && worse(heap[r], heap[m])) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m], heap[i]];
    i = m;
  }
}
