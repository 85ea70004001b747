// Front-end tests as data: every cases/*.case file holds cases of the form
//
//   === name
//   <Simple source>
//   --- outline | errors | imports | tree | folds | tokens | strings
//   <expected rendering>
//
// `errors` is always checked (a case without the section must parse with no errors); the other
// sections are checked when present. UPDATE_CASES=1 rewrites the expectations from the actual
// output, for review in the diff.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOutline, parse } from '../../server/src/language';
import { checkParse } from './invariants';
import {
  renderErrors,
  renderFolds,
  renderImports,
  renderOutline,
  renderStrings,
  renderTokens,
  renderTree,
} from './render';

const CASES_DIR = path.join(__dirname, '..', '..', '..', 'test', 'language', 'cases');
const SECTIONS = ['outline', 'errors', 'imports', 'tree', 'folds', 'tokens', 'strings'] as const;
type Section = (typeof SECTIONS)[number];

interface Case {
  name: string;
  source: string;
  expect: Partial<Record<Section, string>>;
}

function parseCaseFile(text: string): Case[] {
  const cases: Case[] = [];
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    const name = chunk.slice(0, nl).trim();
    const parts = chunk.slice(nl + 1).split(/^--- (\w+)\n/m);
    const c: Case = { name, source: parts[0].replace(/\n$/, ''), expect: {} };
    for (let i = 1; i < parts.length; i += 2) {
      const section = parts[i] as Section;
      if (!SECTIONS.includes(section)) throw new Error(`${name}: unknown section ${section}`);
      c.expect[section] = parts[i + 1].replace(/\n+$/, '');
    }
    cases.push(c);
  }
  return cases;
}

function actual(section: Section, source: string): string {
  const r = parse(source);
  switch (section) {
    case 'outline':
      return renderOutline(buildOutline(r));
    case 'errors':
      return renderErrors(r);
    case 'imports':
      return renderImports(buildOutline(r));
    case 'tree':
      return renderTree(r);
    case 'folds':
      return renderFolds(r);
    case 'tokens':
      return renderTokens(source);
    case 'strings':
      return renderStrings(source);
  }
}

/** The one place the tests call the front end. */
function check(c: Case): void {
  // Every case, valid or broken, also keeps the tree invariants (spans nested, linear work).
  checkParse(c.source, c.name);
  const expected: Partial<Record<Section, string>> = { errors: '(none)', ...c.expect };
  for (const section of SECTIONS) {
    const want = expected[section];
    if (want === undefined) continue;
    assert.equal(actual(section, c.source), want, `${c.name}: ${section}`);
  }
}

function rewrite(file: string, cases: Case[]): void {
  const out = cases.map((c) => {
    let s = `=== ${c.name}\n${c.source}\n`;
    for (const section of SECTIONS) {
      if (c.expect[section] !== undefined) s += `--- ${section}\n${actual(section, c.source)}\n`;
    }
    return s;
  });
  fs.writeFileSync(file, out.join('\n'));
}

for (const file of fs
  .readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.case'))
  .sort()) {
  const full = path.join(CASES_DIR, file);
  const cases = parseCaseFile(fs.readFileSync(full, 'utf8'));
  if (process.env.UPDATE_CASES) rewrite(full, cases);
  describe(`language cases: ${file}`, () => {
    for (const c of cases) it(c.name, () => check(c));
  });
}
