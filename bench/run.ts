// Benchmark orchestrator: `npm run bench [-- --quick] [-- --only parser | --only parser:lex]`.
// Each trial runs in a fresh child process (no JIT or heap state shared between trials); each benchmark's
// outcomes are printed as a markdown table headed by date, kernel, Node version and CPU, and written to
// bench/results/<name>-<YYYY-MM-DD>.md (quick runs to <name>-<YYYY-MM-DD>-quick.md).
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { header, machine } from './lib/report';
import { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from './lib/types';
import { BENCHMARKS } from './trials';

interface Args {
  quick: boolean;
  only?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') args.quick = true;
    else if (argv[i] === '--only' && argv[i + 1] !== undefined) args.only = argv[++i];
    else throw new Error(`unknown argument '${argv[i]}' (expected --quick, --only NAME[:TRIAL])`);
  }
  return args;
}

function runTrial(b: Benchmark, t: Trial, opts: TrialOptions): Promise<TrialOutcome> {
  return new Promise((resolve) => {
    const child = fork(path.join(__dirname, 'child.js'), [b.name, t.id, JSON.stringify(opts)], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: TrialOutcome | undefined;
    child.on('message', (m: { ok: boolean; result?: TrialResult; error?: string }) => {
      outcome = m.ok ? { trial: t, result: m.result } : { trial: t, error: m.error };
    });
    child.on('error', (e) => {
      outcome ??= { trial: t, error: e.message };
    });
    child.on('exit', (code, signal) => {
      resolve(outcome ?? { trial: t, error: `child exited (${signal ?? `code ${code}`}) without a result` });
    });
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const [onlyBench, onlyTrial] = args.only?.split(':') ?? [];
  const selected = BENCHMARKS.filter((b) => onlyBench === undefined || b.name === onlyBench);
  if (selected.length === 0) {
    console.error(`no benchmark named '${onlyBench}' (have: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const opts: TrialOptions = { quick: args.quick };
  const m = machine();
  let failed = 0;
  for (const b of selected) {
    const trials = b.trials.filter((t) => onlyTrial === undefined || t.id === onlyTrial);
    const outcomes: TrialOutcome[] = [];
    for (const t of trials) {
      console.error(`bench ${b.name}:${t.id} ...`);
      const o = await runTrial(b, t, opts);
      if (o.error !== undefined) {
        failed++;
        console.error(`bench ${b.name}:${t.id} failed:\n${o.error}`);
      }
      outcomes.push(o);
    }
    const md = `${header(b.name, m, args.quick)}\n\n${b.description}\n\n${b.report(outcomes, opts)}\n`;
    console.log(md);
    const dir = path.join(__dirname, '..', '..', 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const suffix = onlyTrial !== undefined ? `-${onlyTrial}` : '';
    const file = path.join(dir, `${b.name}${suffix}-${m.date}${args.quick ? '-quick' : ''}.md`);
    fs.writeFileSync(file, md);
    console.error(`wrote ${path.relative(process.cwd(), file)}`);
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  },
);
