// Test inputs live as files under test/fixtures (the sources, not out/): read them by name.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

export function fixture(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
}

export function uriOf(name: string): string {
  return `file:///workspace/${name}`;
}

/** The 0-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`fixture text has no line containing ${JSON.stringify(needle)}`);
  return line;
}
