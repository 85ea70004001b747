// The SCIP index as data. Each workspace (the demo workspace, and every case of cases/*.ws, written to a
// temporary directory) is indexed by writeScip() — what `simple-lsp scip` runs — and the file is decoded
// with SCIP's protobuf schema. Then, against the server's own answers on a real Workspace:
//   - every definition the Resolver returns for a name has an occurrence there with a symbol whose
//     definition occurrence is at that place; every reference findReferences returns carries it too;
//   - each declaration has exactly one global symbol, valid in SCIP's grammar, the same on a second run
//     from another directory; names only one file can see are `local N`, defined in that document;
//   - declarations with a docstring carry it after their signature.
// A case's `--- expect` section is the rendered index (UPDATE_CASES=1 rewrites it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { type Document, type Index, IndexSchema, SymbolInformation_Kind, SymbolRole } from '@c4312/scip';
import { Logger } from '../../server/src/logger';
import { Field, field } from '../../server/src/language/summary';
import { runScip, writeScip } from '../../server/src/scip/run';
import { isLocalSymbol, SCHEME } from '../../server/src/scip/symbols';
import { FsStore } from '../../server/src/store/fs-store';
import { describeDecl } from '../../server/src/workspace/hover-info';
import { findReferences } from '../../server/src/workspace/references';
import { type Place, Resolver } from '../../server/src/workspace/resolver';
import { Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { generateWorkspace } from '../../fixtures/generate';
import { REPO_ROOT } from '../support/fixture-files';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });
const CASES_DIR = path.join(REPO_ROOT, 'test', 'scip', 'cases');
const PREFIX = `${SCHEME} . . . `;

interface Case {
  name: string;
  files: { path: string; text: string }[];
  expect: string;
  written: string;
}

function parseCases(text: string): Case[] {
  return text
    .split(/^=== /m)
    .slice(1)
    .map((chunk) => {
      const nl = chunk.indexOf('\n');
      const parts = chunk.slice(nl + 1).split(/^--- (\w+)(?: (.*))?\n/m);
      const c: Case = { name: chunk.slice(0, nl).trim(), files: [], expect: '', written: chunk };
      for (let i = 1; i < parts.length; i += 3) {
        if (parts[i] === 'file') c.files.push({ path: parts[i + 1].trim(), text: parts[i + 2] });
        else if (parts[i] === 'expect') c.expect = parts[i + 2].replace(/\n+$/, '');
      }
      return c;
    });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'simple-scip-'));
}

function writeFiles(dir: string, files: Case['files']): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
}

async function indexOf(dir: string): Promise<Index> {
  return fromBinary(IndexSchema, await indexBytes(dir));
}

/** The bytes `simple-lsp scip` writes for `dir` (documents made on `workers` threads; default: per core). */
async function indexBytes(dir: string, workers?: number): Promise<Buffer> {
  const out = path.join(tempDir(), 'index.scip');
  const store = new FsStore();
  try {
    const r = await writeScip({ dir, out, ...(workers !== undefined ? { workers } : {}) }, store, quiet);
    if (workers !== undefined) assert.equal(r.workers, workers, r.inProcess);
    return fs.readFileSync(out);
  } finally {
    store.close();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

async function withWorkspace<T>(dir: string, body: (ws: Workspace) => Promise<T>): Promise<T> {
  const store = new FsStore();
  const ws = new Workspace({ roots: [dir], store, logger: quiet, workers: 0 });
  try {
    await ws.ready();
    return await body(ws);
  } finally {
    ws.close();
    store.close();
  }
}

const ROLE_NAMES: [number, string][] = [
  [SymbolRole.Definition, 'def'],
  [SymbolRole.Import, 'import'],
  [SymbolRole.WriteAccess, 'write'],
  [SymbolRole.ReadAccess, 'read'],
];

const short = (symbol: string): string => (symbol.startsWith(PREFIX) ? symbol.slice(PREFIX.length) : symbol);

/** The index as text: per document, its occurrences and its symbols. */
function render(index: Index): string {
  const lines: string[] = [];
  for (const d of [...index.documents].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1))) {
    lines.push(d.relativePath);
    for (const o of d.occurrences) {
      const roles = ROLE_NAMES.filter(([bit]) => o.symbolRoles & bit).map(([, n]) => n);
      lines.push(
        `${o.range[0]}:${o.range[1]}-${o.range[o.range.length - 1]} ${[...roles, short(o.symbol)].join(' ')}`,
      );
    }
    for (const s of d.symbols) {
      const parts = [`symbol ${short(s.symbol)} ${SymbolInformation_Kind[s.kind]}`];
      if (s.documentation.length > 0) parts.push(JSON.stringify(s.documentation));
      if (s.enclosingSymbol) parts.push(`enclosing ${short(s.enclosingSymbol)}`);
      for (const r of s.relationships) {
        if (r.isImplementation) parts.push(`implements ${short(r.symbol)}`);
        if (r.isTypeDefinition) parts.push(`type-definition ${short(r.symbol)}`);
      }
      lines.push(parts.join(' '));
    }
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ the properties

interface Located {
  doc: Document;
  line: number;
  character: number;
  endCharacter: number;
}

/** Occurrences by "path:line:character", and each symbol's definitions. */
function tables(index: Index): {
  at: Map<string, { symbol: string; roles: number }[]>;
  definitions: Map<string, Located[]>;
} {
  const at = new Map<string, { symbol: string; roles: number }[]>();
  const definitions = new Map<string, Located[]>();
  for (const doc of index.documents) {
    for (const o of doc.occurrences) {
      const key = `${doc.relativePath}:${o.range[0]}:${o.range[1]}`;
      let list = at.get(key);
      if (!list) at.set(key, (list = []));
      list.push({ symbol: o.symbol, roles: o.symbolRoles });
      if (o.symbolRoles & SymbolRole.Definition) {
        const defKey = isLocalSymbol(o.symbol) ? `${doc.relativePath} ${o.symbol}` : o.symbol;
        let defs = definitions.get(defKey);
        if (!defs) definitions.set(defKey, (defs = []));
        defs.push({
          doc,
          line: o.range[0],
          character: o.range[1],
          endCharacter: o.range[o.range.length - 1],
        });
      }
    }
  }
  return { at, definitions };
}

async function checkProperties(dir: string, index: Index, coreMembers = false): Promise<void> {
  const { at, definitions } = tables(index);
  const rel = (p: string): string => path.relative(dir, p).split(path.sep).join('/');
  // Unique: one definition per global symbol, one per local symbol of a document.
  for (const [symbol, defs] of definitions) assert.equal(defs.length, 1, `${symbol} is defined once`);
  await withWorkspace(dir, async (ws) => {
    const views = new Views(ws);
    const resolver = new Resolver(views);
    const symbolsAt = (p: string, line: number, character: number): string[] =>
      (at.get(`${p}:${line}:${character}`) ?? []).map((o) => o.symbol);
    let checked = 0;
    let coreChecked = 0;
    const externals = new Map(index.externalSymbols.map((e) => [e.symbol, e]));
    for (const file of ws.index.allFiles()) {
      const view = views.byId(file.id)!;
      const text = view.text();
      const doc = index.documents.find((d) => d.relativePath === rel(file.path));
      assert.ok(doc, `${rel(file.path)} has a document`);
      // Documentation for every documented declaration, after its signature.
      for (let i = 0; i < file.summary.names.length; i++) {
        const info = describeDecl(views, { view, index: i });
        const defs: Document['occurrences'] = doc.occurrences.filter(
          (o) =>
            o.symbolRoles & SymbolRole.Definition &&
            o.range[0] === field(file.summary, i, Field.NameLine) &&
            o.range[1] === field(file.summary, i, Field.NameCol),
        );
        assert.equal(defs.length, 1, `${file.summary.names[i]} in ${doc.relativePath} has one definition`);
        assert.ok(!isLocalSymbol(defs[0].symbol), `${defs[0].symbol} is global`);
        const si: Document['symbols'][number] | undefined = doc.symbols.find(
          (s) => s.symbol === defs[0].symbol,
        );
        assert.ok(si, `${defs[0].symbol} has SymbolInformation`);
        assert.equal(si.displayName, file.summary.names[i]);
        assert.equal(si.documentation[0], '```simple\n' + info.signature + '\n```');
        if (info.doc !== undefined)
          assert.equal(si.documentation[1], info.doc, `${si.symbol} has its docstring`);
      }
      const starts = [0];
      for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
      const where = (offset: number): { line: number; character: number } => {
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
        return { line, character: offset - starts[line] };
      };
      for (const m of text.matchAll(/[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*/g)) {
        const found = resolver.at(view, m.index + 1);
        if (!found || found.ref.span.start !== m.index || found.places.length === 0) continue;
        const here = where(m.index);
        const symbols = symbolsAt(doc.relativePath, here.line, here.character);
        assert.ok(
          symbols.length > 0,
          `${doc.relativePath}:${here.line + 1}:${here.character + 1} '${m[0]}' has an occurrence`,
        );
        for (const place of found.places) {
          if (place.core) {
            // A core-type member from the server's prelude: an external symbol, not a document's.
            const ext = symbols.map((s) => externals.get(s)).filter((e) => e !== undefined);
            assert.equal(ext.length, 1, `'${m[0]}' at ${doc.relativePath}:${here.line + 1} → a core symbol`);
            assert.equal(ext[0].displayName, m[0]);
            assert.match(ext[0].documentation[0], /^```simple\n.*\b/);
            assert.match(ext[0].symbol, GLOBAL, ext[0].symbol);
            coreChecked++;
            continue;
          }
          const target = placeKey(dir, place);
          const matching: string[] = symbols.filter((s) => {
            const def: Located | undefined = definitions.get(
              isLocalSymbol(s) ? `${doc.relativePath} ${s}` : s,
            )?.[0];
            return def && `${def.doc.relativePath}:${def.line}:${def.character}` === target;
          });
          assert.equal(
            matching.length,
            1,
            `'${m[0]}' at ${doc.relativePath}:${here.line + 1}:${here.character + 1} → ${target}`,
          );
          const local = !place.decl && !place.module;
          assert.equal(
            isLocalSymbol(matching[0]),
            local,
            `${matching[0]}: local exactly when only its file sees it`,
          );
        }
        checked++;
        // References: every place findReferences reports for a declaration holds its symbol.
        if (symbols.length === 1 && definitions.get(symbols[0])?.[0].doc === doc) {
          const refs = await findReferences(resolver, view, m.index + 1);
          for (const r of refs?.occurrences ?? [])
            assert.ok(
              symbolsAt(rel(r.path), r.line, r.character).includes(symbols[0]),
              `reference ${rel(r.path)}:${r.line + 1}:${r.character + 1} of ${symbols[0]}`,
            );
        }
      }
    }
    assert.ok(checked > 0, 'some names were resolved');
    if (coreMembers) assert.ok(coreChecked > 0, 'some core-type members were resolved');
  });
  // Every global symbol is well formed.
  for (const doc of index.documents)
    for (const s of doc.symbols) if (!isLocalSymbol(s.symbol)) assert.match(s.symbol, GLOBAL, s.symbol);
}

function placeKey(dir: string, p: Place): string {
  return `${path.relative(dir, p.path).split(path.sep).join('/')}:${p.line}:${p.character}`;
}

// scheme ' ' manager ' ' name ' ' version ' ' descriptors, with SCIP's identifier rules.
const IDENT = '(?:[A-Za-z0-9_+\\-$]+|`(?:[^`]|``)+`)';
const DESCRIPTOR = `(?:${IDENT}[/#.:]|${IDENT}\\([A-Za-z0-9_+\\-$]*\\)\\.|\\[${IDENT}\\]|\\(${IDENT}\\))`;
const GLOBAL = new RegExp(`^${SCHEME} (?:[^ ]|  )+ (?:[^ ]|  )+ (?:[^ ]|  )+ (?:${DESCRIPTOR})+$`, 'u');

// ------------------------------------------------------------------ the suites

describe('scip index', function () {
  this.timeout(120_000);

  it('the demo workspace: definitions, references, unique and stable symbols, locals, documentation', async () => {
    const demo = path.join(REPO_ROOT, 'fixtures', 'demo');
    const first = await indexOf(demo);
    assert.ok(first.documents.length >= 5);
    for (const d of first.documents) {
      assert.equal(d.language, 'simple');
      assert.equal(d.positionEncoding, 2 /* UTF16CodeUnitOffsetFromLineStart */);
    }
    await checkProperties(demo, first, true);
    // Stable across runs and machines: the same workspace copied elsewhere gives the same documents.
    const copy = tempDir();
    try {
      fs.cpSync(demo, copy, { recursive: true });
      const second = await indexOf(copy);
      assert.deepEqual(second.documents, first.documents);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('the command: a summary line with files, occurrences, symbols, seconds and peak memory', async () => {
    const demo = path.join(REPO_ROOT, 'fixtures', 'demo');
    const out = path.join(tempDir(), 'index.scip');
    const lines: string[] = [];
    const errors: string[] = [];
    try {
      const code = await runScip(
        { dir: demo, out },
        { out: (l) => lines.push(l), err: (l) => errors.push(l) },
      );
      assert.equal(code, 0, errors.join('\n'));
      const index = fromBinary(IndexSchema, fs.readFileSync(out));
      const occurrences = index.documents.reduce((n, d) => n + d.occurrences.length, 0);
      const symbols = index.documents.reduce((n, d) => n + d.symbols.length, 0);
      assert.equal(lines.length, 1);
      const m =
        /^scip: (\d+) files, (\d+) occurrences, (\d+) symbols in [\d.]+ s → .*; peak RSS (\d+) MB$/.exec(
          lines[0],
        );
      assert.ok(m, lines[0]);
      assert.deepEqual([+m[1], +m[2], +m[3]], [index.documents.length, occurrences, symbols]);
      assert.ok(+m[4] > 0, lines[0]);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('documents made on worker threads are the bytes one thread writes', async () => {
    const dir = tempDir();
    try {
      generateWorkspace({ files: 300, seed: 7 }, dir);
      const one = await indexBytes(dir, 0);
      const three = await indexBytes(dir, 3);
      assert.ok(fromBinary(IndexSchema, one).documents.length >= 300);
      assert.ok(one.equals(three), 'the same index from 0 and 3 workers');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const file = path.join(CASES_DIR, 'index.ws');
  const cases = parseCases(fs.readFileSync(file, 'utf8'));
  const rewritten: string[] = [];
  after(() => {
    if (process.env.UPDATE_CASES === '1' && rewritten.length === cases.length)
      fs.writeFileSync(file, rewritten.map((c) => `=== ${c}`).join(''));
  });
  for (const c of cases) {
    it(c.name, async () => {
      const dir = tempDir();
      try {
        writeFiles(dir, c.files);
        const index = await indexOf(dir);
        const actual = render(index);
        if (process.env.UPDATE_CASES === '1') {
          rewritten.push(c.written.replace(/--- expect\n[\s\S]*$/, `--- expect\n${actual}\n\n`));
        } else assert.equal(actual, c.expect);
        await checkProperties(dir, index);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
