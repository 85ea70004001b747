// The editing rows end to end, as an editor sees them: a real server process over stdio, a 5,000-line
// module open, one line typed in the middle per sample (an incremental didChange), then one request.
// Three server paths side by side in one run: incremental reparsing (this code), the same code with
// SIMPLE_LSP_FULL_REPARSE=1 (every version parsed from scratch), and — when BENCH_BASELINE_MAIN names the
// compiled main.js of an earlier commit — that commit's server.
import { spawn } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateFileText } from '../../fixtures/generate';
import { nowMs, percentile } from '../lib/measure';
import type { TrialOptions, TrialResult } from '../lib/types';

export const LINES = 5000;
export const SEED = 7;

export type ServerPath = 'incremental' | 'full-reparse' | 'baseline';

/** What one sample times after its didChange. */
export type Measure = 'diagnostics' | 'tokens-full' | 'tokens-delta' | 'inlay-hints' | 'completion';

export const MEASURES: { id: Measure; label: string }[] = [
  { id: 'diagnostics', label: 'didChange → publishDiagnostics (debounce 0)' },
  { id: 'tokens-full', label: 'didChange + semantic tokens full (parse included)' },
  { id: 'tokens-delta', label: 'didChange + semantic tokens delta (parse included)' },
  { id: 'inlay-hints', label: 'inlay hints, 60-line screen at the edit (after diagnostics)' },
  { id: 'completion', label: 'didChange + completion of a typed prefix (parse included)' },
];

/** The server's main.js for a path, and its environment; undefined when the baseline is not given. */
function serverFor(which: ServerPath): { main: string; env: NodeJS.ProcessEnv } | undefined {
  const own = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');
  const env = { ...process.env };
  delete env.SIMPLE_LSP_FULL_REPARSE;
  if (which === 'incremental') return { main: own, env };
  if (which === 'full-reparse') return { main: own, env: { ...env, SIMPLE_LSP_FULL_REPARSE: '1' } };
  const baseline = process.env.BENCH_BASELINE_MAIN;
  return baseline ? { main: baseline, env } : undefined;
}

/** p50/p99 of every measure for one server path; each measure in its own server process. */
export async function serverEditing(which: ServerPath, opts: TrialOptions): Promise<TrialResult> {
  const server = serverFor(which);
  if (server === undefined) return { skipped: 'BENCH_BASELINE_MAIN not set' };
  const out: TrialResult = {};
  for (const m of MEASURES) {
    const runs = await measureOne(server, m.id, opts.quick ? 8 : 40);
    out[`${m.id}.p50`] = percentile(runs, 50);
    out[`${m.id}.p99`] = percentile(runs, 99);
    out.runs = runs.length;
  }
  return out;
}

async function measureOne(
  server: { main: string; env: NodeJS.ProcessEnv },
  measure: Measure,
  samples: number,
): Promise<number[]> {
  const child = spawn(process.execPath, [server.main, '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: server.env,
  });
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<number, () => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version !== undefined) waiting.get(p.version)?.();
  });
  rpc.listen();
  const published = (v: number) => new Promise<void>((resolve) => waiting.set(v, resolve));
  try {
    // Diagnostics at once where they are measured (or awaited); elsewhere the default debounce, so they
    // do not run between a change and the request that is timed.
    const debounceMs = measure === 'diagnostics' || measure === 'inlay-hints' ? 0 : 50;
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { simple: { diagnostics: { debounceMs } } },
    });
    await rpc.sendNotification('initialized', {});
    const uri = 'file:///bench/long.spl';
    const textDocument = { uri };
    const text = generateFileText(LINES, SEED);
    let version = 1;
    let done = published(version);
    await rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'simple', version, text },
    });
    await done;
    let resultId = (
      (await rpc.sendRequest('textDocument/semanticTokens/full', { textDocument })) as {
        resultId: string;
      }
    ).resultId;
    const runs: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      // One new line in the middle of the file, as an editor sends it.
      const line = Math.floor(LINES / 2) + (i % 50);
      const typed = measure === 'completion' ? `val edit_${i} = pri` : `val edit_${i} = ${i}`;
      const change = {
        textDocument: { uri, version: ++version },
        contentChanges: [
          { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${typed}\n` },
        ],
      };
      done = published(version);
      const t0 = nowMs();
      await rpc.sendNotification('textDocument/didChange', change);
      let t = 0;
      switch (measure) {
        case 'diagnostics':
          await done;
          t = nowMs() - t0;
          break;
        case 'tokens-full':
          await rpc.sendRequest('textDocument/semanticTokens/full', { textDocument });
          t = nowMs() - t0;
          break;
        case 'tokens-delta': {
          const r = (await rpc.sendRequest('textDocument/semanticTokens/full/delta', {
            textDocument,
            previousResultId: resultId,
          })) as { resultId: string };
          resultId = r.resultId;
          t = nowMs() - t0;
          break;
        }
        case 'inlay-hints': {
          await done;
          const first = Math.max(0, line - 30);
          const t1 = nowMs();
          await rpc.sendRequest('textDocument/inlayHint', {
            textDocument,
            range: { start: { line: first, character: 0 }, end: { line: first + 60, character: 0 } },
          });
          t = nowMs() - t1;
          break;
        }
        case 'completion':
          await rpc.sendRequest('textDocument/completion', {
            textDocument,
            position: { line, character: typed.length },
          });
          t = nowMs() - t0;
          break;
      }
      if (i >= 5) runs.push(t);
    }
    return runs;
  } finally {
    rpc.dispose();
    child.kill();
  }
}
