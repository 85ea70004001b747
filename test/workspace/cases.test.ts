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
//   <expected rendering>
//
// Each case is written to a temporary directory, indexed by a real Workspace on each available file
// store, and queried through the same Resolver the server uses. UPDATE_CASES=1 rewrites expectations.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '../../server/src/logger';
import type { FileStore } from '../../server/src/store/file-store';
import { analyseCompletion } from '../../server/src/language/completion';
import { inlayHints, modifierNames, semanticTokens, signatureHelpAt } from '../../server/src/language';
import { workspaceCompletion } from '../../server/src/workspace/completion';
import { importedKinds, importedSignatures } from '../../server/src/workspace/imported';
import { lint } from '../../server/src/language/lint';
import { Field, field } from '../../server/src/language/summary';
import { codeActions } from '../../server/src/workspace/code-actions';
import { isImportedDeprecated, missingImportedNames } from '../../server/src/workspace/import-check';
import { describeDecl } from '../../server/src/workspace/hover-info';
import { callableAt, incomingCalls, outgoingCalls } from '../../server/src/workspace/call-hierarchy';
import { findImplementations } from '../../server/src/workspace/implementations';
import { unresolvedImports } from '../../server/src/workspace/module-graph';
import { findReferences } from '../../server/src/workspace/references';
import { planRename } from '../../server/src/workspace/rename';
import { type Place, Resolver } from '../../server/src/workspace/resolver';
import { fuzzyScore, searchSymbols } from '../../server/src/workspace/symbol-search';
import { Views } from '../../server/src/workspace/views';
import { typeAt, typeDeclsAt, typeHints } from '../../server/src/types';
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
      const views = new Views(ws);
      const resolver = new Resolver(views);
      const where = rootOf(c.cursor.file);
      const cursorPath = path.join(roots.get(where.root)!, where.rel);
      const view = views.byPath(cursorPath);
      assert.ok(view, `the cursor file ${c.cursor.file} is indexed`);
      const show = (p: { path: string; line: number; character: number }): string => {
        const r = path.relative(dir, p.path).split(path.sep).join('/');
        const shown = r.startsWith('main/') ? r.slice(5) : `@${r}`;
        return `${shown}:${p.line + 1}:${p.character + 1}`;
      };
      const places = (ps: Place[]): string =>
        ps.map((p) => (p.module ? `${show(p)} (module)` : show(p))).join('\n') || '(none)';
      const out = new Map<Section, string>();
      for (const s of c.checks) {
        switch (s.head) {
          case 'definition':
            out.set(s, places(resolver.at(view, c.cursor.offset)?.places ?? []));
            break;
          case 'references': {
            const found = await findReferences(resolver, view, c.cursor.offset);
            out.set(
              s,
              found?.occurrences
                .map((o) => `${show(o)}${o.declaration ? ' (declaration)' : ''}`)
                .join('\n') || '(none)',
            );
            break;
          }
          case 'hover': {
            const p = resolver.at(view, c.cursor.offset)?.places.find((x) => x.decl);
            if (!p?.decl) {
              out.set(s, '(none)');
              break;
            }
            const info = describeDecl(views, p.decl);
            out.set(
              s,
              [
                info.signature,
                info.doc ?? '',
                `${info.container ? `${info.container} in ` : ''}${info.module}`,
              ]
                .filter((x) => x !== '')
                .join('\n'),
            );
            break;
          }
          case 'incoming':
          case 'outgoing': {
            const target = callableAt(resolver, view, c.cursor.offset)[0];
            if (!target) {
              out.set(s, '(not callable)');
              break;
            }
            const sites =
              s.head === 'incoming'
                ? await incomingCalls(resolver, target, [])
                : outgoingCalls(resolver, target);
            out.set(
              s,
              sites
                .map((site) => {
                  const decl = site.target.decl!;
                  const at = site.ranges.map((r) => `${r.line + 1}:${r.character + 1}`).join(' ');
                  return `${decl.view.summary.names[decl.index]} ${show(site.target)} calls at ${at}`;
                })
                .sort()
                .join('\n') || '(none)',
            );
            break;
          }
          case 'implementation':
            out.set(s, places(findImplementations(resolver, view, c.cursor.offset)));
            break;
          case 'unresolved': {
            const lines: string[] = [];
            for (const f of ws.index.allFiles()) {
              const v = views.byId(f.id)!;
              for (const u of unresolvedImports(ws.graph, v, v.summary.imports))
                lines.push(
                  `${show({ path: f.path, line: 0, character: 0 }).replace(/:1:1$/, '')}: ${u.message}`,
                );
            }
            out.set(s, lines.sort().join('\n') || '(none)');
            break;
          }
          case 'rename':
            try {
              const plan = await planRename(resolver, view, c.cursor.offset, s.arg);
              out.set(s, plan.edits.map((e) => `${show(e)}-${e.endCharacter + 1}`).join('\n') || '(none)');
            } catch (e) {
              out.set(s, `error: ${(e as Error).message}`);
            }
            break;
          case 'symbols':
            out.set(
              s,
              searchSymbols(ws.index, s.arg, 10)
                .map((m) => {
                  const f = ws.index.file(m.fileId)!;
                  const line = field(f.summary, m.index, Field.NameLine);
                  return `${m.name} ${m.kind}${m.container ? ` in ${m.container}` : ''} ${show({ path: f.path, line, character: 0 }).replace(/:1$/, '')}`;
                })
                .join('\n') || '(none)',
            );
            break;
          case 'token': {
            const at = c.cursor.offset;
            const t = semanticTokens(view.parse(), { imported: importedKinds(resolver, view) }).find(
              (x) => x.start <= at && at <= x.end,
            );
            out.set(s, t ? [t.kind, ...modifierNames(t.modifiers)].join(' ') : '(none)');
            break;
          }
          case 'signature': {
            const help = signatureHelpAt(view.parse(), c.cursor.offset, importedSignatures(resolver, view));
            const sig = help?.signatures[help.activeSignature];
            const param =
              sig && help.activeParameter !== undefined ? sig.params[help.activeParameter] : undefined;
            out.set(
              s,
              sig
                ? `${sig.label}${param ? `\nactive: ${param.label}` : ''}${sig.doc ? `\n${sig.doc}` : ''}`
                : '(none)',
            );
            break;
          }
          case 'hints': {
            const text = view.text();
            const hints = inlayHints(
              view.parse(),
              { start: 0, end: text.length },
              importedSignatures(resolver, view),
            );
            out.set(
              s,
              hints
                .map((h) => {
                  const before = text.slice(0, h.offset).split('\n');
                  return `${before.length}:${before[before.length - 1].length + 1} ${h.kind} ${h.label}`;
                })
                .join('\n') || '(none)',
            );
            break;
          }
          case 'diagnostics': {
            const text = view.text();
            const at = (o: number): string => {
              const before = text.slice(0, o).split('\n');
              return `${before.length}:${before[before.length - 1].length + 1}`;
            };
            const lines = lint(view.parse(), view.path, (name, from) =>
              isImportedDeprecated(resolver, view, name, from),
            ).map((d) => ({
              o: d.start,
              line: `${at(d.start)} ${d.severity} ${d.code}${d.tag ? ` (${d.tag})` : ''}: ${d.message}`,
            }));
            for (const m of missingImportedNames(resolver, view))
              lines.push({
                o: m.item.span.start,
                line: `${at(m.item.span.start)} error missing-import-name: ${m.message}`,
              });
            out.set(
              s,
              lines
                .sort((a, b) => a.o - b.o)
                .map((l) => l.line)
                .join('\n') || '(none)',
            );
            break;
          }
          case 'actions':
            out.set(s, actionsText(views, resolver, view, c.cursor.offset));
            break;
          case 'completion':
            out.set(s, completionText(views, resolver, view, c.cursor.offset, s.arg === 'all'));
            break;
          case 'typedefinition': {
            const { world, engine } = resolver.types();
            const decls = typeDeclsAt(engine, world.fileOf(view), c.cursor.offset);
            out.set(s, places(decls.map((d) => world.placeOf(d)).filter((p): p is Place => p !== undefined)));
            break;
          }
          case 'typehints': {
            const { world, engine } = resolver.types();
            const text = view.text();
            out.set(
              s,
              typeHints(engine, world.fileOf(view), { start: 0, end: text.length })
                .map((h) => {
                  const before = text.slice(0, h.offset).split('\n');
                  return `${before.length}:${before[before.length - 1].length + 1} ${h.label}`;
                })
                .join('\n') || '(none)',
            );
            break;
          }
          case 'type': {
            const { world, engine } = resolver.types();
            out.set(s, typeAt(engine, world.fileOf(view), c.cursor.offset)?.text ?? '(unknown)');
            break;
          }
          default:
            throw new Error(`case '${c.name}': unknown section '${s.head}'`);
        }
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
function actionsText(
  views: Views,
  resolver: Resolver,
  view: NonNullable<ReturnType<Views['byPath']>>,
  offset: number,
): string {
  const text = view.text();
  const at = (o: number): string => {
    const before = text.slice(0, o).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  const lints = lint(view.parse(), view.path);
  const actions = codeActions(view.parse(), { start: offset, end: offset }, lints, { views, resolver, view });
  return (
    actions
      .map((a) => {
        const kind = a.kind === 'organizeImports' ? 'source.organizeImports' : a.kind;
        const fixes = a.fixes.map((d) => `${d.code} ${at(d.start)}`).join(', ');
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
function completionText(
  views: Views,
  resolver: Resolver,
  view: NonNullable<ReturnType<Views['byPath']>>,
  offset: number,
  all: boolean,
): string {
  const analysis = analyseCompletion(view.parse(), offset);
  const site = analysis.site;
  if (site.kind === 'none') return '(none)';
  const keeps = (label: string): boolean => fuzzyScore(site.prefixText.toLowerCase(), label) >= 0;
  const found = workspaceCompletion(views, resolver, view, analysis);
  const lines = found.candidates
    .filter((c) => keeps(c.label) && (all || c.rank !== 6))
    .sort((a, b) => a.rank - b.rank || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((c) => {
      let line = `${c.label} ${c.kind}`;
      if (c.detail) line += ` [${c.detail}]`;
      if (c.deprecated) line += ' deprecated';
      if (c.edit) line += ` + ${c.edit.start}-${c.edit.end} ${JSON.stringify(c.edit.newText)}`;
      return line;
    });
  if (site.kind === 'name') {
    const words = site.words.keywords.filter(keeps);
    const snippets = site.words.snippets.map((x) => x.label).filter(keeps);
    if (words.length > 0) lines.push(`keywords: ${words.join(' ')}`);
    if (snippets.length > 0) lines.push(`snippets: ${snippets.join(' ')}`);
  }
  return `${site.kind}${site.prefixText ? ` '${site.prefixText}'` : ''}\n${lines.join('\n') || '(no items)'}`;
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
