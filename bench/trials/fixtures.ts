// The generated workspaces themselves: the medium and large size classes are too big for unit tests,
// so their sizes are checked here (design.md: ~2,000 files / ~10 MB and ~20,000 files / ~100 MB), with
// the time it takes to write them to a temporary directory (removed afterwards).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SEED, generateWorkspace, SizeName, SIZES } from '../../fixtures/generate';
import { nowMs } from '../lib/measure';
import { table } from '../lib/report';
import { Benchmark, Trial, TrialOutcome } from '../lib/types';

/** Expected MB per size class (UTF-8 bytes / 10^6); ±30 % passes. */
const EXPECTED_MB: Record<SizeName, number> = { small: 0.8, medium: 10, large: 100 };
const TOLERANCE = 0.3;

function sizeTrial(size: SizeName): Trial {
  return {
    id: size,
    label: `${size} (${SIZES[size].toLocaleString('en-US')} files)`,
    run: (opts) => {
      // A quick run writes the small class in place of the big ones.
      const actual: SizeName = opts.quick ? 'small' : size;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `simple-lsp-${actual}-`));
      try {
        const t0 = nowMs();
        const stats = generateWorkspace(actual, dir);
        const ms = nowMs() - t0;
        return { size: actual, files: stats.files, mb: stats.bytes / 1e6, seconds: ms / 1000 };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function report(outcomes: TrialOutcome[]): string {
  const rows = outcomes.map(({ trial, result, error }) => {
    if (result === undefined) return [trial.label, `failed: ${error ?? 'no result'}`, '', '', ''];
    const size = result.size as SizeName;
    const mb = Number(result.mb);
    const ok =
      result.files === SIZES[size] && Math.abs(mb - EXPECTED_MB[size]) <= TOLERANCE * EXPECTED_MB[size];
    return [
      `${size} (seed ${DEFAULT_SEED})`,
      result.files,
      mb,
      result.seconds,
      `${ok ? 'PASS' : 'FAIL'} (~${EXPECTED_MB[size]} MB, ${SIZES[size].toLocaleString('en-US')} files)`,
    ];
  });
  return table(['workspace', 'files', 'MB', 'seconds to write', 'size class'], rows);
}

export const fixturesBenchmark: Benchmark = {
  name: 'fixtures',
  description:
    'Generated workspaces: sizes of the medium and large classes, and the time to write them to disk.',
  trials: [sizeTrial('medium'), sizeTrial('large')],
  report,
};
