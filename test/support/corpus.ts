// Every Simple source the tests have: the demo fixture workspace, the protocol fixtures, the sources of
// all language case files, and a slice of the generator's output. Property tests run over all of it.
import * as fs from 'fs';
import * as path from 'path';
import { generateFiles } from '../../fixtures/generate';
import { fixtureFiles, REPO_ROOT } from './fixture-files';

export interface CorpusFile {
  name: string;
  text: string;
}

function caseSources(): CorpusFile[] {
  const dir = path.join(REPO_ROOT, 'test', 'language', 'cases');
  const out: CorpusFile[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.case'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const chunk of text.split(/^=== /m).slice(1)) {
      const nl = chunk.indexOf('\n');
      const source = chunk.slice(nl + 1).split(/^--- \w+\n/m)[0];
      out.push({ name: `${file}: ${chunk.slice(0, nl).trim()}`, text: source.replace('$0', '') });
    }
  }
  return out;
}

export function corpus(generated = 40): CorpusFile[] {
  const mini = path.join(REPO_ROOT, 'test', 'fixtures', 'demo-mini');
  return [
    ...fixtureFiles('demo').map((f) => ({ name: `demo/${f.path}`, text: f.text })),
    ...fs
      .readdirSync(mini)
      .map((f) => ({ name: `demo-mini/${f}`, text: fs.readFileSync(path.join(mini, f), 'utf8') })),
    ...caseSources(),
    ...[...generateFiles({ files: generated, seed: 11 })].map((f) => ({
      name: `generated/${f.path}`,
      text: f.text,
    })),
  ];
}
