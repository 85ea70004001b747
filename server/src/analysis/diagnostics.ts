// A file's one list of diagnostics, for push and pull alike: syntax errors, then unresolved imports and the
// file's checks beyond syntax (language/lint.ts: unused imports, duplicate declarations, uses of deprecated
// declarations), and — once its workspace is indexed — imported names a module does not provide and uses of
// imported deprecated declarations; with the opt-in `unknownMembers` check, members a receiver's certain
// type does not have (types/unknown-members.ts). Capped, with one more entry saying how many were left out.
import { lint } from '../language/lint';
import { unknownMembers } from '../types';
import type { Severity } from '../language/types';
import { isImportedDeprecated, missingImportedNames } from '../workspace/import-check';
import { unresolvedImports } from '../workspace/module-graph';
import type { Analysis } from './analysis';

/** A diagnostic below the edge: a span of the file, in UTF-16 offsets. */
export interface Problem {
  start: number;
  end: number;
  severity: Severity;
  /** Stable short code; absent on the cap's own entry. */
  code?: string;
  message: string;
  tag?: 'unnecessary' | 'deprecated';
}

/**
 * At most this many diagnostics are reported per file: a file of control characters or binary junk would
 * otherwise make one per character (100,000 NULs: 18.5 MB of JSON). Past the cap, one more diagnostic at
 * the first one left out says how many were.
 */
export const MAX_DIAGNOSTICS = 1000;

/** What a session chose to check beyond the default set. */
export interface DiagnosticOptions {
  /** `simple.diagnostics.unknownMembers`: report members a receiver's certain type does not have. */
  unknownMembers?: boolean;
}

/** Every diagnostic of an open document or an indexed file; [] for a file the snapshot does not see. */
export function diagnostics(a: Analysis, file: string, options: DiagnosticOptions = {}): Problem[] {
  const result = a.parse(file);
  if (!result) return [];
  const syntax = result.diagnostics;
  const shown: Problem[] = syntax.slice(0, MAX_DIAGNOSTICS).map(problem);
  const extra = [...importProblems(a, file), ...semanticProblems(a, file, options)];
  const total = syntax.length + extra.length;
  const out = shown.concat(extra.slice(0, MAX_DIAGNOSTICS - shown.length));
  if (total > out.length) {
    const first =
      syntax.length > MAX_DIAGNOSTICS ? syntax[MAX_DIAGNOSTICS] : extra[out.length - shown.length];
    out.push({
      start: first.start,
      end: first.end,
      severity: 'warning',
      message: `${total - out.length} more problems in this file are not shown (at most ${MAX_DIAGNOSTICS} are reported)`,
    });
  }
  return out;
}

/** A syntax or lint diagnostic as a Problem (the fields the edge shows, nothing more). */
export function problem(d: Problem): Problem {
  const out: Problem = { start: d.start, end: d.end, severity: d.severity, code: d.code, message: d.message };
  if (d.tag) out.tag = d.tag;
  return out;
}

/** Unresolved imports, once the workspace is indexed (workspace/module-graph.ts decides what is certain). */
function importProblems(a: Analysis, file: string): Problem[] {
  if (a.workspace.state !== 'ready') return [];
  const view = a.view(file);
  if (!view || view.root < 0) return [];
  const outline = view.outline().imports;
  return unresolvedImports(a.workspace.graph, view, view.summary.imports).map(({ index, message }) => ({
    start: outline[index].pathSpan.start,
    end: outline[index].pathSpan.end,
    severity: 'warning',
    code: 'unresolved-import',
    message,
  }));
}

/**
 * Lint, and with an indexed workspace the imported names a module does not provide and (opt-in) unknown
 * members.
 */
function semanticProblems(a: Analysis, file: string, options: DiagnosticOptions): Problem[] {
  const view = a.workspace.state === 'ready' ? a.view(file) : undefined;
  const inWorkspace = view !== undefined && view.root >= 0;
  const result = a.parse(file)!;
  const found = lint(
    result,
    file,
    inWorkspace ? (name, from) => isImportedDeprecated(a.resolver, view, name, from) : undefined,
  );
  const out = found.map(problem);
  if (inWorkspace)
    for (const m of missingImportedNames(a.resolver, view))
      out.push({
        start: m.item.span.start,
        end: m.item.span.end,
        severity: 'error',
        code: 'missing-import-name',
        message: m.message,
      });
  if (inWorkspace && options.unknownMembers) {
    const { engine, file: source } = a.types(view);
    for (const u of unknownMembers(engine, source))
      out.push({
        start: u.start,
        end: u.end,
        severity: 'warning',
        code: 'unknown-member',
        message: u.message,
      });
  }
  return out;
}
