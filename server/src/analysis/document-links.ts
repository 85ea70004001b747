// Document links: each resolving segment of a `use`/`import`/`export` path links to its module file
// (workspace/module-links.ts decides which).
import type { TextSpan } from '../language/syntax';
import { moduleLinks } from '../workspace/module-links';
import type { Analysis } from './analysis';

export interface DocumentLink {
  span: TextSpan;
  /** The module file's key. */
  target: string;
  module: string;
}

/** Undefined when the file is not in the snapshot. */
export function documentLinks(a: Analysis, file: string): DocumentLink[] | undefined {
  const view = a.view(file);
  if (!view) return undefined;
  return moduleLinks(view, a.workspace.graph, a.workspace.index).map((l) => ({
    span: l.span,
    target: l.target,
    module: l.module,
  }));
}
