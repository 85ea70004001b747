// The extension's own settings (how to reach the server) and the shape of what it sends the server.
// Pure: no `vscode` import, so the tests run it in plain Node. The server's settings are described by
// server/src/config.ts; the contract test checks package.json's contributes.configuration against both.
import { SERVER_SETTINGS, type SettingSpec } from '../../../server/src/config';

export type ServerMode = 'stdio' | 'tcp' | 'socket';
export type TraceLevel = 'off' | 'messages' | 'verbose';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface ClientSettingSpec {
  key: string;
  type: 'string' | 'number' | 'string-enum';
  default: string | number;
  enum?: readonly string[];
  description: string;
  minimum?: number;
  maximum?: number;
}

export const CLIENT_SETTINGS: readonly ClientSettingSpec[] = [
  {
    key: 'simple.server.mode',
    type: 'string-enum',
    enum: ['stdio', 'tcp', 'socket'],
    default: 'stdio',
    description:
      'How to reach the server: start it as a child process over stdio, or connect to a running shared server over TCP or a Unix socket.',
  },
  {
    key: 'simple.server.path',
    type: 'string',
    default: '',
    description:
      'The server to start in stdio mode: a .js file run with the Node runtime, or an executable. Empty: the repository build next to the extension (bin/simple-lsp.js), else the copy bundled in the extension.',
  },
  {
    key: 'simple.server.nodePath',
    type: 'string',
    default: 'node',
    description:
      "Node runtime that runs the server (stdio mode). The system Node can load the server's native file store; where it cannot, the server falls back and says so in its log.",
  },
  {
    key: 'simple.server.host',
    type: 'string',
    default: '127.0.0.1',
    description: 'Host of the shared server (tcp mode).',
  },
  {
    key: 'simple.server.port',
    type: 'number',
    default: 7777,
    minimum: 1,
    maximum: 65535,
    description: 'Port of the shared server (tcp mode).',
  },
  {
    key: 'simple.server.socket',
    type: 'string',
    default: '',
    description: 'Path of the Unix socket of the shared server (socket mode).',
  },
  {
    key: 'simple.server.logLevel',
    type: 'string-enum',
    enum: ['error', 'warn', 'info', 'debug'],
    default: 'info',
    description: "The server's log level (stdio mode; the log shows in the 'Simple Language Server' output).",
  },
  {
    key: 'simple.trace.server',
    type: 'string-enum',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the LSP messages between VS Code and the server in the output channel.',
  },
];

/** Every setting the extension contributes: its own, then the server's. */
export function allSettings(): { key: string; default: unknown; spec: ClientSettingSpec | SettingSpec }[] {
  return [
    ...CLIENT_SETTINGS.map((spec) => ({ key: spec.key, default: spec.default, spec })),
    ...SERVER_SETTINGS.map((spec) => ({ key: spec.key, default: spec.default, spec })),
  ];
}

export interface ClientSettings {
  mode: ServerMode;
  serverPath: string;
  nodePath: string;
  host: string;
  port: number;
  socket: string;
  logLevel: LogLevel;
}

/** Reads the client settings through `get` (VS Code's configuration), falling back to defaults on bad values. */
export function readClientSettings(get: (key: string) => unknown): ClientSettings {
  const value = <T>(key: string, ok: (v: unknown) => boolean): T => {
    const spec = CLIENT_SETTINGS.find((s) => s.key === key)!;
    const v = get(key);
    return (v !== undefined && ok(v) ? v : spec.default) as T;
  };
  const oneOf = (key: string) => (v: unknown) =>
    typeof v === 'string' && (CLIENT_SETTINGS.find((s) => s.key === key)!.enum ?? []).includes(v);
  const str = (v: unknown) => typeof v === 'string';
  return {
    mode: value('simple.server.mode', oneOf('simple.server.mode')),
    serverPath: value<string>('simple.server.path', str).trim(),
    nodePath: value<string>('simple.server.nodePath', (v) => str(v) && (v as string).trim() !== '').trim(),
    host: value('simple.server.host', (v) => str(v) && (v as string).trim() !== ''),
    port: value(
      'simple.server.port',
      (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535,
    ),
    socket: value<string>('simple.server.socket', str).trim(),
    logLevel: value('simple.server.logLevel', oneOf('simple.server.logLevel')),
  };
}

/**
 * The `simple` section as the server reads it (nested, like VS Code's getConfiguration('simple') and what
 * Neovim/eglot users write): sent as initializationOptions and answered to workspace/configuration.
 */
export function serverSection(get: (key: string) => unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const spec of SERVER_SETTINGS) {
    const value = get(spec.key);
    if (value === undefined) continue;
    const parts = spec.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return root;
}
