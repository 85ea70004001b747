// The workspace side of a request: a view of the session's open documents over the shared index, a
// resolver on it, and the conversions from our places (line + UTF-16 column) to LSP locations in the
// session's encoding. Files are named by absolute paths inside; only file: URIs are workspace files.
import * as url from 'node:url';
import type { CancellationToken, Location, Range } from 'vscode-languageserver';
import { requirePosition, requireUri } from '../lsp/params';
import { type FeatureContext, type ParsedDocument, parsedDocument } from './document';
import type { PositionEncoding } from '../lsp/line-index';
import type { DocumentSnapshot, DocumentStore } from '../session/documents';
import { type Place, Resolver } from '../workspace/resolver';
import { type Overlay, type SourceView, Views } from '../workspace/views';
import type { Workspace } from '../workspace/workspace';

export interface WorkspaceAccess {
  documents: DocumentStore;
  workspace(): Workspace;
}

export interface Navigation {
  views: Views;
  resolver: Resolver;
  encoding: PositionEncoding;
  openPaths: string[];
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return url.fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A file path as a URI; a document that is not a file (`untitled:`) is named by its URI already. */
export function pathToUri(path: string): string {
  return path.startsWith('/') ? url.pathToFileURL(path).href : path;
}

/** The name navigation gives an open document: its path, or its URI when it is not a file. */
export function documentKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}

/** The navigation state for a request: the session's open documents over its workspace. */
export function navigation(ctx: WorkspaceAccess): Navigation {
  const workspace = ctx.workspace();
  const byPath = new Map<string, DocumentSnapshot>();
  for (const doc of ctx.documents.all()) byPath.set(documentKey(doc.uri), doc);
  const overlay: Overlay = (path) => byPath.get(path);
  const views = new Views(workspace, overlay, [...byPath.keys()]);
  return {
    views,
    resolver: new Resolver(views),
    encoding: ctx.documents.encoding,
    openPaths: [...byPath.keys()],
  };
}

/** The view of an open document (its text wins over disk). */
export function viewOfUri(nav: Navigation, uri: string): SourceView | undefined {
  return nav.views.byPath(documentKey(uri));
}

/** Our UTF-16 column on a line of a file → the session's encoding. */
function column(nav: Navigation, path: string, line: number, character: number): number {
  if (nav.encoding === 'utf-16') return character;
  const view = nav.views.byPath(path);
  if (!view || view.summary.ascii) return character;
  const text = lineText(nav, view, line);
  return Buffer.byteLength(text.slice(0, character), 'utf8');
}

function lineText(nav: Navigation, view: SourceView, line: number): string {
  if (!view.open && view.id !== undefined) {
    try {
      return nav.views.workspace.store.lines(view.id, line, line + 1)[0] ?? '';
    } catch {
      return '';
    }
  }
  return view.text().split(/\r\n|\r|\n/)[line] ?? '';
}

export function placeRange(
  nav: Navigation,
  p: { path: string; line: number; character: number; endCharacter: number },
): Range {
  return {
    start: { line: p.line, character: column(nav, p.path, p.line, p.character) },
    end: { line: p.line, character: column(nav, p.path, p.line, p.endCharacter) },
  };
}

export function placeLocation(nav: Navigation, p: Place): Location {
  return { uri: pathToUri(p.path), range: placeRange(nav, p) };
}

export interface DocumentPosition {
  uri: string;
  parsed: ParsedDocument;
  /** The cursor as a UTF-16 offset of the open document. */
  offset: number;
  /** The session's open documents over its workspace (a one-file workspace without roots). */
  nav: Navigation;
  /** The document as navigation sees it. */
  view: SourceView;
}

/**
 * The step every position request starts with: validate the URI and position (then `check` any other
 * parameter, so errors come in that order), find the open document and its parse, and its view in the
 * session's workspace. Undefined when the document is not open.
 */
export function documentPosition(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  check?: () => void,
): DocumentPosition | undefined {
  const uri = requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  check?.();
  const parsed = parsedDocument(ctx, params, token);
  if (parsed === undefined) return undefined;
  const nav = navigation(ctx);
  const view = viewOfUri(nav, uri);
  if (!view) return undefined;
  return { uri, parsed, offset: parsed.doc.lines.offsetAt(position, parsed.encoding), nav, view };
}
