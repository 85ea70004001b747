// The type layer for a request: the workspace's type world when the document is in one (names across
// files), else the document alone. Features ask their questions of the engine through this.
import { FileWorld, type SourceFile, TypeEngine } from '../types';
import type { ParsedDocument } from './document';
import { type DocumentPosition, navigation, viewOfUri, type WorkspaceAccess } from './workspace-context';

export interface TypeContext {
  engine: TypeEngine;
  file: SourceFile;
}

export function typeContext(at: DocumentPosition): TypeContext {
  if (at.nav && at.view) {
    const { world, engine } = at.nav.resolver.types();
    return { engine, file: world.fileOf(at.view) };
  }
  const result = at.parsed.result;
  const file: SourceFile = { key: at.uri, parse: () => result };
  return { engine: new TypeEngine(new FileWorld(file)), file };
}

/** typeContext() for a request that has its document parsed but no cursor (a range request). */
export function typeContextOf(ctx: WorkspaceAccess, uri: string, parsed: ParsedDocument): TypeContext {
  const at: DocumentPosition = { uri, parsed, offset: 0 };
  const nav = navigation(ctx);
  const view = nav && viewOfUri(nav, uri);
  if (nav && view) {
    at.nav = nav;
    at.view = view;
  }
  return typeContext(at);
}
