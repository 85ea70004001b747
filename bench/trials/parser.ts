// Parser throughput on generated Simple of realistic shape: a medium-size corpus (~2,000 files,
// ~10 MB) plus one 5,000-line module. Three trials side by side: lex only, full parse, parse + outline.
// MB are 10^6 bytes of UTF-8 source; figures are medians over repetitions after a warm-up.
import * as path from 'path';
import { generateFileText, generateFiles } from '../../fixtures/generate';
import { buildOutline, lex, parse } from '../../server/src/language';
import { median, timeReps } from '../lib/measure';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const CORPUS_SEED = 7;
const TARGET_MB_PER_S = 40; // issue 13
const LONG_FILE_LINES = 5000;

interface Corpus {
  texts: string[];
  bytes: number;
  long: string;
}

function corpus(opts: TrialOptions): Corpus {
  const texts: string[] = [];
  let bytes = 0;
  for (const f of generateFiles({ files: opts.quick ? 100 : 2000, seed: CORPUS_SEED })) {
    texts.push(f.text);
    bytes += Buffer.byteLength(f.text, 'utf8');
  }
  return { texts, bytes, long: generateFileText(LONG_FILE_LINES, CORPUS_SEED) };
}

/** Measures `work` (returning a token count) over the corpus and over the long file. */
function measure(
  opts: TrialOptions,
  work: (text: string) => { tokens: number; errors: number },
): TrialResult {
  const c = corpus(opts);
  let tokens = 0;
  let errors = 0;
  const pass = () => {
    tokens = 0;
    errors = 0;
    for (const t of c.texts) {
      const r = work(t);
      tokens += r.tokens;
      errors += r.errors;
    }
  };
  const reps = opts.quick ? 3 : 7;
  const passes = timeReps(opts.quick ? 1 : 2, reps, pass);
  const corpusMs = median(passes);
  const longMs = median(timeReps(3, opts.quick ? 5 : 31, () => work(c.long)));
  return {
    mbPerS: c.bytes / 1e6 / (corpusMs / 1000),
    // The fastest pass: on a shared machine, the closest figure to an uncontended core.
    bestMbPerS: c.bytes / 1e6 / (Math.min(...passes) / 1000),
    tokensPerS: tokens / (corpusMs / 1000),
    corpusMs,
    longMs,
    files: c.texts.length,
    mb: c.bytes / 1e6,
    reps,
    errors,
  };
}

const errorCount = (d: { severity: string }[]) => d.filter((x) => x.severity === 'error').length;

/** The front end measured: this tree's, or the compiled one of another commit (the old path). */
interface FrontEnd {
  lex: (text: string) => {
    store?: { length: number };
    tokens: unknown[];
    diagnostics: { severity: string }[];
  };
  parse: (text: string) => {
    store?: { length: number };
    tokens: unknown[];
    diagnostics: { severity: string }[];
  };
  buildOutline: (r: never) => unknown;
}

const OWN: FrontEnd = { lex, parse, buildOutline: buildOutline as FrontEnd['buildOutline'] };

/**
 * The baseline commit's front end, next to the compiled main.js that BENCH_BASELINE_MAIN names (the same
 * variable the editing rows use); undefined when it is not set.
 */
function baselineFrontEnd(): FrontEnd | undefined {
  const main = process.env.BENCH_BASELINE_MAIN;
  if (!main) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(path.dirname(main), 'language', 'index.js')) as FrontEnd;
}

/** Token count without making token objects where the front end keeps a store. */
function tokenCount(r: { store?: { length: number }; tokens: unknown[] }): number {
  return r.store !== undefined ? r.store.length : r.tokens.length;
}

function frontEndTrials(which: 'new' | 'old'): Trial[] {
  const suffix = which === 'new' ? '' : '-old';
  const label = which === 'new' ? '' : ' — old path (BENCH_BASELINE_MAIN)';
  const withFrontEnd =
    (work: (fe: FrontEnd, text: string) => { tokens: number; errors: number }) =>
    (opts: TrialOptions): TrialResult => {
      const fe = which === 'new' ? OWN : baselineFrontEnd();
      if (fe === undefined) return { skipped: 'BENCH_BASELINE_MAIN not set' };
      return measure(opts, (text) => work(fe, text));
    };
  return [
    {
      id: `lex${suffix}`,
      label: `lex only (\`lex\`)${label}`,
      run: withFrontEnd((fe, text) => {
        const r = fe.lex(text);
        return { tokens: tokenCount(r), errors: errorCount(r.diagnostics) };
      }),
    },
    {
      id: `parse${suffix}`,
      label: `full parse (\`parse\`)${label}`,
      run: withFrontEnd((fe, text) => {
        const r = fe.parse(text);
        return { tokens: tokenCount(r), errors: errorCount(r.diagnostics) };
      }),
    },
    {
      id: `outline${suffix}`,
      label: `parse + outline (\`buildOutline\`)${label}`,
      run: withFrontEnd((fe, text) => {
        const r = fe.parse(text);
        fe.buildOutline(r as never);
        return { tokens: tokenCount(r), errors: errorCount(r.diagnostics) };
      }),
    },
  ];
}

const trials: Trial[] = [...frontEndTrials('new'), ...frontEndTrials('old')];

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
            `${(Number(result.tokensPerS) / 1e6).toFixed(2)} M`,
            result.longMs,
            result.errors,
          ],
  );
  const first = outcomes.find((o) => o.result !== undefined && o.result.skipped === undefined)?.result;
  const lines = [
    table(
      [
        'trial',
        'MB/s',
        'best pass MB/s',
        'tokens/s',
        `${LONG_FILE_LINES.toLocaleString('en-US')}-line file (ms)`,
        'error diagnostics',
      ],
      rows,
    ),
    '',
    first
      ? `Corpus: ${first.files} generated files, ${Number(first.mb).toFixed(1)} MB (seed ${CORPUS_SEED}); ` +
        `MB/s and tokens/s are medians of ${first.reps} passes after warm-up (best pass beside it); the long file is the median of its runs; one trial per fresh process.`
      : 'No trial produced a result.',
  ];
  const full = outcomes.find((o) => o.trial.id === 'parse')?.result;
  if (full !== undefined) {
    const mbs = Number(full.mbPerS);
    const mark = mbs >= TARGET_MB_PER_S ? 'PASS' : 'FAIL';
    lines.push(
      '',
      `Target: full parse ≥ ${TARGET_MB_PER_S} MB/s per core — **${mark}** (${mbs.toFixed(1)} MB/s)`,
    );
    const old = outcomes.find((o) => o.trial.id === 'parse-old')?.result;
    if (old !== undefined && old.skipped === undefined)
      lines.push(`Full parse, new / old path in this run: ${(mbs / Number(old.mbPerS)).toFixed(2)}×`);
  }
  return lines.join('\n');
}

export const parserBenchmark: Benchmark = {
  name: 'parser',
  description:
    'Lexer and parser throughput on generated Simple source of realistic shape (single thread, so per core).',
  trials,
  report,
};
