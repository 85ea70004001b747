// Workspace navigation as data: every cases/*.ws file holds cases of the form
//
//   === name
//   --- file src/a.spl            (one section per file; `@r2/src/x.spl` puts a file in root r2)
//   <Simple source, `$0` marks the cursor in exactly one file>
//   --- definition | references | hover | implementation | incoming | outgoing | unresolved |
//       rename NEW | symbols QUERY
//       | completion [all]        (items the prefix keeps, as a client filters; `all` adds builtins)
//       | diagnostics (the cursor file's checks beyond syntax, the workspace answering for imports)
//       | actions (code actions at the cursor: kind, title, the diagnostics answered, the edited file)
//       | token | signature | hints (semantic token at the cursor, signature help there, the file's inlay hints,
//                                    with the workspace answering for imported names)
//       | type (the inferred type of the name or member under the cursor, `(unknown)` when unsure)
//       | typedefinition (the declarations of the type of what is under the cursor)
//       | typehints (the cursor file's inferred-type hints: bindings that do not spell their type)
//       | unknownmembers (the opt-in unknown-member check of the cursor file)
//       | highlights (the highlights in the cursor file, by the receivers' types on a member: line:col read|write)
//       | supertypes | subtypes (the type under the cursor, then the traits it implements / the types
//                                implementing it)
//   <expected rendering>
//
// Each case is written to a temporary directory, indexed by a real Workspace on each available file
// store, and asked through the analysis layer (server/src/analysis/), the same functions the server's
// handlers call — one `check` per section below, and nothing else below the edge. UPDATE_CASES=1
// rewrites expectations.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as analysis from '../../server/src/analysis';
import { modifierNames } from '../../server/src/language';
import { preludeText } from '../../server/src/types';
import { Logger } from '../../server/src/logger';
import type { FileStore } from '../../server/src/store/file-store';
import { fuzzyScore } from '../../server/src/workspace/symbol-search';
import { Workspace } from '../../server/src/workspace/workspace';
import { REPO_ROOT } from '../support/fixture-files';
import { forEachStore } from '../store/support';

const CASES_DIR = path.join(REPO_ROOT, 'test', 'workspace', 'cases');

interface Section {
  head: string;
  arg: string;
  body: string;
}

interface Case {
  name: string;
  files: { path: string; text: string }[];
  cursor: { file: string; offset: number };
  checks: Section[];
  written: string;
}

function parseCases(text: string): Case[] {
  const out: Case[] = [];
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    const name = chunk.slice(0, nl).trim();
    const parts = chunk.slice(nl + 1).split(/^--- (\w+)(?: (.*))?\n/m);
    const files: Case['files'] = [];
    const checks: Section[] = [];
    let cursor: Case['cursor'] | undefined;
    for (let i = 1; i < parts.length; i += 3) {
      const head = parts[i];
      const arg = (parts[i + 1] ?? '').trim();
      const body = parts[i + 2] ?? '';
      if (head === 'file') {
        const at = body.indexOf('$0');
        if (at >= 0) cursor = { file: arg, offset: at };
        files.push({ path: arg, text: body.replace('$0', '') });
      } else {
        checks.push({ head, arg, body: body.replace(/\n+$/, '') });
      }
    }
    if (!cursor) throw new Error(`case '${name}': no $0 cursor`);
    out.push({ name, files, cursor, checks, written: chunk });
  }
  return out;
}

function rootOf(file: string): { root: string; rel: string } {
  const m = /^@(\w+)\/(.*)$/.exec(file);
  return m ? { root: m[1], rel: m[2] } : { root: 'main', rel: file };
}

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

/** What every check gets: the snapshot, the cursor, and how to show places. */
interface Ask {
  a: analysis.Analysis;
  at: analysis.FilePosition;
  /** `file:line:col` (1-based), the file relative to its root (`@r2/…` outside the main one). */
  show(r: analysis.FileRange): string;
  /** `line:col` (1-based) of an offset in a file. */
  lineCol(file: string, offset: number): string;
  /** Every indexed file's key, sorted. */
  files: string[];
  shortName(file: string): string;
  arg: string;
}

type Check = (q: Ask) => string | Promise<string>;

/** One check per section: the only place each analysis function is called from. */
const CHECKS: Record<string, Check> = {
  definition: (q) =>
    (analysis.definition(q.a, q.at) ?? [])
      .map((t) =>
        t.module
          ? `${q.show(t.range)} (module)`
          : t.core
            ? `<core types>:${q.lineCol(t.range.file, t.range.start)} ${coreLine(q, t.range)}`
            : q.show(t.range),
      )
      .join('\n') || '(none)',
  references: async (q) => {
    const possible: analysis.FileRange[] = [];
    const lines = (
      (await analysis.references(q.a, q.at, { onPossible: (p) => possible.push(...p.ranges) })) ?? []
    ).map((r) => `${q.show(r.range)}${r.declaration ? ' (declaration)' : ''}`);
    for (const r of possible) lines.push(`${q.show(r)} (possible: receiver of unknown type)`);
    return lines.join('\n') || '(none)';
  },
  highlights: (q) =>
    (analysis.highlights(q.a, q.at) ?? [])
      .map((h) => `${q.lineCol(q.at.file, h.span.start)} ${h.write ? 'write' : 'read'}`)
      .join('\n') || '(none)',
  unknownmembers: (q) =>
    analysis
      .diagnostics(q.a, q.at.file, { unknownMembers: true })
      .filter((d) => d.code === 'unknown-member')
      .map((d) => `${q.lineCol(q.at.file, d.start)} ${d.message}`)
      .join('\n') || '(none)',
  supertypes: (q) => hierarchy(q, (at) => analysis.supertypes(q.a, at)),
  subtypes: (q) => hierarchy(q, (at) => analysis.subtypes(q.a, at)),
  hover: (q) => {
    const h = analysis.hover(q.a, q.at);
    return h ? h.markdown : '(none)';
  },
  incoming: (q) => calls(q, 'incoming'),
  outgoing: (q) => calls(q, 'outgoing'),
  implementation: (q) => (analysis.implementation(q.a, q.at) ?? []).map(q.show).join('\n') || '(none)',
  unresolved: (q) => {
    const lines: string[] = [];
    for (const file of q.files)
      for (const d of analysis.diagnostics(q.a, file))
        if (d.code === 'unresolved-import') lines.push(`${q.shortName(file)}: ${d.message}`);
    return lines.sort().join('\n') || '(none)';
  },
  rename: async (q) => {
    try {
      const possible: analysis.FileRange[] = [];
      const edits =
        (await analysis.rename(q.a, q.at, q.arg, { onPossible: (p) => possible.push(...p.ranges) })) ?? [];
      const lines = edits.map((e) => `${q.show(e.range)}-${column(q, e.range.file, e.range.end)}`);
      for (const r of possible) lines.push(`${q.show(r)} not renamed (receiver of unknown type)`);
      return lines.join('\n') || '(none)';
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  },
  symbols: (q) =>
    analysis
      .workspaceSymbols(q.a, q.arg)
      .slice(0, 10)
      .map(
        (m) =>
          `${m.name} ${m.kind}${m.container ? ` in ${m.container}` : ''} ${q.show(m.range).replace(/:\d+$/, '')}`,
      )
      .join('\n') || '(none)',
  token: (q) => {
    const t = (analysis.semanticTokens(q.a, q.at.file) ?? []).find(
      (x) => x.start <= q.at.offset && q.at.offset <= x.end,
    );
    return t ? [t.kind, ...modifierNames(t.modifiers)].join(' ') : '(none)';
  },
  signature: (q) => {
    const help = analysis.signatureHelp(q.a, q.at);
    const sig = help?.signatures[help.activeSignature];
    const param = sig && help.activeParameter !== undefined ? sig.params[help.activeParameter] : undefined;
    return sig
      ? `${sig.label}${param ? `\nactive: ${param.label}` : ''}${sig.doc ? `\n${sig.doc}` : ''}`
      : '(none)';
  },
  hints: (q) => hints(q, () => true),
  typehints: (q) => hints(q, (h) => h.kind === 'type', true),
  diagnostics: (q) =>
    analysis
      .diagnostics(q.a, q.at.file)
      .sort((x, y) => x.start - y.start)
      .map(
        (d) =>
          `${q.lineCol(q.at.file, d.start)} ${d.severity} ${d.code}${d.tag ? ` (${d.tag})` : ''}: ${d.message}`,
      )
      .join('\n') || '(none)',
  actions: (q) => actionsText(q),
  completion: (q) => completionText(q, q.arg === 'all'),
  typedefinition: (q) => (analysis.typeDefinition(q.a, q.at) ?? []).map(q.show).join('\n') || '(none)',
  type: (q) => analysis.inferredType(q.a, q.at) ?? '(unknown)',
};

/** The prelude's line a core-type place is on (the file's path differs between machines). */
function coreLine(q: Ask, r: analysis.FileRange): string {
  const line = q.a.lineIndex(r.file).positionAt(r.start, 'utf-16').line;
  return preludeText().split('\n')[line].trim();
}

/** The types at the cursor, each followed by its supertypes or subtypes. */
function hierarchy(q: Ask, of: (at: analysis.FilePosition) => analysis.TypeItem[] | undefined): string {
  const found = analysis.prepareTypeHierarchy(q.a, q.at) ?? [];
  if (found.length === 0) return '(no type here)';
  return found
    .map((t) => {
      const related = of({ file: t.range.file, offset: t.range.start }) ?? [];
      return `${q.show(t.range)}:\n${related.map((r) => `  ${q.show(r.range)}`).join('\n') || '  (none)'}`;
    })
    .join('\n');
}

function column(q: Ask, file: string, offset: number): number {
  return q.a.lineIndex(file).positionAt(offset, 'utf-16').character + 1;
}

async function calls(q: Ask, way: 'incoming' | 'outgoing'): Promise<string> {
  const item = analysis.prepareCallHierarchy(q.a, q.at)?.[0];
  if (!item) return '(not callable)';
  const at = { file: item.range.file, offset: item.range.start };
  const found =
    (way === 'incoming' ? await analysis.incomingCalls(q.a, at) : analysis.outgoingCalls(q.a, at)) ?? [];
  return (
    found
      .map((c) => {
        const where = c.ranges.map((r) => q.lineCol(r.file, r.start)).join(' ');
        return `${c.item.name} ${q.show(c.item.range)} calls at ${where}`;
      })
      .sort()
      .join('\n') || '(none)'
  );
}

function hints(q: Ask, keep: (h: analysis.InlayHintInfo) => boolean, typesOnly = false): string {
  const text = q.a.parse(q.at.file)!.text;
  return (
    (analysis.inlayHints(q.a, q.at.file, { start: 0, end: text.length }) ?? [])
      .filter(keep)
      .map((h) => `${q.lineCol(q.at.file, h.offset)}${typesOnly ? '' : ` ${h.kind}`} ${h.label}`)
      .join('\n') || '(none)'
  );
}

async function run(c: Case, store: FileStore): Promise<Map<Section, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-ws-case-'));
  const roots = new Map<string, string>();
  try {
    for (const f of c.files) {
      const { root, rel } = rootOf(f.path);
      if (!roots.has(root)) roots.set(root, path.join(dir, root));
      const full = path.join(roots.get(root)!, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, f.text);
    }
    const ws = new Workspace({ roots: [...roots.values()], store, logger: quiet, workers: 0 });
    try {
      await ws.ready();
      const a = new analysis.Analysis(ws, []);
      const where = rootOf(c.cursor.file);
      const cursorPath = path.join(roots.get(where.root)!, where.rel);
      assert.ok(a.view(cursorPath), `the cursor file ${c.cursor.file} is indexed`);
      const shortName = (file: string): string => {
        const r = path.relative(dir, file).split(path.sep).join('/');
        return r.startsWith('main/') ? r.slice(5) : `@${r}`;
      };
      const lineCol = (file: string, offset: number): string => {
        const p = a.lineIndex(file).positionAt(offset, 'utf-16');
        return `${p.line + 1}:${p.character + 1}`;
      };
      const files = [...ws.index.allFiles()].map((f) => f.path).sort();
      const out = new Map<Section, string>();
      for (const s of c.checks) {
        const check = CHECKS[s.head];
        if (!check) throw new Error(`case '${c.name}': unknown section '${s.head}'`);
        const ask: Ask = {
          a,
          at: { file: cursorPath, offset: c.cursor.offset },
          show: (r) => `${shortName(r.file)}:${lineCol(r.file, r.start)}`,
          lineCol,
          files,
          shortName,
          arg: s.arg,
        };
        out.set(s, await check(ask));
      }
      return out;
    } finally {
      ws.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Code actions at the cursor, each with the file as it reads once the action's edits are applied. */
function actionsText(q: Ask): string {
  const text = q.a.parse(q.at.file)!.text;
  const actions = analysis.codeActions(q.a, q.at.file, { start: q.at.offset, end: q.at.offset }) ?? [];
  return (
    actions
      .map((a) => {
        const kind = a.kind === 'organizeImports' ? 'source.organizeImports' : a.kind;
        const fixes = a.fixes.map((d) => `${d.code} ${q.lineCol(q.at.file, d.start)}`).join(', ');
        let edited = text;
        for (const e of [...a.edits].sort((x, y) => y.start - x.start))
          edited = edited.slice(0, e.start) + e.newText + edited.slice(e.end);
        const body = edited
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => `| ${l}`.trimEnd());
        return [
          `${kind}${a.preferred ? ' (preferred)' : ''}: ${a.title}${fixes ? ` [${fixes}]` : ''}`,
          ...body,
        ].join('\n');
      })
      .join('\n') || '(none)'
  );
}

/** Completion as a client shows it: items the prefix keeps, best rank first, then keywords and snippets. */
function completionText(q: Ask, all: boolean): string {
  const found = analysis.completion(q.a, q.at);
  if (!found || found.kind === 'none') return '(none)';
  const keeps = (label: string): boolean => fuzzyScore(found.prefixText.toLowerCase(), label) >= 0;
  // In the order a client shows them: by the one sort key the server sends.
  const key = (c: analysis.CompletionCandidate) => analysis.sortKey(found, c.rank, c.label, c.fit);
  const fitMark = (fit: string | undefined) => (found.expected !== undefined && fit ? ` (${fit})` : '');
  const lines = found.candidates
    .filter((c) => keeps(c.label) && (all || c.rank !== 6))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((c) => {
      let line = `${c.label} ${c.kind}`;
      if (c.detail) line += ` [${c.detail}]`;
      if (c.deprecated) line += ' deprecated';
      if (c.edit) line += ` + ${c.edit.start}-${c.edit.end} ${JSON.stringify(c.edit.newText)}`;
      return line + fitMark(c.fit);
    });
  if (found.expected !== undefined) lines.unshift(`expected ${found.expected}`);
  if (found.kind === 'name') {
    const words = found.keywords.filter(keeps).map((w) => w + fitMark(found.keywordFits?.[w]));
    const snippets = found.snippets.map((x) => x.label).filter(keeps);
    if (words.length > 0) lines.push(`keywords: ${words.join(' ')}`);
    if (snippets.length > 0) lines.push(`snippets: ${snippets.join(' ')}`);
  }
  return `${found.kind}${found.prefixText ? ` '${found.prefixText}'` : ''}\n${lines.join('\n') || '(no items)'}`;
}

const files = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.ws'));
const updates = new Map<string, Map<string, string>>(); // file → written chunk → rewritten chunk

forEachStore('workspace cases', (h) => {
  for (const file of files) {
    const full = path.join(CASES_DIR, file);
    const cases = parseCases(fs.readFileSync(full, 'utf8'));
    describe(file, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const actual = await run(c, h.make());
          if (process.env.UPDATE_CASES) {
            if (h.kind !== 'fs') return;
            let chunk = c.written;
            for (const [s, text] of actual) {
              const header = `--- ${s.head}${s.arg ? ` ${s.arg}` : ''}\n`;
              const at = chunk.indexOf(header);
              const end = chunk.indexOf('\n--- ', at + header.length - 1);
              const tail = end < 0 ? '' : chunk.slice(end + 1);
              chunk = chunk.slice(0, at) + header + text + '\n' + tail;
            }
            let map = updates.get(full);
            if (!map) updates.set(full, (map = new Map()));
            map.set(c.written, chunk);
            return;
          }
          for (const [s, text] of actual)
            assert.equal(text, s.body, `${s.head}${s.arg ? ` ${s.arg}` : ''} of '${c.name}'`);
        });
      }
    });
  }
});

after(() => {
  for (const [file, map] of updates) {
    let text = fs.readFileSync(file, 'utf8');
    for (const [from, to] of map) text = text.replace(from, to.replace(/\n*$/, '\n\n'));
    fs.writeFileSync(file, text.replace(/\n+$/, '\n'));
  }
});
