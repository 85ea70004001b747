// Editor-time features on one 5,000-line generated module, in process: the lex of an edited version
// (from scratch, and relexed from the previous version's lex), its parse (from scratch, and incrementally
// from the previous version's parse), semantic tokens (full, full after an edit with its delta, on a parse
// already cached and including the parse of the new version, old and new path side by side), signature
// help at calls across the file, inlay hints for a screen; the incremental lex and parse also through the
// baseline commit's front end (BENCH_BASELINE_MAIN), side by side in the same run. Then the editing rows end to end through real
// server processes over stdio (editing-server.ts), old and new path side by side. Figures are p50 / p99
// in ms over many runs after a warm-up; each trial runs in its own process.
import * as path from 'node:path';
import { generateFileText } from '../../fixtures/generate';
import {
  inlayHints,
  lex,
  parse,
  parseWork,
  type ParseResult,
  semanticTokens,
  signatureHelpAt,
  TokenKind,
} from '../../server/src/language';
import { commonEnds } from '../../server/src/language/incremental';
import { relex } from '../../server/src/language/lexer';
import { LineIndex } from '../../server/src/lsp/line-index';
import { encodeSemanticTokens, semanticTokensEdits } from '../../server/src/lsp/semantic-tokens';
import { nowMs, percentile, timeReps } from '../lib/measure';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOutcome, TrialResult } from '../lib/types';
import { LINES, MEASURES, SEED, type ServerPath, serverEditing } from './editing-server';

/** p99 targets of issue 13's table, ms. */
const TARGETS: Record<string, number> = {
  diagnostics: 20,
  'tokens-full': 15,
  'tokens-delta': 10,
  'inlay-hints': 10,
  completion: 15,
};
const SERVER_PATHS: { id: ServerPath; label: string }[] = [
  { id: 'baseline', label: 'baseline commit' },
  { id: 'full-reparse', label: 'full reparse' },
  { id: 'incremental', label: 'incremental' },
];

function figures(runs: number[], extra: TrialResult = {}): TrialResult {
  return { p50: percentile(runs, 50), p99: percentile(runs, 99), runs: runs.length, ...extra };
}

/** The text with one statement inserted in the middle of the file (a typical keystroke-sized edit). */
function edited(text: string, n: number): string {
  const at = text.indexOf('\n', text.length >> 1) + 1;
  return `${text.slice(0, at)}val edit_${n} = ${n}\n${text.slice(at)}`;
}

function fullTokens(text: string, parsed = parse(text)): number[] {
  return encodeSemanticTokens(new LineIndex(text), semanticTokens(parsed), 'utf-16');
}

/** The lexer and parser entry points the editing rows time: this build's, or the baseline commit's. */
interface FrontEnd {
  lex: typeof lex;
  relex: typeof relex;
  parse: typeof parse;
  parseWork: typeof parseWork;
  commonEnds: typeof commonEnds;
}

const OWN: FrontEnd = { lex, relex, parse, parseWork, commonEnds };

/** The baseline commit's front end, beside the main.js BENCH_BASELINE_MAIN names; undefined if unset. */
function baselineFrontEnd(): FrontEnd | undefined {
  const main = process.env.BENCH_BASELINE_MAIN;
  if (!main) return undefined;
  const dir = path.join(path.dirname(main), 'language');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const language = require(path.join(dir, 'index.js')) as FrontEnd;
  const lexer = require(path.join(dir, 'lexer.js')) as FrontEnd;
  const incremental = require(path.join(dir, 'incremental.js')) as FrontEnd;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ...language, relex: lexer.relex, commonEnds: incremental.commonEnds };
}

/** Parses of successive edited versions, from scratch or from the previous version's parse. */
function parseAfterEdits(quick: boolean, incremental: boolean, fe: FrontEnd = OWN): TrialResult {
  let text = generateFileText(LINES, SEED);
  let previous: ParseResult = fe.parse(text);
  let n = 0;
  const runs = timeReps(5, quick ? 10 : 100, () => {
    text = edited(text, n++);
    previous = incremental ? fe.parse(text, previous) : fe.parse(text);
  });
  const work = fe.parseWork(previous);
  return figures(runs, work ? { statements: work.units, reparsed: work.parsed } : {});
}

/** Lexes of successive edited versions, from scratch or from the previous version's lex (`relex`). */
function lexAfterEdits(quick: boolean, incremental: boolean, fe: FrontEnd = OWN): TrialResult {
  let text = generateFileText(LINES, SEED);
  let previous = fe.lex(text);
  let n = 0;
  let lexedChars = 0;
  const runs = timeReps(5, quick ? 10 : 100, () => {
    const before = text;
    text = edited(text, n++);
    if (incremental) {
      const { same, tail } = fe.commonEnds(before, text);
      previous = fe.relex(previous, text, same, tail);
    } else previous = fe.lex(text);
    lexedChars = previous.lexedChars;
  });
  return figures(runs, { chars: text.length, lexedChars });
}

/** Semantic tokens after each edit, the delta against the previous result; the parse included. */
function tokensAfterEdits(quick: boolean, incremental: boolean): TrialResult {
  let text = generateFileText(LINES, SEED);
  let parsed = parse(text);
  let prev = fullTokens(text, parsed);
  let n = 0;
  let editInts = 0;
  const runs = timeReps(5, quick ? 10 : 60, () => {
    text = edited(text, n++);
    parsed = incremental ? parse(text, parsed) : parse(text);
    const next = fullTokens(text, parsed);
    const edits = semanticTokensEdits(prev, next);
    editInts = edits.reduce((k, e) => k + e.deleteCount + (e.data?.length ?? 0), 0);
    prev = next;
  });
  return figures(runs, { editInts });
}

function withBaseline(run: (fe: FrontEnd) => TrialResult): TrialResult {
  const fe = baselineFrontEnd();
  return fe === undefined ? { skipped: 'BENCH_BASELINE_MAIN not set' } : run(fe);
}

const trials: Trial[] = [
  {
    id: 'lex-edit-full',
    label: 'lex after an edit, from scratch (old path)',
    run: (opts) => lexAfterEdits(opts.quick, false),
  },
  {
    id: 'lex-edit-incremental',
    label: 'lex after an edit, incremental relex (new path)',
    run: (opts) => lexAfterEdits(opts.quick, true),
  },
  {
    id: 'lex-edit-baseline',
    label: 'lex after an edit, incremental relex, baseline commit (BENCH_BASELINE_MAIN)',
    run: (opts) => withBaseline((fe) => lexAfterEdits(opts.quick, true, fe)),
  },
  {
    id: 'parse-edit-full',
    label: 'parse after an edit, from scratch (old path)',
    run: (opts) => parseAfterEdits(opts.quick, false),
  },
  {
    id: 'parse-edit-incremental',
    label: 'parse after an edit, incremental (new path)',
    run: (opts) => parseAfterEdits(opts.quick, true),
  },
  {
    id: 'parse-edit-baseline',
    label: 'parse after an edit, incremental, baseline commit (BENCH_BASELINE_MAIN)',
    run: (opts) => withBaseline((fe) => parseAfterEdits(opts.quick, true, fe)),
  },
  {
    id: 'tokens-full',
    label: 'semantic tokens full, parse cached',
    run: (opts) => {
      const text = generateFileText(LINES, SEED);
      const parsed = parse(text);
      const runs = timeReps(5, opts.quick ? 10 : 100, () => fullTokens(text, parsed));
      return figures(runs, { tokens: fullTokens(text, parsed).length / 5 });
    },
  },
  {
    id: 'tokens-full-parse',
    label: 'semantic tokens full, parse included',
    run: (opts) => {
      const text = generateFileText(LINES, SEED);
      return figures(timeReps(5, opts.quick ? 10 : 60, () => fullTokens(text)));
    },
  },
  {
    id: 'tokens-full-reparse',
    label: 'semantic tokens full, incremental parse included (new path)',
    run: (opts) => {
      let text = generateFileText(LINES, SEED);
      let parsed = parse(text);
      let n = 0;
      return figures(
        timeReps(5, opts.quick ? 10 : 60, () => {
          text = edited(text, n++);
          parsed = parse(text, parsed);
          fullTokens(text, parsed);
        }),
      );
    },
  },
  {
    id: 'tokens-delta',
    label: 'semantic tokens delta after an edit, full parse included (old path)',
    run: (opts) => tokensAfterEdits(opts.quick, false),
  },
  {
    id: 'tokens-delta-reparse',
    label: 'semantic tokens delta after an edit, incremental parse included (new path)',
    run: (opts) => tokensAfterEdits(opts.quick, true),
  },
  {
    id: 'signature-help',
    label: 'signature help at calls across the file, parse cached',
    run: (opts) => {
      const text = generateFileText(LINES, SEED);
      const parsed = parse(text);
      // The cursor just inside each call's parentheses, at up to 200 calls spread over the file.
      const opens = lex(text).tokens.filter(
        (t, i, all) => t.kind === TokenKind.Op && t.value === '(' && all[i - 1]?.kind === TokenKind.Name,
      );
      const step = Math.max(1, Math.floor(opens.length / 200));
      const cursors = opens.filter((_, i) => i % step === 0).map((t) => t.end);
      let answered = 0;
      const runs: number[] = [];
      for (let rep = 0; rep < (opts.quick ? 1 : 3); rep++) {
        for (const c of cursors) {
          const t0 = nowMs();
          if (signatureHelpAt(parsed, c)) answered++;
          runs.push(nowMs() - t0);
        }
      }
      return figures(runs, { answered: answered / (opts.quick ? 1 : 3), cursors: cursors.length });
    },
  },
  {
    id: 'inlay-hints',
    label: 'inlay hints for a 60-line screen, parse cached',
    run: (opts) => {
      const text = generateFileText(LINES, SEED);
      const parsed = parse(text);
      const lines = new LineIndex(text);
      const runs: number[] = [];
      for (let rep = 0; rep < (opts.quick ? 10 : 100); rep++) {
        const first = (rep * 97) % (LINES - 60);
        const span = { start: lines.lineStart(first), end: lines.lineStart(first + 60) };
        const t0 = nowMs();
        inlayHints(parsed, span);
        runs.push(nowMs() - t0);
      }
      return figures(runs);
    },
  },
  ...SERVER_PATHS.map((p): Trial => ({
    id: `server-${p.id}`,
    label: `server over stdio: ${p.label}`,
    run: (opts) => serverEditing(p.id, opts),
  })),
];

function report(outcomes: TrialOutcome[]): string {
  const local = outcomes.filter((o) => !o.trial.id.startsWith('server-'));
  const rows = local.map(({ trial, result, error }) =>
    result === undefined
      ? [trial.label, `failed: ${error ?? 'no result'}`, '', '', '']
      : result.skipped !== undefined
        ? [trial.label, 'not run', '', '', String(result.skipped)]
        : [
            trial.label,
            result.p50,
            result.p99,
            result.runs,
            Object.entries(result)
              .filter(([k]) => !['p50', 'p99', 'runs'].includes(k))
              .map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v) : v}`)
              .join(', '),
          ],
  );
  const lines = ['In process:', '', table(['trial', 'p50 ms', 'p99 ms', 'runs', 'notes'], rows), ''];
  const server = (id: ServerPath) => outcomes.find((o) => o.trial.id === `server-${id}`);
  const cell = (id: ServerPath, key: string): string => {
    const o = server(id);
    if (o?.result === undefined) return o?.error ? 'failed' : '—';
    if (o.result.skipped !== undefined) return 'not run';
    const v = o.result[key];
    return typeof v === 'number' ? v.toFixed(1) : '—';
  };
  const serverRows = MEASURES.map((m) => [
    m.label,
    ...SERVER_PATHS.flatMap((p) => [cell(p.id, `${m.id}.p50`), cell(p.id, `${m.id}.p99`)]),
    `≤ ${TARGETS[m.id]}`,
    (() => {
      const v = Number(server('incremental')?.result?.[`${m.id}.p99`]);
      return Number.isFinite(v) ? (v <= TARGETS[m.id] ? 'PASS' : 'FAIL') : '—';
    })(),
  ]);
  lines.push(
    'End to end through the server process over stdio (p50 / p99 ms; each request timed from the didChange before it unless noted):',
    '',
    table(
      [
        'request',
        ...SERVER_PATHS.flatMap((p) => [`${p.label} p50`, `${p.label} p99`]),
        'target p99',
        'incremental',
      ],
      serverRows,
    ),
  );
  for (const p of SERVER_PATHS) {
    const o = server(p.id);
    if (o?.error) lines.push('', `${p.label}: failed: ${o.error}`);
    else if (o?.result?.skipped !== undefined) lines.push('', `${p.label}: ${o.result.skipped}`);
  }
  return lines.join('\n');
}

export const editingBenchmark: Benchmark = {
  name: 'editing',
  description: `Editor-time features on one ${LINES.toLocaleString('en-US')}-line generated module (seed ${SEED}), single thread; the file is edited by inserting a line in the middle. Old path (every version parsed from scratch; for the server also the baseline commit named by BENCH_BASELINE_MAIN) beside the new (incremental reparsing).`,
  trials,
  report,
};
