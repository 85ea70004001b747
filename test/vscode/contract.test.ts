// The extension's contributes.configuration is exactly the client's settings plus the server's schema
// (server/src/config.ts): same keys, types, defaults and bounds. Also the config reader itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_SETTINGS, readClientSettings, serverSection } from '../../client-vscode/src/core/settings';
import { readSettings, SERVER_SETTINGS } from '../../server/src/config';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'client-vscode', 'package.json'), 'utf8'));
const props: Record<
  string,
  {
    type: string;
    default: unknown;
    enum?: string[];
    minimum?: number;
    maximum?: number;
    items?: { type: string };
  }
> = pkg.contributes.configuration.properties;

describe('vscode: configuration contract', () => {
  it('contributes exactly the client and server settings', () => {
    const expected = [...CLIENT_SETTINGS.map((s) => s.key), ...SERVER_SETTINGS.map((s) => s.key)].sort();
    assert.deepEqual(Object.keys(props).sort(), expected);
  });

  it("every server setting has the server's type, default and bounds", () => {
    for (const s of SERVER_SETTINGS) {
      const p = props[s.key];
      assert.equal(p.type, s.type === 'string[]' ? 'array' : s.type, s.key);
      if (s.type === 'string[]') assert.deepEqual(p.items, { type: 'string' }, s.key);
      assert.deepEqual(p.default, s.default, s.key);
      assert.equal(p.minimum, s.minimum, s.key);
      assert.equal(p.maximum, s.maximum, s.key);
    }
  });

  it('every client setting has its type, default and choices', () => {
    for (const s of CLIENT_SETTINGS) {
      const p = props[s.key];
      assert.equal(p.type, s.type === 'string-enum' ? 'string' : s.type, s.key);
      assert.deepEqual(p.default, s.default, s.key);
      assert.deepEqual(p.enum, s.enum ? [...s.enum] : undefined, s.key);
      if (s.enum) assert.ok(s.enum.includes(s.default as string), `${s.key}: default is one of the choices`);
    }
  });

  it('the defaults VS Code sends are read back by the server unchanged', () => {
    const section = serverSection((k) => props[k]?.default);
    const read = readSettings(section);
    assert.deepEqual(read.problems, []);
    assert.equal(read.given.size, SERVER_SETTINGS.length);
    assert.equal(read.settings.diagnosticsDebounceMs, 50);
    assert.deepEqual(read.settings.indexInclude, ['**/*.spl']);
  });
});

describe('server config reader', () => {
  const cases: { name: string; raw: unknown; debounce: number; include: string[]; problems: number }[] = [
    { name: 'nothing', raw: undefined, debounce: 50, include: ['**/*.spl'], problems: 0 },
    { name: 'null', raw: null, debounce: 50, include: ['**/*.spl'], problems: 0 },
    {
      name: 'nested',
      raw: { simple: { diagnostics: { debounceMs: 7 }, index: { include: ['src/**'] } } },
      debounce: 7,
      include: ['src/**'],
      problems: 0,
    },
    {
      name: 'dotted',
      raw: { 'simple.diagnostics.debounceMs': 9, 'simple.index.include': 'a/**' },
      debounce: 9,
      include: ['a/**'],
      problems: 0,
    },
    {
      name: 'partly dotted',
      raw: { simple: { 'index.include': ['x'] } },
      debounce: 50,
      include: ['x'],
      problems: 0,
    },
    {
      name: 'clamped and floored',
      raw: { simple: { diagnostics: { debounceMs: 99999.7 } } },
      debounce: 10000,
      include: ['**/*.spl'],
      problems: 0,
    },
    {
      name: 'negative',
      raw: { simple: { diagnostics: { debounceMs: -1 } } },
      debounce: 50,
      include: ['**/*.spl'],
      problems: 1,
    },
    {
      name: 'wrong types',
      raw: { simple: { diagnostics: { debounceMs: '5' }, index: { include: 3 } } },
      debounce: 50,
      include: ['**/*.spl'],
      problems: 2,
    },
    {
      name: 'bad glob items dropped',
      raw: { simple: { index: { include: ['ok/**', '', 4, null] } } },
      debounce: 50,
      include: ['ok/**'],
      problems: 3,
    },
    {
      name: 'NaN',
      raw: { simple: { diagnostics: { debounceMs: NaN } } },
      debounce: 50,
      include: ['**/*.spl'],
      problems: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readSettings(c.raw);
      assert.equal(r.settings.diagnosticsDebounceMs, c.debounce);
      assert.deepEqual(r.settings.indexInclude, c.include);
      assert.equal(r.problems.length, c.problems, r.problems.join('; '));
      for (const p of r.problems) assert.match(p, /^simple\.[a-z.A-Z]+: /);
    });
  }

  it('client settings fall back to defaults on bad values', () => {
    const s = readClientSettings(
      (k) =>
        ({
          'simple.server.mode': 'carrier-pigeon',
          'simple.server.port': 70000,
          'simple.server.nodePath': '  ',
        })[k],
    );
    assert.equal(s.mode, 'stdio');
    assert.equal(s.port, 7777);
    assert.equal(s.nodePath, 'node');
  });
});
