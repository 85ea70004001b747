// textDocument/typeDefinition: the declaration of the type of what is under the cursor (a local, a
// parameter, a member, any expression whose type the type layer infers), declared types inside lists,
// optionals and results included. Core types without a file answer nothing.
import type { CancellationToken, Location } from 'vscode-languageserver';
import { PRELUDE_KEY, typeDeclsAt } from '../types';
import { type FeatureContext, throwIfCancelled } from './document';
import { typeContext } from './type-context';
import { documentPosition, placeLocation } from './workspace-context';

export function typeDefinition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
): Location[] | null {
  const at = documentPosition(ctx, params, token);
  if (at === undefined) return null;
  const types = typeContext(at);
  const decls = typeDeclsAt(types.engine, types.file, at.offset).filter((d) => d.file.key !== PRELUDE_KEY);
  throwIfCancelled(token);
  const { world } = at.nav.resolver.types();
  const out: Location[] = [];
  for (const d of decls) {
    const place = world.placeOf(d);
    if (place) out.push(placeLocation(at.nav, place));
  }
  return out;
}
