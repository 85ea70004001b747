// The type layer for a request: the workspace's type world (a one-file workspace for a session without
// roots). Features ask their questions of the engine through this.
import { FileWorld, type SourceFile, TypeEngine } from '../types';
import type { ParsedDocument } from './document';
import { type DocumentPosition, navigation, viewOfUri, type WorkspaceAccess } from './workspace-context';

export interface TypeContext {
  engine: TypeEngine;
  file: SourceFile;
}

export function typeContext(at: Pick<DocumentPosition, 'nav' | 'view'>): TypeContext {
  const { world, engine } = at.nav.resolver.types();
  return { engine, file: world.fileOf(at.view) };
}

/** typeContext() for a request that has its document parsed but no cursor (a range request). */
export function typeContextOf(ctx: WorkspaceAccess, uri: string, parsed: ParsedDocument): TypeContext {
  const nav = navigation(ctx);
  const view = viewOfUri(nav, uri);
  if (view) return typeContext({ nav, view });
  // Not open in this session (cannot happen for a parsed document, but stay total): the text alone.
  const result = parsed.result;
  const file: SourceFile = { key: uri, parse: () => result };
  return { engine: new TypeEngine(new FileWorld(file)), file };
}
