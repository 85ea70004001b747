// The settings the server reads (initializationOptions, workspace/didChangeConfiguration, and
// workspace/configuration answers), as one schema: key, type, default, bounds and description. Editors'
// settings UIs are generated from it or checked against it (client-vscode's contributes.configuration).
// The reader never throws: a wrong value is ignored with a problem message naming the key.

export type SettingType = 'number' | 'string' | 'string[]' | 'boolean';

export interface SettingSpec {
  /** Full dotted key, as editors spell it: `simple.diagnostics.debounceMs`. */
  key: string;
  type: SettingType;
  default: number | string | string[] | boolean;
  description: string;
  minimum?: number;
  /** Larger numbers are clamped to this. */
  maximum?: number;
  /** How a change made while the server runs takes effect (docs/protocol.md lists it per setting). */
  live: string;
}

export const SETTINGS_SECTION = 'simple';

export const DEFAULT_INCLUDE = ['**/*.spl'];
export const DEFAULT_EXCLUDE = ['**/.git/**', '**/node_modules/**', '**/.simple-lsp-cache/**'];

export const SERVER_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'simple.diagnostics.debounceMs',
    type: 'number',
    default: 50,
    minimum: 0,
    maximum: 10_000,
    description:
      'Milliseconds to wait after the last edit before a document is re-checked for syntax errors.',
    live: 'yes: the next edit waits the new delay',
  },
  {
    key: 'simple.index.include',
    type: 'string[]',
    default: DEFAULT_INCLUDE,
    description: 'Glob patterns (relative to each workspace folder) of the files the workspace index reads.',
    live: 'yes: files it adds are indexed and files it drops leave the index; nothing else is read again',
  },
  {
    key: 'simple.index.exclude',
    type: 'string[]',
    default: DEFAULT_EXCLUDE,
    description:
      'Glob patterns (relative to each workspace folder) of files and folders the workspace index skips, even when included.',
    live: 'yes: as simple.index.include',
  },
  {
    key: 'simple.stdlib.path',
    type: 'string',
    default: '',
    description:
      "Where the Simple standard library's sources are: the toolchain's install directory (the one holding `src/lib`), or its `src` or `src/lib`. Empty: taken from `SIMPLE_LIB` (set by the toolchain's `bin/simple`), else from the `simple` executable on `PATH`. The library is indexed with the workspace so its declarations resolve; without one, core types (`text`, lists, dicts, `Option`, `Result`, numbers) are described from the server's own declarations.",
    live: 'yes: the workspace is re-shaped with the library found (or without one)',
  },
  {
    key: 'simple.diagnostics.unknownMembers',
    type: 'boolean',
    default: false,
    description:
      "Report `x.name` where `x` is certainly of a type declared in the workspace that has no member `name` (its body, its `impl` blocks and its traits). Off by default: on the compiler's and standard library's own sources it still reports members the type layer cannot see (impl blocks outside the workspace, narrowing it does not follow).",
    live: 'yes: open documents are checked again',
  },
  {
    key: 'simple.index.prebuilt',
    type: 'string',
    default: '',
    description:
      "A SCIP index written by 'simple-lsp scip' (absolute, or relative to the first workspace folder) to start the workspace index from; files whose content differs are indexed locally. Empty: none.",
    live: 'no: read once, when a workspace is first indexed',
  },
];

export interface ServerSettings {
  diagnosticsDebounceMs: number;
  indexInclude: string[];
  indexExclude: string[];
  stdlibPath: string;
  diagnosticsUnknownMembers: boolean;
  indexPrebuilt: string;
}

export interface SettingsRead {
  /** Every setting: the given value where valid, else the default. */
  settings: ServerSettings;
  /** Keys whose value was given and valid. */
  given: Set<string>;
  /** One message per ignored value, naming its key. */
  problems: string[];
}

const FIELD: Record<string, keyof ServerSettings> = {
  'simple.diagnostics.debounceMs': 'diagnosticsDebounceMs',
  'simple.index.include': 'indexInclude',
  'simple.index.exclude': 'indexExclude',
  'simple.index.prebuilt': 'indexPrebuilt',
  'simple.stdlib.path': 'stdlibPath',
  'simple.diagnostics.unknownMembers': 'diagnosticsUnknownMembers',
};

export function specOf(key: string): SettingSpec {
  const spec = SERVER_SETTINGS.find((s) => s.key === key);
  if (spec === undefined) throw new Error(`unknown setting ${key}`);
  return spec;
}

/**
 * Reads every setting from a settings object as clients send it: nested (`{simple: {diagnostics:
 * {debounceMs: 0}}}`, what VS Code, Neovim and eglot send) or with dotted keys at any level
 * (`{"simple.diagnostics.debounceMs": 0}`, `{simple: {"index.include": [...]}}`).
 */
export function readSettings(raw: unknown): SettingsRead {
  const settings: ServerSettings = {
    diagnosticsDebounceMs: 0,
    indexInclude: [],
    indexExclude: [],
    indexPrebuilt: '',
    stdlibPath: '',
    diagnosticsUnknownMembers: false,
  };
  const given = new Set<string>();
  const problems: string[] = [];
  for (const spec of SERVER_SETTINGS) {
    const found = lookup(raw, spec.key);
    let value = spec.default;
    if (found !== undefined) {
      const checked = validate(spec, found, problems);
      if (checked !== undefined) {
        value = checked;
        given.add(spec.key);
      }
    }
    (settings as unknown as Record<string, unknown>)[FIELD[spec.key]] = Array.isArray(value)
      ? [...value]
      : value;
  }
  return { settings, given, problems };
}

/**
 * Every setting from layers of settings objects, later layers winning key by key: initializationOptions
 * first, then what the client last sent or answered (didChangeConfiguration, workspace/configuration).
 * A key no layer gives validly takes its default, so a setting the user removes goes back to it.
 */
export function readLayeredSettings(layers: readonly unknown[]): SettingsRead {
  const reads = layers.map(readSettings);
  const out: SettingsRead = {
    settings: readSettings(undefined).settings,
    given: new Set(),
    problems: reads.flatMap((r) => r.problems),
  };
  for (const spec of SERVER_SETTINGS) {
    const from = [...reads].reverse().find((r) => r.given.has(spec.key));
    if (from === undefined) continue;
    const field = FIELD[spec.key];
    (out.settings as unknown as Record<string, unknown>)[field] = from.settings[field];
    out.given.add(spec.key);
  }
  return out;
}

/** Settings whose values differ between two reads (keys as editors spell them). */
export function changedSettings(before: ServerSettings, after: ServerSettings): string[] {
  return SERVER_SETTINGS.filter(
    (spec) => JSON.stringify(before[FIELD[spec.key]]) !== JSON.stringify(after[FIELD[spec.key]]),
  ).map((spec) => spec.key);
}

/** One setting's valid value, or undefined when it is absent or invalid (problems, if given, say why). */
export function readSetting(
  raw: unknown,
  key: string,
  problems: string[] = [],
): number | string | string[] | boolean | undefined {
  const spec = specOf(key);
  const found = lookup(raw, key);
  return found === undefined ? undefined : validate(spec, found, problems);
}

function validate(
  spec: SettingSpec,
  value: unknown,
  problems: string[],
): number | string | string[] | boolean | undefined {
  if (spec.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    problems.push(`${spec.key}: expected true or false, got ${describe(value)}`);
    return undefined;
  }
  if (spec.type === 'string') {
    if (typeof value === 'string') return value.trim();
    problems.push(`${spec.key}: expected a string, got ${describe(value)}`);
    return undefined;
  }
  if (spec.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`${spec.key}: expected a number, got ${describe(value)}`);
      return undefined;
    }
    if (spec.minimum !== undefined && value < spec.minimum) {
      problems.push(`${spec.key}: ${value} is below the minimum ${spec.minimum}`);
      return undefined;
    }
    const floored = Math.floor(value);
    return spec.maximum !== undefined ? Math.min(floored, spec.maximum) : floored;
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) {
    problems.push(`${spec.key}: expected an array of glob strings, got ${describe(value)}`);
    return undefined;
  }
  const globs: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' && item.trim() !== '') globs.push(item);
    else problems.push(`${spec.key}: ignored ${describe(item)} (globs are non-empty strings)`);
  }
  return globs;
}

/** The value at a dotted key, accepting nested objects and dotted keys at any depth. */
function lookup(raw: unknown, key: string): unknown {
  return find(raw, key.split('.'));
}

function find(node: unknown, parts: string[]): unknown {
  if (parts.length === 0) return node;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const obj = node as Record<string, unknown>;
  for (let n = parts.length; n >= 1; n--) {
    const head = parts.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(obj, head)) {
      const hit = find(obj[head], parts.slice(n));
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Does a settings object carry the server's section (`simple`, or dotted `simple.` keys)? */
export function hasSettingsSection(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  return Object.keys(raw).some((k) => k === SETTINGS_SECTION || k.startsWith(`${SETTINGS_SECTION}.`));
}
