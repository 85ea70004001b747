// Every benchmark and its trials, in one place. run.ts runs each trial in a fresh child process and
// asks the benchmark to report the outcomes side by side. To add a benchmark (store, transport, ...),
// write bench/trials/<name>.ts exporting a Benchmark and list it here.
import { Benchmark } from '../lib/types';
import { completionBenchmark } from './completion';
import { editingBenchmark } from './editing';
import { fixturesBenchmark } from './fixtures';
import { parserBenchmark } from './parser';
import { scipBenchmark } from './scip';
import { serverIndexBenchmark } from './server-index';
import { storeBenchmark } from './store';
import { summaryBenchmark } from './summary';
import { workspaceBenchmark } from './workspace';
import { transportBenchmark } from './transport';
import { typesBenchmark } from './types';
import { soakBenchmark } from './soak';

export const BENCHMARKS: Benchmark[] = [
  parserBenchmark,
  fixturesBenchmark,
  storeBenchmark,
  editingBenchmark,
  workspaceBenchmark,
  serverIndexBenchmark,
  summaryBenchmark,
  transportBenchmark,
  completionBenchmark,
  typesBenchmark,
  soakBenchmark,
  scipBenchmark,
];

export function findTrial(benchmark: string, trial: string) {
  const b = BENCHMARKS.find((x) => x.name === benchmark);
  return b?.trials.find((t) => t.id === trial);
}
