// Completion and its resolve step. The cursor's context and the names of the file come from
// language/completion.ts (on a parse with a placeholder at the cursor, so the broken line being typed
// works); workspace/completion.ts adds what other files provide, members by the receiver's type and
// auto-imports with their edit. Keywords and snippets come by position.
import { hoverAt } from '../language';
import { Rank } from '../language/completion';
import { analyseCompletion, type CompletionSite } from '../language/completion';
import type { Snippet } from '../language/completion-words';
import type { TextSpan } from '../language/syntax';
import { type Fit, show } from '../types';
import { type WorkspaceCandidate, workspaceCompletion } from '../workspace/completion';
import { describeDecl } from '../workspace/hover-info';
import type { Analysis } from './analysis';
import type { FilePosition } from './file-range';

export type { WorkspaceCandidate as CompletionCandidate };

export interface CompletionResult {
  /** What the cursor is on: a name, a member after `.`, a path in `use`, … or nothing to complete. */
  kind: CompletionSite['kind'];
  /** The identifier being typed (what a chosen item replaces), and its text. */
  prefix: TextSpan;
  prefixText: string;
  candidates: WorkspaceCandidate[];
  /** Keywords and snippets that fit where a name is typed. */
  keywords: string[];
  snippets: Snippet[];
  /** More would come with a longer prefix. */
  incomplete: boolean;
  /** The type the cursor's position expects (as Simple writes it), when known: candidates and the
   *  literal keywords (`true`, `nil`) then carry their fit, and the list is ordered by it first. */
  expected?: string;
  /** Fits of keywords that are values (`true`/`false`/`nil`), when a type is expected. */
  keywordFits?: Record<string, Fit>;
}

/**
 * The one order of a completion list, as a sort key (LSP sortText): the candidate's rank digit, then its
 * label. Where a type is expected, every key of the list starts with one more digit: 0 for what fits it,
 * 1 for what is not known to, 2 for what does not (sunk, not hidden). Lists without an expected type are
 * ordered as before.
 */
export function sortKey(
  result: Pick<CompletionResult, 'expected'>,
  of: Rank | 'keyword' | 'snippet',
  label: string,
  fit?: Fit,
): string {
  const rank = of === 'keyword' ? Rank.Keyword : of === 'snippet' ? Rank.Snippet : of;
  if (result.expected === undefined) return `${rank}${label}`;
  const tier = fit === 'fits' ? 0 : fit === 'differs' ? 2 : 1;
  return `${tier}${rank}${label}`;
}

/** Undefined when the file is not in the snapshot. */
export function completion(
  a: Analysis,
  at: FilePosition,
  signal?: AbortSignal,
): CompletionResult | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const context = analyseCompletion(view.parse(), at.offset);
  signal?.throwIfAborted();
  const site = context.site;
  if (site.kind === 'none')
    return {
      kind: 'none',
      prefix: { start: at.offset, end: at.offset },
      prefixText: '',
      candidates: [],
      keywords: [],
      snippets: [],
      incomplete: false,
    };
  const found = workspaceCompletion(a.views, a.resolver, view, context, { signal });
  const { candidates, incomplete, expected } = found;
  return {
    ...(expected ? { expected: show(expected), keywordFits: found.keywordFits ?? {} } : {}),
    kind: site.kind,
    prefix: site.prefix,
    prefixText: site.prefixText,
    candidates,
    keywords: site.kind === 'name' ? site.words.keywords : [],
    snippets: site.kind === 'name' ? site.words.snippets : [],
    incomplete,
  };
}

/** Which declaration a completion item stands for: a name's offset in a file, or a symbol of a file's summary. */
export type CompletionTarget = { file: string; offset: number } | { file: string; index: number };

/** The signature and documentation (markdown) of an item's declaration, for completionItem/resolve. */
export function resolveCompletion(
  a: Analysis,
  target: CompletionTarget,
): { detail: string; documentation?: string } | undefined {
  if ('offset' in target) {
    const open = a.openFile(target.file);
    const info = open && hoverAt(open.parse(), target.offset);
    return info ? { detail: info.signature, ...(info.doc ? { documentation: info.doc } : {}) } : undefined;
  }
  const view = a.view(target.file);
  if (!view || target.index < 0 || target.index >= view.summary.names.length) return undefined;
  const info = describeDecl(a.views, { view, index: target.index });
  const where = `*${info.container ? `${info.container} in ` : ''}${info.module}*`;
  return { detail: info.signature, documentation: [info.doc, where].filter((x) => x).join('\n\n') };
}
