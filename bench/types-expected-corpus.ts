// How often completion offers the name a real programmer wrote first, with and without ranking by the
// expected type (issue 12). Reads the corpus of real Simple sources named by SIMPLE_LSP_CORPUS (the
// compiler and standard library; not committed), and at every name written as a call argument, a
// `return` value or the right side of an assignment, asks completion with the cursor at the start of
// that name (nothing typed yet), the way the server does (analyseCompletion + workspaceCompletion).
// Where the engine knows the expected type, it compares the position of the written name in the list
// ordered by the one sort key (analysis.sortKey) with and without the expected type's tier.
//
//   SIMPLE_LSP_CORPUS=/work/corpus node out/bench/types-expected-corpus.js [--list N]  (N sunk names)
import * as os from 'node:os';
import { sortKey } from '../server/src/analysis/completion';
import { analyseCompletion } from '../server/src/language/completion';
import { SyntaxKind, type SyntaxNode, walk } from '../server/src/language/syntax';
import { show } from '../server/src/types';
import { workspaceCompletion } from '../server/src/workspace/completion';
import { Resolver } from '../server/src/workspace/resolver';
import { Views } from '../server/src/workspace/views';
import { openCorpus, pct } from './lib/corpus';

const LITERAL_WORDS = new Set(['true', 'false', 'nil', 'self']);

interface Tally {
  positions: number;
  expected: number;
  /** The written name is among the items offered. */
  offered: number;
  firstWith: number;
  firstWithout: number;
  top3With: number;
  top3Without: number;
  /** Sum of the written name's rank (1-based) in either order, over offered positions. */
  rankWith: number;
  rankWithout: number;
  /** The written name marked as not fitting (a wrong type, or a fit rule too strict): should be rare. */
  sunk: number;
}

const tally = (): Tally => ({
  positions: 0,
  expected: 0,
  offered: 0,
  firstWith: 0,
  firstWithout: 0,
  top3With: 0,
  top3Without: 0,
  rankWith: 0,
  rankWithout: 0,
  sunk: 0,
});

/** Where a name is written: a call argument, a `return` value, an assignment's right side. */
function positionOf(n: SyntaxNode): 'argument' | 'return' | 'assignment' | undefined {
  const p = n.parent;
  if (!p) return undefined;
  if (p.kind === SyntaxKind.Arg && p.children[p.children.length - 1] === n) return 'argument';
  if (p.kind === SyntaxKind.Return) return 'return';
  if (p.kind === SyntaxKind.Assign && p.children[p.children.length - 1] === n && p.children[0] !== n)
    return 'assignment';
  return undefined;
}

async function main(): Promise<void> {
  const corpus = await openCorpus('types-expected-corpus');
  if (!corpus) return;
  const { root, ws } = corpus;
  const views = new Views(ws);
  const resolver = new Resolver(views);
  const by = new Map<string, Tally>();
  const all = tally();
  const byExpected = new Map<string, number>();
  const times: number[] = [];
  const timesUnranked: number[] = [];
  /** Requests that knew the expected type (and ranked by it). */
  const timesRanked: number[] = [];
  const listArg = process.argv.indexOf('--list');
  const listSunk = listArg > 0 ? Number(process.argv[listArg + 1] ?? 20) : 0;
  const sunkExamples: string[] = [];
  let files = 0;
  for (const f of [...ws.index.allFiles()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const view = views.byPath(f.path);
    if (!view) continue;
    files++;
    const result = view.parse();
    const text = result.text;
    const names: SyntaxNode[] = [];
    walk(result.root, (n) => {
      if (n.kind !== SyntaxKind.NameRef || !positionOf(n)) return;
      const word = text.slice(n.start, n.end);
      if (/^[A-Za-z_]\w*$/.test(word) && !LITERAL_WORDS.has(word)) names.push(n);
    });
    for (const n of names) {
      const word = text.slice(n.start, n.end);
      const where = positionOf(n)!;
      const t = by.get(where) ?? tally();
      by.set(where, t);
      const groups = [t, all];
      for (const g of groups) g.positions++;
      // The same request without the ranking first, then with it: its cost side by side.
      let t0 = performance.now();
      workspaceCompletion(views, resolver, view, analyseCompletion(result, n.start), { rank: false });
      timesUnranked.push(performance.now() - t0);
      t0 = performance.now();
      const analysis = analyseCompletion(result, n.start);
      const found = workspaceCompletion(views, resolver, view, analysis);
      times.push(performance.now() - t0);
      if (found.expected) timesRanked.push(times[times.length - 1]);
      if (!found.expected) continue;
      for (const g of groups) g.expected++;
      const shown = show(found.expected);
      byExpected.set(shown, (byExpected.get(shown) ?? 0) + 1);
      const site = analysis.site;
      const keywords = site.kind === 'name' ? site.words.keywords : [];
      const items = [
        ...found.candidates.map((c) => ({ label: c.label, rank: c.rank as number, fit: c.fit })),
        ...keywords.map((k) => ({ label: k, rank: 'keyword' as const, fit: found.keywordFits?.[k] })),
      ];
      const ordered = (withTypes: boolean): string[] =>
        items
          .map((i) => ({
            label: i.label,
            key: sortKey({ expected: withTypes ? shown : undefined }, i.rank, i.label, i.fit),
          }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map((i) => i.label);
      const writtenFit = found.candidates.find((c) => c.label === word)?.fit;
      if (writtenFit === 'differs') {
        for (const g of groups) g.sunk++;
        if (sunkExamples.length < listSunk)
          sunkExamples.push(
            `${view.rel}:${text.slice(0, n.start).split('\n').length}: ${word} (expected ${shown})`,
          );
      }
      const withRank = ordered(true).indexOf(word);
      const withoutRank = ordered(false).indexOf(word);
      if (withRank < 0) continue;
      for (const g of groups) {
        g.offered++;
        if (withRank === 0) g.firstWith++;
        if (withoutRank === 0) g.firstWithout++;
        if (withRank < 3) g.top3With++;
        if (withoutRank < 3) g.top3Without++;
        g.rankWith += withRank + 1;
        g.rankWithout += withoutRank + 1;
      }
    }
  }
  for (const list of [times, timesUnranked, timesRanked]) list.sort((a, b) => a - b);
  const p = (list: number[], q: number): string =>
    (list[Math.min(list.length - 1, Math.floor((q / 100) * list.length))] ?? 0).toFixed(2);
  const row = (label: string, t: Tally): string =>
    `| ${label} | ${t.positions} | ${t.expected} | ${t.offered} | ${pct(t.firstWithout, t.offered)} | **${pct(t.firstWith, t.offered)}** | ${pct(t.top3Without, t.offered)} | **${pct(t.top3With, t.offered)}** | ${(t.rankWithout / Math.max(1, t.offered)).toFixed(1)} | ${(t.rankWith / Math.max(1, t.offered)).toFixed(1)} | ${t.sunk} |`;
  const lines = [
    `# Completion ranked by the expected type on real Simple code`,
    '',
    `${new Date().toISOString()} · ${files} files in ${root} · Node ${process.version} · ${os.cpus().length} CPUs · load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
    '',
    'Names written as call arguments, `return` values and assignment right sides; completion asked with the cursor at the start of the name (empty prefix). "Offered": the expected type is known and the written name is in the list. First / top 3: where the written name stands in the list ordered by sortKey, without and with the expected type\'s tier.',
    '',
    '| position | names | expected type known | offered | first without | first with | top 3 without | top 3 with | mean rank without | mean rank with | written name sunk |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...by.entries()].sort().map(([k, t]) => row(k, t)),
    row('all', all),
    '',
    `Completion per position (this machine, loaded or not as above), the same requests without the ranking and with it: p50 ${p(timesUnranked, 50)} / ${p(times, 50)} ms, p99 ${p(timesUnranked, 99)} / ${p(times, 99)} ms over ${times.length} requests; the ${timesRanked.length} that ranked: p50 ${p(timesRanked, 50)} ms, p99 ${p(timesRanked, 99)} ms.`,
    '',
    `Expected types met most: ${[...byExpected.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, n]) => `\`${k}\` ${n}`)
      .join(', ')}.`,
  ];
  console.log(lines.join('\n'));
  if (sunkExamples.length > 0)
    console.log(`\nWritten names marked as not fitting:\n${sunkExamples.join('\n')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
