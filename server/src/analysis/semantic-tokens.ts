// Semantic tokens: the file's classification (language/semantic-tokens.ts), with names imported from other
// files classified by what the workspace says they are (for a file outside any root: by their use).
import { type SemanticToken, semanticTokens as classify } from '../language';
import type { TextSpan } from '../language/syntax';
import { importedKinds } from '../workspace/imported';
import type { Analysis } from './analysis';

export type { SemanticToken };

/** The tokens of the file (of `range` only, when given); undefined when the file is not in the snapshot. */
export function semanticTokens(a: Analysis, file: string, range?: TextSpan): SemanticToken[] | undefined {
  const result = a.parse(file);
  if (!result) return undefined;
  const view = a.view(file);
  const imported = view && view.root >= 0 ? importedKinds(a.resolver, view) : undefined;
  return classify(result, { imported, range });
}
