// How many member accesses `x.name` of real Simple code get a definition, before and after the type
// layer (issue 12). Reads a local corpus of real sources (the compiler and standard library; not
// committed) from SIMPLE_LSP_CORPUS, indexes it as one workspace, and for every member name outside
// `use`/`export` lines whose name is declared somewhere in the corpus asks definition two ways, side by
// side: the name rules alone (before) and the server's Resolver.at (types first). Prints the shares,
// `self.name` apart, the answers that point at a place spelling another name (must be 0), and the
// misses by cause.
//
//   SIMPLE_LSP_CORPUS=/work/corpus node out/bench/types-corpus.js [--list N [--cause TEXT]]
import * as fs from 'node:fs';
import * as os from 'node:os';
import { referenceAt } from '../server/src/language/model';
import { lineStarts } from '../server/src/language/summary';
import { SyntaxKind, type SyntaxNode, walk } from '../server/src/language/syntax';
import { type Type, unknownMembers } from '../server/src/types';
import { type Place, Resolver } from '../server/src/workspace/resolver';
import { type SourceView, Views } from '../server/src/workspace/views';
import { openCorpus, pct } from './lib/corpus';

const IMPORT_LINE = /^\s*(use|export|import|from|internal_export|pub use)\b/;

interface Tally {
  total: number;
  before: number;
  after: number;
  /** Answers into the server's core-type prelude (receiver provably `text`, a list, …). */
  core: number;
  wrong: number;
}

function tally(): Tally {
  return { total: 0, before: 0, after: 0, core: 0, wrong: 0 };
}

async function main(): Promise<void> {
  const corpus = await openCorpus('types-corpus');
  if (!corpus) return;
  const { root, ws } = corpus;
  const listArg = process.argv.indexOf('--list');
  const listMisses = listArg > 0 ? Number(process.argv[listArg + 1] ?? 20) : 0;
  const causeArg = process.argv.indexOf('--cause');
  const onlyCause = causeArg > 0 ? (process.argv[causeArg + 1] ?? '') : '';
  const indexed = corpus.indexedMs;
  const declared = new Set<string>();
  for (const name of ws.index.names()) declared.add(name);
  const views = new Views(ws);
  const resolver = new Resolver(views);

  const all = tally();
  const self = tally();
  const causes = new Map<string, number>();
  const misses: string[] = [];
  const wrongs: string[] = [];
  let files = 0;
  const t1 = Date.now();
  for (const f of [...ws.index.allFiles()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const view = views.byPath(f.path);
    if (!view) continue;
    files++;
    const result = view.parse();
    const text = result.text;
    const starts = lineStarts(text);
    const lineAt = (o: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const members: SyntaxNode[] = [];
    walk(result.root, (n) => {
      if (n.kind !== SyntaxKind.Member || n.children.length < 2) return;
      const name = n.children[n.children.length - 1];
      if (name.kind !== SyntaxKind.Name || !/^[A-Za-z_]\w*$/.test(text.slice(name.start, name.end))) return;
      members.push(name);
    });
    for (const name of members) {
      const word = text.slice(name.start, name.end);
      if (!declared.has(word)) continue;
      const line = lineAt(name.start);
      const lineText = text.slice(starts[line], starts[line + 1] ?? text.length);
      if (IMPORT_LINE.test(lineText)) continue;
      const recv = name.parent!.children[0];
      const isSelf = recv.kind === SyntaxKind.NameRef && text.slice(recv.start, recv.end) === 'self';
      const groups = isSelf ? [all, self] : [all];
      for (const g of groups) g.total++;
      const ref = referenceAt(result, name.start + 1);
      const before = ref && ref.span.start === name.start ? resolver.resolve(view, ref, 0) : [];
      const after = resolver.at(view, name.start + 1)?.places ?? [];
      if (before.length > 0) for (const g of groups) g.before++;
      if (after.length > 0) {
        for (const g of groups) g.after++;
        if (after.every((p) => p.core)) for (const g of groups) g.core++;
        const bad = after.filter((p) => spelled(views, p) !== word);
        if (bad.length > 0) {
          for (const g of groups) g.wrong++;
          wrongs.push(
            `${f.rel}:${line + 1}: ${word} → ${bad.map((p) => `${p.path}:${p.line + 1} '${spelled(views, p)}'`).join(', ')}`,
          );
        }
        continue;
      }
      const cause = (isSelf ? 'self: ' : '') + missCause(resolver, view, name, recv, text);
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
      if (misses.length < listMisses && cause.includes(onlyCause))
        misses.push(`${f.rel}:${line + 1}: ${lineText.trim()}  [${cause}]`);
    }
  }
  const walked = Date.now() - t1;

  // The opt-in unknown-member check over the corpus: real code that compiles, so every report is a false
  // positive (the check may be turned on by default only at zero).
  const flagged: string[] = [];
  for (const f of [...ws.index.allFiles()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const view = views.byPath(f.path);
    if (!view) continue;
    const { engine, world } = resolver.types();
    const text = view.text();
    const starts = lineStarts(text);
    for (const u of unknownMembers(engine, world.fileOf(view))) {
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1] <= u.start) line++;
      flagged.push(
        `${f.rel}:${line + 1}: ${u.message}  | ${text.slice(starts[line], starts[line + 1] ?? text.length).trim()}`,
      );
    }
  }

  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`# Member definitions on the corpus (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(
    `Corpus: ${root} — ${files} files indexed in ${indexed} ms, walked in ${walked} ms; load average ${load}; Node ${process.version}.\n`,
  );
  console.log(
    '| accesses `x.name` (name declared in the corpus) | count | before (name rules) | after (types first) | of which into the core-type prelude | after, corpus declarations only | wrong place |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const row = (label: string, g: Tally): void =>
    console.log(
      `| ${label} | ${g.total} | ${pct(g.before, g.total)} | ${pct(g.after, g.total)} | ${g.core} | ${pct(g.after - g.core, g.total)} | ${g.wrong} |`,
    );
  row('all', all);
  row('`self.name`', self);
  row('other receivers', {
    total: all.total - self.total,
    before: all.before - self.before,
    after: all.after - self.after,
    core: all.core - self.core,
    wrong: all.wrong - self.wrong,
  });
  // An answer into the prelude is given only where the receiver is provably a core type (`xs.len()` on a
  // list, `s.split(...)` on text) and the prelude declares that member; no corpus file declares the core
  // types' own members, so the last-but-one column is what corpus declarations alone answer.
  console.log('\nMisses by cause:\n');
  console.log('| cause | count |');
  console.log('|---|---:|');
  for (const [c, n] of [...causes].sort((a, b) => b[1] - a[1])) console.log(`| ${c} | ${n} |`);
  console.log(
    `\nUnknown-member check (opt-in setting simple.diagnostics.unknownMembers): ${flagged.length} reports on the corpus, each a false positive.`,
  );
  if (flagged.length > 0) console.log(flagged.slice(0, 50).join('\n'));
  if (wrongs.length > 0)
    console.log(`\nAnswers at a place spelling another name:\n${wrongs.slice(0, 50).join('\n')}`);
  if (misses.length > 0) console.log(`\nFirst misses:\n${misses.join('\n')}`);
  ws.close();
}

function spelled(views: Views, p: Place): string {
  const v = views.byPath(p.path);
  const text = v ? v.text() : p.core ? fs.readFileSync(p.path, 'utf8') : '';
  const starts = lineStarts(text);
  return text.slice(starts[p.line] + p.character, starts[p.line] + p.endCharacter);
}

/** Why a member got no definition: what the receiver is and what the engine knew of it. */
function missCause(
  resolver: Resolver,
  view: SourceView,
  name: SyntaxNode,
  recv: SyntaxNode,
  text: string,
): string {
  const { engine, world } = resolver.types();
  const file = world.fileOf(view);
  const t = engine.typeOf(file, recv);
  const word = text.slice(name.start, name.end);
  if (t.k === 'meta') return 'member of a type not found (Type.x)';
  if (t.k !== 'unknown') {
    const members = engine.membersOfType(t).filter((m) => m.decl.name.text === word);
    if (members.length > 0) return `core-type member (prelude only): ${shape(t)}`;
    return `type known, no such member: ${shape(t)}`;
  }
  switch (recv.kind) {
    case SyntaxKind.NameRef: {
      const decls = world.resolveName(file, recv);
      if (decls.length === 0) {
        const ref = referenceAt(view.parse(), recv.start + 1);
        return ref?.kind === 'free'
          ? 'receiver: a free name (unresolved/global)'
          : `receiver: name resolved to nothing (${ref?.kind ?? 'no ref'})`;
      }
      if (decls.length > 1) return 'receiver: name with several declarations';
      const p = decls[0].nameNode.parent;
      const kind = p ? SyntaxKind[p.kind] : '?';
      // An annotation naming a type no corpus file declares (its module is outside the corpus).
      const ref = p?.children.find((c) => c.kind === SyntaxKind.TypeRef);
      const head = ref?.children[0];
      if (ref && head?.kind === SyntaxKind.NameRef) {
        const typeName = decls[0].file.parse().text.slice(head.start, head.end);
        if (/^[A-Z]/.test(typeName) && world.resolveType(decls[0].file, typeName).length === 0)
          return `receiver: annotated with a type no corpus file declares (${p?.kind === SyntaxKind.Param ? 'parameter' : 'val/var'})`;
      }
      if (p?.kind === SyntaxKind.Param) return 'receiver: untyped parameter';
      if (p?.kind === SyntaxKind.VarDecl) {
        const init = p.children[p.children.length - 1];
        const callee = init?.kind === SyntaxKind.Call ? init.children[0] : undefined;
        if (callee?.kind === SyntaxKind.NameRef && world.resolveName(decls[0].file, callee).length === 0)
          return 'receiver: val/var from a call of a function no corpus file declares';
        if (init?.kind === SyntaxKind.Call) return 'receiver: val/var from a call of unknown result';
        return `receiver: val/var of unknown type (initializer: ${init ? SyntaxKind[init.kind] : 'none'})`;
      }
      return `receiver: ${kind} binding of unknown type`;
    }
    case SyntaxKind.Call:
      return 'receiver: call of unknown result';
    case SyntaxKind.Member:
      return 'receiver: member of unknown type';
    case SyntaxKind.Index:
      return 'receiver: index of unknown type';
    default:
      return `receiver: ${SyntaxKind[recv.kind]}`;
  }
}

function shape(t: Type): string {
  switch (t.k) {
    case 'named':
    case 'meta':
      return 'user type';
    case 'prim':
      return t.name;
    default:
      return t.k;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
