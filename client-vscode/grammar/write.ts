// Writes syntaxes/simple.tmLanguage.json from simple-grammar.ts: `npm run grammar` after editing the source.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGrammar } from './simple-grammar';

export const GRAMMAR_JSON = path.join('client-vscode', 'syntaxes', 'simple.tmLanguage.json');

export function grammarText(): string {
  return JSON.stringify(simpleGrammar(), null, 2) + '\n';
}

if (require.main === module) {
  const root = process.argv[2] ?? '.';
  fs.writeFileSync(path.join(root, GRAMMAR_JSON), grammarText());
  process.stdout.write(`wrote ${GRAMMAR_JSON}\n`);
}
