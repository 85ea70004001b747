// Reading the checked-in fixture workspaces from tests (which run from out/test/...).
import * as fs from 'fs';
import * as path from 'path';

/** The repository root (tests are compiled to out/test/<dir>/, sources stay in place). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface FixtureFile {
  /** Path relative to the fixture root, with `/` separators. */
  path: string;
  text: string;
}

/** Every `*.spl` file under `fixtures/<name>/`, sorted by path. */
export function fixtureFiles(name: string): FixtureFile[] {
  const root = path.join(REPO_ROOT, 'fixtures', name);
  const out: FixtureFile[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.spl'))
        out.push({
          path: path.relative(root, p).split(path.sep).join('/'),
          text: fs.readFileSync(p, 'utf8'),
        });
    }
  };
  visit(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
