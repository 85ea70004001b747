// Timing helpers for trials. Only benchmarks time things; unit tests never do.
import * as v8 from 'v8';
import * as vm from 'vm';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs `fn` `warmup` times untimed, then `reps` times timed; returns each timed run in ms.
 * No forced GC between runs: after a full collection V8 shrinks the young generation, and the next
 * parse of a 5,000-line file measured 4x slower (61 ms instead of 15 ms median) — not a steady state.
 */
export function timeReps(warmup: number, reps: number, fn: () => void): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = nowMs();
    fn();
    out.push(nowMs() - t0);
  }
  return out;
}

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** The JS heap in use after a full collection, MB. */
export function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 1e6;
}

/** A seeded pseudo-random sequence in [0, 1) (a 32-bit LCG): every run picks the same positions. */
export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}
