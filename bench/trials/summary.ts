// The per-file summary work of the cold index, in process on one thread (what each index worker does
// per file, minus reading it): `summarizeText` of this build (the declaration scan where it is certain,
// else the skeleton's parse), this build's parse path alone (`summarizeByParse`), and — when
// BENCH_BASELINE_MAIN names another build's compiled main.js — that build's `summarizeText`, side by
// side, their passes interleaved in one process. Inputs: the generated workspace's shapes (2,000 files, seed 7) and, when SIMPLE_LSP_CORPUS names
// it, the real corpus. MB are 10^6 bytes of UTF-8; figures are CPU time, medians over passes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateFiles } from '../../fixtures/generate';
import { scanOutline } from '../../server/src/language/declaration-scan';
import { summarizeByParse, summarizeText } from '../../server/src/language/summary';
import { median } from '../lib/measure';
import { table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const SEED = 7;
const TARGET_MB_PER_S = 40; // issue 13

type Summarize = (text: string) => unknown;

function inputs(which: 'generated' | 'corpus', opts: TrialOptions): string[] | undefined {
  if (which === 'generated')
    return [...generateFiles({ files: opts.quick ? 100 : 2000, seed: SEED })].map((f) => f.text);
  const root = process.env.SIMPLE_LSP_CORPUS;
  if (!root || !fs.existsSync(root)) return undefined;
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.spl'))
    .sort()
    .map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
}

/** The baseline build's summarizeText, next to the main.js BENCH_BASELINE_MAIN names. */
function baseline(): Summarize | undefined {
  const main = process.env.BENCH_BASELINE_MAIN;
  if (!main) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(path.dirname(main), 'language', 'summary.js')) as {
    summarizeText: Summarize;
  };
  return mod.summarizeText;
}

/** CPU milliseconds of one pass of `work` over `texts`. */
function cpuPass(texts: string[], work: Summarize): number {
  const t0 = process.cpuUsage();
  for (const t of texts) work(t);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const PATHS: { id: string; label: string; pick: () => Summarize | undefined }[] = [
  { id: 'new', label: '`summarizeText` (declaration scan, else skeleton parse)', pick: () => summarizeText },
  { id: 'parse', label: "`summarizeByParse` (this build's parse path only)", pick: () => summarizeByParse },
  { id: 'old', label: '`summarizeText` of the baseline build (BENCH_BASELINE_MAIN)', pick: baseline },
];

/**
 * The three paths over the same texts in one process, their passes interleaved (new, parse, old, new,
 * ...) so that a shared machine's load falls on all of them alike.
 */
function measure(texts: string[], opts: TrialOptions): TrialResult {
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
  const paths = PATHS.map((p) => ({ ...p, work: p.pick(), passes: [] as number[] }));
  const live = paths.filter((p) => p.work !== undefined);
  for (let w = 0; w < (opts.quick ? 1 : 2); w++) for (const p of live) cpuPass(texts, p.work!);
  for (let r = 0; r < (opts.quick ? 2 : 7); r++) for (const p of live) p.passes.push(cpuPass(texts, p.work!));
  const out: TrialResult = {
    files: texts.length,
    mb: bytes / 1e6,
    // How much of the input the declaration scan answers for (the rest is parsed).
    scanned: texts.filter((t) => scanOutline(t) !== undefined).length,
    passes: live[0].passes.length,
  };
  for (const p of paths) {
    if (p.work === undefined) continue;
    const ms = median(p.passes);
    out[`${p.id}MbPerS`] = bytes / 1e6 / (ms / 1000);
    out[`${p.id}BestMbPerS`] = bytes / 1e6 / (Math.min(...p.passes) / 1000);
    out[`${p.id}Ms`] = ms;
  }
  return out;
}

function trial(which: 'generated' | 'corpus'): Trial {
  return {
    id: which,
    label: which === 'generated' ? 'generated workspace' : 'real corpus (SIMPLE_LSP_CORPUS)',
    run: (opts: TrialOptions): TrialResult => {
      const texts = inputs(which, opts);
      if (texts === undefined) return { skipped: 'SIMPLE_LSP_CORPUS not set' };
      return measure(texts, opts);
    },
  };
}

function report(outcomes: TrialOutcome[]): string {
  const rows: (string | number)[][] = [];
  for (const { trial, result, error } of outcomes) {
    if (result === undefined) rows.push([trial.label, '', `failed: ${error ?? 'no result'}`, '', '', '', '']);
    else if (result.skipped !== undefined)
      rows.push([trial.label, '', `not run: ${result.skipped}`, '', '', '', '']);
    else
      for (const p of PATHS)
        rows.push([
          trial.label,
          p.label,
          result[`${p.id}MbPerS`] ?? 'not run: BENCH_BASELINE_MAIN not set',
          result[`${p.id}BestMbPerS`] ?? '',
          result[`${p.id}Ms`] ?? '',
          `${result.files} files, ${Number(result.mb).toFixed(1)} MB`,
          `${result.scanned} of ${result.files}`,
        ]);
  }
  const lines = [
    table(
      ['input', 'path', 'MB/s', 'best pass MB/s', 'CPU ms per pass', 'input size', 'files the scan answers'],
      rows,
    ),
    '',
    'CPU time of one thread (no file reads); the paths run in one process with their passes interleaved, median of the passes after warm-up, the best beside it.',
  ];
  const gen = outcomes.find((o) => o.trial.id === 'generated')?.result;
  if (gen !== undefined && gen.skipped === undefined) {
    const now = Number(gen.newMbPerS);
    lines.push(
      '',
      `Per-core summary throughput on the generated workspace: ${now.toFixed(1)} MB/s (the cold index needs ≥ ${TARGET_MB_PER_S} MB/s over the workers).`,
    );
    if (gen.oldMbPerS !== undefined)
      lines.push(`New / baseline in this run: ${(now / Number(gen.oldMbPerS)).toFixed(2)}×`);
  }
  return lines.join('\n');
}

export const summaryBenchmark: Benchmark = {
  name: 'summary',
  description:
    "The index's per-file summary work in process on one thread: this build's summarizeText beside its parse path alone and the baseline build's.",
  trials: [trial('generated'), trial('corpus')],
  report,
};
