// The type engine's member table by name (types/declarations.ts membersNamed, a cache the engine reads
// at every `x.name`) against the scan it replaces, `members.filter(m => m.decl.name.text === name)`: the
// same members, in the same order, for every name of every type declared in the demo workspace, a
// generated workspace and the prelude; and an answer handed out cannot change the next one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '../../server/src/language';
import {
  declOf,
  isTypeDecl,
  type Member,
  membersNamed,
  membersOf,
} from '../../server/src/types/declarations';
import { FileWorld, preludeFile, type SourceFile } from '../../server/src/types';
import { generateWorkspace } from '../../fixtures/generate';
import { REPO_ROOT } from '../support/fixture-files';

function splFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.spl'))
    .map((f) => path.join(dir, f));
}

/** Every type declared at the top of `file`, checked for every member name; returns the names checked. */
function check(file: SourceFile): number {
  const world = new FileWorld(file);
  let checked = 0;
  for (const node of file.parse().root.children) {
    if (!isTypeDecl(node)) continue;
    const decl = declOf(file, node);
    if (!decl) continue;
    const members: Member[] = membersOf(world, decl);
    const names = new Set(members.map((m) => m.decl.name.text));
    for (const name of [...names, 'no_such_member']) {
      const scanned = members.filter((m) => m.decl.name.text === name);
      const first = membersNamed(members, name);
      assert.equal(first.length, scanned.length, `${file.key}: ${decl.name.text}.${name}`);
      first.forEach((m, i) => assert.equal(m, scanned[i], `${file.key}: ${decl.name.text}.${name} #${i}`));
      first.length = 0; // a caller's copy: the table keeps its own
      assert.deepEqual(membersNamed(members, name), scanned);
      checked++;
    }
  }
  return checked;
}

function checkDir(dir: string): number {
  let checked = 0;
  for (const p of splFiles(dir)) {
    const result = parse(fs.readFileSync(p, 'utf8'));
    checked += check({ key: p, parse: () => result });
  }
  return checked;
}

describe('types: the member table by name answers as a scan of the members', () => {
  it('every type of the demo workspace and the prelude', () => {
    assert.ok(checkDir(path.join(REPO_ROOT, 'fixtures', 'demo')) > 0);
    assert.ok(check(preludeFile()) > 50);
  });

  it('every type of a generated workspace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-members-'));
    try {
      generateWorkspace({ files: 150, seed: 5 }, dir);
      assert.ok(checkDir(dir) > 100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
