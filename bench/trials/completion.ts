// Completion latency on the large generated workspace (~20,000 files; 100 for --quick), indexed with the
// native store. Each sample edits a random file as an editor would (the edited text is the open document,
// parsed before timing, as the session's snapshot is) and times what a completion request computes: the
// context parse with the placeholder, the file's names, and the workspace part. Side by side:
//   - names: a new line in a function body with a 2-3 character prefix of a name declared elsewhere
//     (locals, imports, globs and auto-import candidates over the whole name table, with their edits);
//   - members: an existing `a.b` cut back to `a.` (a broken line);
//   - use paths: a `use` line cut after its first segment and dot.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '../../server/src/language';
import { analyseCompletion } from '../../server/src/language/completion';
import { packageInfo } from '../../server/src/package-info';
import type { FileStore } from '../../server/src/store/file-store';
import { FsStore } from '../../server/src/store/fs-store';
import { NativeStore } from '../../server/src/store/native-store';
import { loadNative } from '../../server/src/native/load';
import { Logger } from '../../server/src/logger';
import { workspaceCompletion } from '../../server/src/workspace/completion';
import { Resolver } from '../../server/src/workspace/resolver';
import { Views } from '../../server/src/workspace/views';
import { Workspace } from '../../server/src/workspace/workspace';
import { nowMs, percentile, rng } from '../lib/measure';
import { table } from '../lib/report';
import type { Benchmark, Trial, TrialOptions, TrialOutcome, TrialResult } from '../lib/types';
import { workspaceFiles } from './store';

const TARGET_P99_MS = 20;
const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

type Kind = 'names' | 'members' | 'use-paths';

function rootOf(opts: TrialOptions): string {
  let dir = path.dirname(workspaceFiles(opts).paths[0]);
  while (!fs.existsSync(path.join(dir, '.complete'))) dir = path.dirname(dir);
  return dir;
}

function makeStore(): FileStore {
  const load = loadNative(packageInfo().root);
  return load.addon ? new NativeStore(load.addon) : new FsStore();
}

/** The edited text and cursor of one sample, or undefined when the file has no such place. */
function edit(
  kind: Kind,
  text: string,
  random: () => number,
  names: string[],
): { text: string; offset: number } | undefined {
  if (kind === 'names') {
    const bodies = [...text.matchAll(/^( +)\S.*$/gm)].filter((m) => !/:\s*$/.test(m[0]));
    if (bodies.length === 0) return undefined;
    const m = bodies[Math.floor(random() * bodies.length)];
    const at = m.index + m[0].length;
    const name = names[Math.floor(random() * names.length)];
    const typed = `\n${m[1]}${name.slice(0, 2 + Math.floor(random() * 2))}`;
    return { text: text.slice(0, at) + typed + text.slice(at), offset: at + typed.length };
  }
  if (kind === 'members') {
    const members = [...text.matchAll(/\b[A-Za-z_]\w*\.([A-Za-z_]\w*)/g)].filter(
      (m) => !/^\s*(use|import|export)\b/.test(lineOf(text, m.index)),
    );
    if (members.length === 0) return undefined;
    const m = members[Math.floor(random() * members.length)];
    const dot = m.index + m[0].length - m[1].length;
    return { text: text.slice(0, dot) + text.slice(dot + m[1].length), offset: dot };
  }
  const uses = [...text.matchAll(/^use ([A-Za-z_]\w*\.)\S*/gm)];
  if (uses.length === 0) return undefined;
  const m = uses[Math.floor(random() * uses.length)];
  const at = m.index + 4 + m[1].length;
  return { text: text.slice(0, at) + text.slice(m.index + m[0].length), offset: at };
}

function lineOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? text.length : end);
}

function trial(kind: Kind, label: string, types = true): Trial {
  return {
    id: types ? kind : `${kind}-rules`,
    label,
    run: async (opts): Promise<TrialResult> => {
      const store = makeStore();
      const ws = new Workspace({ roots: [rootOf(opts)], store, logger: quiet });
      await ws.ready();
      const random = rng(7);
      const files = [...ws.index.allFiles()];
      const names = [...ws.index.names()].filter((n) => n.length >= 4);
      const samples = opts.quick ? 100 : 1000;
      const warmup = 30;
      const times: number[] = [];
      let items = 0;
      let autoImports = 0;
      for (let i = 0, n = 0; times.length < samples && i < samples * 20; i++) {
        const f = files[Math.floor(random() * files.length)];
        const source = store.text(f.id, 0, f.size);
        const e = edit(kind, source, random, names);
        if (!e) continue;
        const parsed = parse(e.text);
        const views = new Views(ws, (p) =>
          p === f.path ? { text: e.text, parse: () => parsed } : undefined,
        );
        const resolver = new Resolver(views);
        const view = views.byPath(f.path)!;
        const t0 = nowMs();
        const analysis = analyseCompletion(parsed, e.offset);
        const found = workspaceCompletion(views, resolver, view, analysis, { types });
        const ms = nowMs() - t0;
        if (n++ < warmup) continue; // compiled code and warm caches, as in a session that has been typing
        times.push(ms);
        items += found.candidates.length;
        autoImports += found.candidates.filter((c) => c.edit).length;
      }
      const result = {
        files: files.length,
        names: ws.index.nameCount,
        samples: times.length,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        items: items / Math.max(1, times.length),
        autoImports: autoImports / Math.max(1, times.length),
      };
      ws.close();
      store.close();
      return result;
    },
  };
}

export const completionBenchmark: Benchmark = {
  name: 'completion',
  description:
    'Completion (context parse with the placeholder, names of the file, workspace part with auto-import candidates) on the generated large workspace (~20,000 files), 1,000 random edits per trial after 30 untimed ones, the edited file open and parsed before timing.',
  trials: [
    trial('names', 'names on a new line, 2-3 character prefix (auto-import)'),
    trial('members', 'members after `a.` (member name cut), types first'),
    trial('members', 'members after `a.`, name rules only (before types)', false),
    trial('use-paths', 'module segments after `use first.`'),
  ],
  report(outcomes: TrialOutcome[]): string {
    const rows = outcomes.map(({ trial: t, result, error }) =>
      result
        ? [
            t.label,
            result.p50,
            result.p99,
            result.items,
            result.autoImports,
            result.samples,
            `${result.files} files, ${result.names} names`,
          ]
        : [t.label, `failed: ${error ?? 'no result'}`, '', '', '', '', ''],
    );
    return (
      table(['trial', 'p50 ms', 'p99 ms', 'items', 'auto-imports', 'samples', 'workspace'], rows) +
      `\n\nTarget: completion p99 ≤ ${TARGET_P99_MS} ms.`
    );
  },
};
