// Names the file uses but nothing in it declares or imports, and the closest declared name for a likely
// misspelling. The file alone cannot be sure a name is undefined (glob imports, the prelude): the caller
// (the workspace) confirms before offering anything.
import { resolveAll } from './model';
import { analyseCompletion } from './completion';
import { BUILTIN_TYPES, BUILTIN_VALUES } from './completion-words';
import { referenceAt } from './model';
import { SyntaxKind, type SyntaxNode, type TextSpan, walk } from './syntax';
import type { ParseResult } from './types';

/** Prelude names the server does not model as declarations: never "unresolved". */
const PRELUDE = new Set([
  ...BUILTIN_TYPES,
  ...BUILTIN_VALUES.map((b) => b.name),
  'str', 'unit', 'Int', 'String', 'Dict', 'List', 'Nil', 'println', 'eprint', 'eprintln', 'self', 'super',
]); // prettier-ignore

export interface UnresolvedName extends TextSpan {
  name: string;
  /** Written where a type is expected. */
  inType: boolean;
}

/** Name references touching `span` (a cursor touches the name it is in or at the end of) that nothing in the file binds. */
export function unresolvedNamesAt(result: ParseResult, span: TextSpan): UnresolvedName[] {
  const found: UnresolvedName[] = [];
  walk(result.root, (n: SyntaxNode) => {
    if (n.end < span.start || n.start > span.end) return false;
    if (n.kind !== SyntaxKind.NameRef || n.end <= n.start) return undefined;
    const name = result.text.slice(n.start, n.end);
    if (PRELUDE.has(name) || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return undefined;
    // The one-name lookup first (cheap); the whole-file bindings confirm (module aliases, bare imports).
    if (referenceAt(result, n.start)?.kind !== 'free') return undefined;
    found.push({ start: n.start, end: n.end, name, inType: n.parent?.kind === SyntaxKind.TypeRef });
    return undefined;
  });
  if (found.length === 0) return found;
  const { target } = resolveAll(result);
  const bound = new Set<number>();
  for (const use of target.keys()) bound.add(use.start);
  return found.filter((u) => !bound.has(u.start));
}

/** Names visible where `name` is written (locals, parameters, declarations, imports, the prelude). */
export function namesInScopeAt(result: ParseResult, name: TextSpan): string[] {
  const site = analyseCompletion(result, name.end).site;
  if (site.kind !== 'name') return [];
  const written = result.text.slice(name.start, name.end);
  return [...new Set(site.scope.map((c) => c.label))].filter((l) => l !== written);
}

/**
 * The one candidate closest to `name` by edit distance, when it is close enough to be a slip of the
 * keyboard: distance 1 for names of 3+ characters, 2 for names of 5+; ties mean no answer.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length >= 5 ? 2 : name.length >= 3 ? 1 : 0;
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c, limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}

/** Levenshtein distance (insert, delete, substitute), or limit + 1 once it is certain to exceed limit. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, row[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = row;
  }
  return Math.min(prev[b.length], limit + 1);
}
