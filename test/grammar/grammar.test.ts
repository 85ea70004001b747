// The TextMate grammar on VS Code's engine: scope assertions written in test/grammar/cases/*.spl, the
// checked-in JSON equal to its TypeScript source, and the demo workspace (valid code) free of
// `invalid` scopes and of strings that never close.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { grammarText, GRAMMAR_JSON } from '../../client-vscode/grammar/write';
import { hasScope, parseFixture } from './assertions';
import { loadGrammar, scopesAt, tokenizeLines } from './tokenize';

const ROOT = path.resolve(__dirname, '../../..');
const CASES = path.join(ROOT, 'test', 'grammar', 'cases');

function check(file: string): void {
  it(file, async () => {
    const grammar = await loadGrammar();
    const fixture = parseFixture(fs.readFileSync(path.join(CASES, file), 'utf8'));
    assert.ok(fixture.assertions.length > 0, `${file} has no assertions`);
    const lines = tokenizeLines(grammar, fixture.source);
    const failures: string[] = [];
    for (const a of fixture.assertions) {
      const line = lines[a.line];
      for (const col of a.columns) {
        const scopes = scopesAt(line, col);
        const missing = a.want.filter((w) => !hasScope(scopes, w));
        const unwanted = a.wantNot.filter((w) => hasScope(scopes, w));
        if (missing.length > 0 || unwanted.length > 0) {
          const what = [...missing.map((m) => `missing ${m}`), ...unwanted.map((u) => `unwanted ${u}`)];
          failures.push(
            `${file}:${a.fileLine} col ${col} ('${line.line[col] ?? ''}' in "${line.line.trim()}"): ` +
              `${what.join(', ')}; has [${scopes.join(' ')}]`,
          );
          break;
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}

describe('grammar: scope assertions', () => {
  for (const file of fs
    .readdirSync(CASES)
    .filter((f) => f.endsWith('.spl'))
    .sort())
    check(file);
});

describe('grammar: generated file', () => {
  it(`${GRAMMAR_JSON} is what client-vscode/grammar/simple-grammar.ts generates (npm run grammar)`, () => {
    assert.equal(fs.readFileSync(path.join(ROOT, GRAMMAR_JSON), 'utf8'), grammarText());
  });
});

function splFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.spl'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('grammar: the demo workspace', () => {
  const demo = path.join(ROOT, 'fixtures', 'demo');
  for (const file of splFiles(demo).filter((f) => !f.endsWith('broken.spl'))) {
    it(path.relative(ROOT, file), async () => {
      const grammar = await loadGrammar();
      const lines = tokenizeLines(grammar, fs.readFileSync(file, 'utf8').split(/\r?\n/));
      const bad: string[] = [];
      lines.forEach((l, i) => {
        for (const t of l.tokens) {
          if (t.scopes.some((s) => s.startsWith('invalid')))
            bad.push(`${i + 1}: invalid at ${t.start} in ${l.line}`);
        }
        // A declaration line never starts inside a string: a string that failed to close would show here.
        if (/^\s*(fn|class|struct|enum|trait|impl|describe|use)\b/.test(l.line)) {
          const first = l.line.search(/\S/);
          if (hasScopeAt(l.tokens, first, 'string')) bad.push(`${i + 1}: starts inside a string: ${l.line}`);
        }
      });
      assert.deepEqual(bad, []);
    });
  }
});

function hasScopeAt(
  tokens: { start: number; end: number; scopes: string[] }[],
  col: number,
  s: string,
): boolean {
  const t = tokens.find((x) => x.start <= col && col < x.end);
  return t !== undefined && hasScope(t.scopes, s);
}
