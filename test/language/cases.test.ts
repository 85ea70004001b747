// Front-end tests as data: every cases/*.case file holds cases of the form
//
//   === name
//   <Simple source>
//   --- outline | errors | imports | tree | folds | tokens | strings | definition | highlights | hover
//
// `$0` in the source marks the cursor for the definition and highlights sections.
//   <expected rendering>
//
// `errors` is always checked (a case without the section must parse with no errors); the other
// sections are checked when present. UPDATE_CASES=1 rewrites the expectations from the actual
// output, for review in the diff (UPDATE_CASES=name: only the case files whose name contains it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildOutline,
  definitionAt,
  hoverAt,
  occurrencesAt,
  parse,
  inlayHints,
  semanticTokens,
  signatureHelpAt,
} from '../../server/src/language';
import { checkParse } from './invariants';
import {
  renderErrors,
  renderFolds,
  renderImports,
  lineCol,
  renderOutline,
  renderSemantic,
  renderSpans,
  renderStrings,
  renderTokens,
  renderTree,
} from './render';

const CASES_DIR = path.join(__dirname, '..', '..', '..', 'test', 'language', 'cases');
const SECTIONS = [
  'outline',
  'errors',
  'imports',
  'tree',
  'folds',
  'tokens',
  'strings',
  'definition',
  'highlights',
  'hover',
  'semantic',
  'signature',
  'inlay',
] as const;
type Section = (typeof SECTIONS)[number];

interface Case {
  name: string;
  /** The source with the cursor marker `$0` removed. */
  source: string;
  /** Where `$0` stood, for the definition and highlights sections. */
  cursor: number;
  /** The source as written in the case file (with `$0`), for rewriting. */
  written: string;
  expect: Partial<Record<Section, string>>;
}

function parseCaseFile(text: string): Case[] {
  const cases: Case[] = [];
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    const name = chunk.slice(0, nl).trim();
    const parts = chunk.slice(nl + 1).split(/^--- (\w+)\n/m);
    const written = parts[0].replace(/\n$/, '');
    const c: Case = {
      name,
      source: written.replace('$0', ''),
      cursor: written.indexOf('$0'),
      written,
      expect: {},
    };
    for (let i = 1; i < parts.length; i += 2) {
      const section = parts[i] as Section;
      if (!SECTIONS.includes(section)) throw new Error(`${name}: unknown section ${section}`);
      c.expect[section] = parts[i + 1].replace(/\n+$/, '');
    }
    cases.push(c);
  }
  return cases;
}

function actual(section: Section, source: string, cursor: number): string {
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
    case 'hover': {
      if (cursor < 0) throw new Error('a hover section needs a $0 cursor in the source');
      const h = hoverAt(r, cursor);
      if (!h) return '(none)';
      const head = `${h.role}${h.container ? ` in ${h.container}` : ''}: ${h.signature}`;
      return h.doc ? `${head}\ndoc: ${h.doc}` : head;
    }
    case 'signature': {
      if (cursor < 0) throw new Error('a signature section needs a $0 cursor in the source');
      const help = signatureHelpAt(r, cursor);
      if (!help) return '(none)';
      const lines = help.signatures.map((s, i) => `${i === help.activeSignature ? '>' : ' '} ${s.label}`);
      const sig = help.signatures[help.activeSignature];
      const p = help.activeParameter === undefined ? undefined : sig.params[help.activeParameter];
      lines.push(`active: ${p ? p.label : '(none)'}`);
      if (sig.doc) lines.push(`doc: ${sig.doc}`);
      return lines.join('\n');
    }
    case 'inlay': {
      const hints = inlayHints(r).map((h) => `${lineCol(source, h.offset)} ${h.kind} ${h.label}`);
      return hints.join('\n') || '(none)';
    }
    case 'semantic':
      return renderSemantic(source, semanticTokens(r));
    case 'definition':
    case 'highlights':
      if (cursor < 0) throw new Error(`a ${section} section needs a $0 cursor in the source`);
      return renderSpans(
        r.text,
        section === 'definition' ? definitionAt(r, cursor) : occurrencesAt(r, cursor),
      );
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
    assert.equal(actual(section, c.source, c.cursor), want, `${c.name}: ${section}`);
  }
}

function rewrite(file: string, cases: Case[]): void {
  const out = cases.map((c) => {
    let s = `=== ${c.name}\n${c.written}\n`;
    for (const section of SECTIONS) {
      if (c.expect[section] !== undefined) s += `--- ${section}\n${actual(section, c.source, c.cursor)}\n`;
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
  const update = process.env.UPDATE_CASES;
  if (update && (update === '1' || file.includes(update))) rewrite(full, cases);
  describe(`language cases: ${file}`, () => {
    for (const c of cases) it(c.name, () => check(c));
  });
}
