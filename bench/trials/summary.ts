// The per-file summary work of the cold index, in process on one thread (what each index worker does
// per file, minus reading it): `summarizeText` of this build (the declaration scan where it is certain,
// else the skeleton's parse), this build's parse path alone (`summarizeByParse`), and — when
// BENCH_BASELINE_MAIN names another build's compiled main.js — that build's `summarizeText`, side by
// side. Inputs: the generated workspace's shapes (2,000 files, seed 7) and, when SIMPLE_LSP_CORPUS names
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

function measure(texts: string[], work: Summarize, opts: TrialOptions): TrialResult {
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
  for (let w = 0; w < (opts.quick ? 1 : 2); w++) cpuPass(texts, work);
  const passes: number[] = [];
  for (let r = 0; r < (opts.quick ? 2 : 5); r++) passes.push(cpuPass(texts, work));
  const ms = median(passes);
  return {
    mbPerS: bytes / 1e6 / (ms / 1000),
    bestMbPerS: bytes / 1e6 / (Math.min(...passes) / 1000),
    ms,
    files: texts.length,
    mb: bytes / 1e6,
    // How much of the input the declaration scan answers for (the rest is parsed).
    scanned: texts.filter((t) => scanOutline(t) !== undefined).length,
    passes: passes.length,
  };
}

function trialsFor(which: 'generated' | 'corpus'): Trial[] {
  const on = which === 'generated' ? 'generated workspace' : 'real corpus (SIMPLE_LSP_CORPUS)';
  const run =
    (pick: () => Summarize | undefined, why: string) =>
    (opts: TrialOptions): TrialResult => {
      const texts = inputs(which, opts);
      if (texts === undefined) return { skipped: 'SIMPLE_LSP_CORPUS not set' };
      const work = pick();
      if (work === undefined) return { skipped: why };
      return measure(texts, work, opts);
    };
  return [
    {
      id: `${which}-new`,
      label: `${on}: \`summarizeText\` (declaration scan, else skeleton parse)`,
      run: run(() => summarizeText, ''),
    },
    {
      id: `${which}-parse`,
      label: `${on}: \`summarizeByParse\` (this build's parse path only)`,
      run: run(() => summarizeByParse, ''),
    },
    {
      id: `${which}-old`,
      label: `${on}: \`summarizeText\` of the baseline build (BENCH_BASELINE_MAIN)`,
      run: run(baseline, 'BENCH_BASELINE_MAIN not set'),
    },
  ];
}

function report(outcomes: TrialOutcome[]): string {
  const rows = outcomes.map(({ trial, result, error }) =>
    result === undefined
      ? [trial.label, `failed: ${error ?? 'no result'}`, '', '', '', '']
      : result.skipped !== undefined
        ? [trial.label, `not run: ${result.skipped}`, '', '', '', '']
        : [
            trial.label,
            result.mbPerS,
            result.bestMbPerS,
            result.ms,
            `${result.files} files, ${Number(result.mb).toFixed(1)} MB`,
            `${result.scanned} of ${result.files}`,
          ],
  );
  const lines = [
    table(['trial', 'MB/s', 'best pass MB/s', 'CPU ms per pass', 'input', 'files the scan answers'], rows),
    '',
    'CPU time of one thread (no file reads); median of the passes after warm-up, the best beside it; one trial per fresh process.',
  ];
  const mbs = (id: string) => {
    const r = outcomes.find((o) => o.trial.id === id)?.result;
    return r !== undefined && r.skipped === undefined ? Number(r.mbPerS) : undefined;
  };
  const now = mbs('generated-new');
  if (now !== undefined) {
    lines.push(
      '',
      `Per-core summary throughput on the generated workspace: ${now.toFixed(1)} MB/s (the cold index needs ≥ ${TARGET_MB_PER_S} MB/s over the workers).`,
    );
    const old = mbs('generated-old');
    if (old !== undefined) lines.push(`New / baseline in this run: ${(now / old).toFixed(2)}×`);
  }
  return lines.join('\n');
}

export const summaryBenchmark: Benchmark = {
  name: 'summary',
  description:
    "The index's per-file summary work in process on one thread: this build's summarizeText beside its parse path alone and the baseline build's.",
  trials: [...trialsFor('generated'), ...trialsFor('corpus')],
  report,
};
