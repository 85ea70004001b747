// How the extension reaches the server, decided from the settings and the files around the extension.
// Pure (no `vscode`): the result is turned into vscode-languageclient ServerOptions in extension.ts.
import * as path from 'node:path';
import type { ClientSettings } from './settings';

export type LaunchPlan =
  | {
      kind: 'process';
      command: string;
      args: string[];
      /** Which server: the setting, the repository build around the extension, or the bundled copy. */
      source: 'setting' | 'repository' | 'bundled';
      script: string;
    }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'socket'; path: string };

export interface LaunchEnvironment {
  extensionPath: string;
  /** The first workspace folder, for a relative simple.server.path. */
  workspaceFolder?: string;
  home?: string;
  exists(file: string): boolean;
}

export class LaunchError extends Error {}

/** The repository's launcher when the extension runs from client-vscode/ of a clone (development host). */
export function repositoryServer(env: LaunchEnvironment): string | undefined {
  const root = path.dirname(env.extensionPath);
  const launcher = path.join(root, 'bin', 'simple-lsp.js');
  return env.exists(launcher) && env.exists(path.join(root, 'server', 'src', 'main.ts'))
    ? launcher
    : undefined;
}

export function bundledServer(env: LaunchEnvironment): string {
  return path.join(env.extensionPath, 'server', 'simple-lsp.js');
}

export function planLaunch(settings: ClientSettings, env: LaunchEnvironment): LaunchPlan {
  if (settings.mode === 'tcp') return { kind: 'tcp', host: settings.host, port: settings.port };
  if (settings.mode === 'socket') {
    if (settings.socket === '')
      throw new LaunchError('simple.server.mode is "socket" but simple.server.socket is empty');
    return { kind: 'socket', path: expand(settings.socket, env) };
  }
  const flags = ['--stdio', '--log-level', settings.logLevel];
  let script: string;
  let source: 'setting' | 'repository' | 'bundled';
  if (settings.serverPath !== '') {
    script = expand(settings.serverPath, env);
    source = 'setting';
    if (!env.exists(script)) throw new LaunchError(`simple.server.path: ${script} does not exist`);
  } else {
    const repo = repositoryServer(env);
    if (repo !== undefined) {
      const root = path.dirname(path.dirname(repo));
      if (!env.exists(path.join(root, 'out', 'server', 'src', 'main.js')))
        throw new LaunchError(
          `the repository at ${root} is not built: run \`npm ci && npm run build\` there`,
        );
      script = repo;
      source = 'repository';
    } else {
      script = bundledServer(env);
      source = 'bundled';
      if (!env.exists(script))
        throw new LaunchError(`no server found: set simple.server.path (the bundled ${script} is missing)`);
    }
  }
  if (/\.[cm]?js$/.test(script))
    return { kind: 'process', command: settings.nodePath, args: [script, ...flags], source, script };
  return { kind: 'process', command: script, args: flags, source, script };
}

/** `~/x`, `${workspaceFolder}/x` and workspace-relative paths, made absolute. */
export function expand(p: string, env: LaunchEnvironment): string {
  let out = p;
  if (env.workspaceFolder !== undefined) out = out.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
  if (env.home !== undefined && (out === '~' || out.startsWith('~/')))
    out = path.join(env.home, out.slice(1));
  if (!path.isAbsolute(out) && env.workspaceFolder !== undefined) out = path.join(env.workspaceFolder, out);
  return path.normalize(out);
}

export function describePlan(plan: LaunchPlan): string {
  switch (plan.kind) {
    case 'process':
      return `stdio: ${plan.command} ${plan.args.join(' ')} (${plan.source} server)`;
    case 'tcp':
      return `tcp: ${plan.host}:${plan.port}`;
    case 'socket':
      return `socket: ${plan.path}`;
  }
}
