// Editor-time features on one 5,000-line generated module: semantic tokens (full, full after an edit with its
// delta, on a parse already cached and including the parse of the new version), signature help at calls
// across the file, and didChange → publishDiagnostics through the real server process over stdio.
// Figures are p50 / p99 in ms over many runs after a warm-up; each trial runs in its own fresh process.
import { spawn } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateFileText } from '../../fixtures/generate';
import {
  inlayHints,
  lex,
  parse,
  semanticTokens,
  signatureHelpAt,
  TokenKind,
} from '../../server/src/language';
import { LineIndex } from '../../server/src/lsp/line-index';
import { encodeSemanticTokens, semanticTokensEdits } from '../../server/src/lsp/semantic-tokens';
import { nowMs, timeReps } from '../lib/measure';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';

const LINES = 5000;
const SEED = 7;
const TARGET_TOKENS_MS = 30;
const TARGET_DIAGNOSTICS_MS = 30;

function percentile(values: number[], p: number): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

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

const trials: Trial[] = [
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
    id: 'tokens-delta',
    label: 'semantic tokens delta after an edit, parse included',
    run: (opts) => {
      let text = generateFileText(LINES, SEED);
      let prev = fullTokens(text);
      let n = 0;
      let editInts = 0;
      const runs = timeReps(5, opts.quick ? 10 : 60, () => {
        text = edited(text, n++);
        const next = fullTokens(text);
        const edits = semanticTokensEdits(prev, next);
        editInts = edits.reduce((k, e) => k + e.deleteCount + (e.data?.length ?? 0), 0);
        prev = next;
      });
      return figures(runs, { editInts });
    },
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
  {
    id: 'didchange-diagnostics',
    label: 'didChange → publishDiagnostics (server over stdio, debounce 0)',
    run: (opts) => diagnosticsLatency(opts),
  },
];

async function diagnosticsLatency(opts: TrialOptions): Promise<TrialResult> {
  const main = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');
  const child = spawn(process.execPath, [main, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<number, () => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version !== undefined) waiting.get(p.version)?.();
  });
  rpc.listen();
  try {
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    });
    await rpc.sendNotification('initialized', {});
    const uri = 'file:///bench/long.spl';
    let text = generateFileText(LINES, SEED);
    let version = 1;
    const published = (v: number) => new Promise<void>((resolve) => waiting.set(v, resolve));
    let done = published(version);
    await rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'simple', version, text },
    });
    await done;
    const runs: number[] = [];
    const total = opts.quick ? 10 : 60;
    for (let i = 0; i < total + 5; i++) {
      // An incremental edit: one new line in the middle, as an editor sends it.
      const line = Math.floor(LINES / 2) + (i % 50);
      text = edited(text, i);
      done = published(++version);
      const t0 = nowMs();
      await rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          {
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            text: `val edit_${i} = ${i}\n`,
          },
        ],
      });
      await done;
      if (i >= 5) runs.push(nowMs() - t0);
    }
    return figures(runs);
  } finally {
    rpc.dispose();
    child.kill();
  }
}

function report(outcomes: TrialOutcome[]): string {
  const rows = outcomes.map(({ trial, result, error }) =>
    result === undefined
      ? [trial.label, `failed: ${error ?? 'no result'}`, '', '', '']
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
  const lines = [table(['trial', 'p50 ms', 'p99 ms', 'runs', 'notes'], rows), ''];
  const mark = (id: string, target: number, what: string) => {
    const r = outcomes.find((o) => o.trial.id === id)?.result;
    if (r === undefined) return;
    const p50 = Number(r.p50);
    lines.push(
      `Target: ${what} ≤ ${target} ms — **${p50 <= target ? 'PASS' : 'FAIL'}** (p50 ${p50.toFixed(1)} ms)`,
    );
  };
  mark(
    'tokens-full-parse',
    TARGET_TOKENS_MS,
    `semantic tokens full for ${LINES.toLocaleString('en-US')} lines (parse included)`,
  );
  lines.push('');
  mark('didchange-diagnostics', TARGET_DIAGNOSTICS_MS, 'didChange → diagnostics');
  return lines.join('\n');
}

export const editingBenchmark: Benchmark = {
  name: 'editing',
  description: `Editor-time features on one ${LINES.toLocaleString('en-US')}-line generated module (seed ${SEED}), single thread; the file is edited by inserting a line in the middle.`,
  trials,
  report,
};
