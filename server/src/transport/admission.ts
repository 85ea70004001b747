// Who may use the shared server: the roots it was told to serve (--workspace DIR) or roots under an
// --allow-root prefix, and, with --token-file, the shared secret in initializationOptions.token (compared in
// constant time). Pure checks on the initialize params; the TCP server turns a refusal into an error reply.
import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AdmissionPolicy {
  /** Served roots (absolute, real paths): a client root must be one of them or inside one. */
  workspaces: readonly string[];
  /** Prefixes (absolute, real paths): any root inside one is allowed. */
  allowRoots: readonly string[];
  /** The shared secret, when one is required. */
  token?: string;
}

/** Absolute real path (symlinks resolved where the path exists), so a link cannot lead outside a root. */
export function canonical(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return abs;
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

interface InitializeLike {
  rootUri?: unknown;
  rootPath?: unknown;
  workspaceFolders?: unknown;
  initializationOptions?: unknown;
}

/** The roots a client names: rootUri (or rootPath) and every workspace folder. Throws on a non-file URI. */
export function clientRoots(params: InitializeLike): string[] {
  const roots: string[] = [];
  const fromUri = (uri: unknown, field: string): void => {
    if (typeof uri !== 'string') throw new Error(`${field} must be a string`);
    if (!uri.startsWith('file:')) throw new Error(`${field} ${JSON.stringify(uri)} is not a file: URI`);
    roots.push(fileURLToPath(uri));
  };
  if (params.rootUri !== undefined && params.rootUri !== null) fromUri(params.rootUri, 'rootUri');
  else if (typeof params.rootPath === 'string') roots.push(params.rootPath);
  if (Array.isArray(params.workspaceFolders)) {
    for (const f of params.workspaceFolders as { uri?: unknown }[]) fromUri(f?.uri, 'workspaceFolders[].uri');
  }
  return roots;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** undefined when the client may proceed, else the reason it may not (sent to the client). */
export function admit(policy: AdmissionPolicy, params: InitializeLike): string | undefined {
  if (policy.token !== undefined) {
    const given = (params.initializationOptions as { token?: unknown } | null | undefined)?.token;
    // Digests of equal length, compared in constant time: neither the secret nor its length leaks.
    const ok = typeof given === 'string' && timingSafeEqual(digest(given), digest(policy.token));
    if (!ok) return 'this server requires initializationOptions.token (the contents of its --token-file)';
  }
  let roots: string[];
  try {
    roots = clientRoots(params);
  } catch (error) {
    return `initialize names a root this server cannot serve: ${(error as Error).message}`;
  }
  for (const root of roots) {
    const why = admitRoot(policy, root);
    if (why !== undefined) return why;
  }
  return undefined;
}

/** undefined when the policy serves `root` (at initialize, or as a folder added later), else why not. */
export function admitRoot(policy: AdmissionPolicy, root: string): string | undefined {
  const real = canonical(root);
  const ok = policy.workspaces.some((w) => inside(real, w)) || policy.allowRoots.some((p) => inside(real, p));
  if (ok) return undefined;
  const served = [...policy.workspaces, ...policy.allowRoots.map((p) => `${p}/**`)].join(', ');
  return `root ${real} is not served by this server (it serves ${served || 'no roots'}); start it with --workspace ${real} or --allow-root PREFIX`;
}
