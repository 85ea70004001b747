// `simple-lsp --check PATH...`: the front end as a command-line checker. Prints every syntax
// diagnostic as `file:line:col: severity code: message` (1-based line and column, columns in UTF-16
// units like most editors) and a summary; exit code 1 when any error was found, 2 for a bad path.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from './language';
import { LineIndex } from './lsp/line-index';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'out', 'build']);

export interface CheckOptions {
  paths: readonly string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runCheck(options: CheckOptions): Promise<number> {
  const files: string[] = [];
  for (const p of options.paths) {
    try {
      await collect(p, files, true);
    } catch (error) {
      options.err(`simple-lsp: cannot read ${p}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return 2;
    }
  }
  let errors = 0;
  let warnings = 0;
  let failedFiles = 0;
  for (const file of files.sort()) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      options.err(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      failedFiles++;
      continue;
    }
    const result = parse(text);
    if (result.diagnostics.length === 0) continue;
    const index = new LineIndex(text);
    let fileErrors = 0;
    for (const d of result.diagnostics) {
      const pos = index.positionAt(d.start, 'utf-16');
      options.out(`${file}:${pos.line + 1}:${pos.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
      if (d.severity === 'error') fileErrors++;
      else warnings++;
    }
    errors += fileErrors;
    if (fileErrors > 0) failedFiles++;
  }
  const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  options.out(
    `checked ${s(files.length, 'file')}: ${s(errors, 'error')}, ${s(warnings, 'warning')}, ` +
      `${s(failedFiles, 'file')} with errors`,
  );
  return errors > 0 || failedFiles > 0 ? 1 : 0;
}

/** `*.spl` files under `p` (or `p` itself, whatever its extension, when named explicitly). */
async function collect(p: string, out: string[], explicit: boolean): Promise<void> {
  const stat = await fs.stat(p);
  if (stat.isFile()) {
    if (explicit || p.endsWith('.spl')) out.push(p);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of await fs.readdir(p, { withFileTypes: true })) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await collect(child, out, false);
    } else if (entry.isFile() && entry.name.endsWith('.spl')) {
      out.push(child);
    }
  }
}
