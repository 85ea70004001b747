// Code actions: quick fixes (import a missing name from the modules declaring it, fix a misspelled one,
// remove unused imports) and organize imports, on the file's parse and lint diagnostics
// (workspace/code-actions.ts). Each action edits the file it was asked for.
import type { ActionInfo } from '../language/code-actions';
import { lint } from '../language/lint';
import type { TextSpan } from '../language/syntax';
import { type ActionWorkspace, codeActions as actionsFor } from '../workspace/code-actions';
import type { Analysis } from './analysis';

export type ActionKind = ActionInfo['kind'];
export type { ActionInfo };

/** Actions for `span` of a file, of the `only` kinds when given; undefined when the file is not in the snapshot. */
export function codeActions(
  a: Analysis,
  file: string,
  span: TextSpan,
  options: { only?: ReadonlySet<ActionKind>; signal?: AbortSignal } = {},
): ActionInfo[] | undefined {
  const result = a.parse(file);
  if (!result) return undefined;
  const lints = lint(result, file);
  options.signal?.throwIfAborted();
  const view = a.view(file);
  const ws: ActionWorkspace =
    view && view.root >= 0
      ? a.workspace.state === 'ready'
        ? { views: a.views, resolver: a.resolver, view }
        : 'indexing'
      : undefined;
  return actionsFor(result, span, lints, ws, { only: options.only });
}
