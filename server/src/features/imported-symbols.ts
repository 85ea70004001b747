// The workspace's answers for names a document imports, in the shape the same-file features take them:
// semantic kinds for semantic tokens, signatures for signature help and inlay hints. Without a workspace
// (or for a document outside it) there is no answer and those features go by the file alone.
import type { ImportedKind } from '../language/semantic-tokens';
import type { ImportedSignatures } from '../language/signature-help';
import { importedKinds, importedSignatures } from '../workspace/imported';
import type { FeatureContext } from './document';
import type { ImportedKindFor } from './semantic-tokens';
import type { ImportedSignaturesFor } from './signature-help';
import { navigation, viewOfUri } from './workspace-context';

export function importedKindFor(ctx: FeatureContext): ImportedKindFor {
  return (uri): ImportedKind | undefined => {
    const nav = navigation(ctx);
    const view = viewOfUri(nav, uri);
    return view && view.root >= 0 ? importedKinds(nav.resolver, view) : undefined;
  };
}

export function importedSignaturesFor(ctx: FeatureContext): ImportedSignaturesFor {
  return (uri): ImportedSignatures | undefined => {
    const nav = navigation(ctx);
    const view = viewOfUri(nav, uri);
    return view && view.root >= 0 ? importedSignatures(nav.resolver, view) : undefined;
  };
}
