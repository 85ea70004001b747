// Shapes shared by the benchmark orchestrator (run.ts), the child runner (child.ts) and the trials.

export interface TrialOptions {
  /** Small inputs and few repetitions: a smoke run, not a measurement. */
  quick: boolean;
}

/** What a trial measured: named figures (numbers) and notes (strings). */
export type TrialResult = Record<string, number | string>;

export interface Trial {
  id: string;
  /** One line for the table's first column. */
  label: string;
  run(opts: TrialOptions): Promise<TrialResult> | TrialResult;
}

export interface TrialOutcome {
  trial: Trial;
  result?: TrialResult;
  error?: string;
}

export interface Benchmark {
  name: string;
  /** A sentence above the table: what is measured and on what input. */
  description: string;
  trials: Trial[];
  /** The markdown body (table and target lines) for the outcomes, in trial order. */
  report(outcomes: TrialOutcome[], opts: TrialOptions): string;
}
