// URIs ↔ the file keys the analysis layer names files by: the absolute path of a `file:` URI, else the
// URI itself (an `untitled:` document is a one-file workspace of its own).
import * as url from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return url.fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A file key as a URI; a document that is not a file (`untitled:`) is named by its URI already. */
export function pathToUri(path: string): string {
  return path.startsWith('/') ? url.pathToFileURL(path).href : path;
}

/** The key the analysis layer gives an open document: its path, or its URI when it is not a file. */
export function documentKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
