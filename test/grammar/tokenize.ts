// Tokenizes Simple text with the extension's TextMate grammar on the engine VS Code uses
// (vscode-textmate + the oniguruma wasm build), for the grammar tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const GRAMMAR_FILE = path.resolve(__dirname, '../../../client-vscode/syntaxes/simple.tmLanguage.json');

export interface LineTokens {
  line: string;
  tokens: { start: number; end: number; scopes: string[] }[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

export function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.simple'
          ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE)
          : null,
    });
    const grammar = await registry.loadGrammar('source.simple');
    if (!grammar) throw new Error('source.simple did not load');
    return grammar;
  })();
  return grammarPromise;
}

export function tokenizeLines(grammar: textmate.IGrammar, lines: string[]): LineTokens[] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state, 5000);
    if (r.stoppedEarly) throw new Error(`tokenizing stopped early (time limit) on: ${line}`);
    state = r.ruleStack;
    return {
      line,
      tokens: r.tokens.map((t) => ({
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        scopes: t.scopes,
      })),
    };
  });
}

/** The scopes at column `col` of a tokenized line. */
export function scopesAt(line: LineTokens, col: number): string[] {
  return line.tokens.find((t) => t.start <= col && col < t.end)?.scopes ?? [];
}
