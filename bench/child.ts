// Runs one trial in this (fresh) process and sends its result to the parent over the IPC channel.
//   fork('out/bench/child.js', [benchmark, trial, optionsJson])
import { TrialOptions } from './lib/types';
import { findTrial } from './trials';

async function main(): Promise<void> {
  const [benchmark, trialId, optionsJson] = process.argv.slice(2);
  const trial = findTrial(benchmark, trialId);
  if (trial === undefined) throw new Error(`no trial '${benchmark}:${trialId}'`);
  const opts = JSON.parse(optionsJson ?? '{}') as TrialOptions;
  const result = await trial.run(opts);
  process.send?.({ ok: true, result });
}

main().catch((e: unknown) => {
  const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.send?.({ ok: false, error: err });
  process.exitCode = 1;
});
