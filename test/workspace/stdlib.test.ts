// Finding the standard library as a Simple user has it installed: the setting (an install directory,
// its src or its src/lib), then SIMPLE_LIB (what the toolchain's launcher exports), then the `simple`
// executable on PATH with src/lib beside its bin/. Real directories in a temporary folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coveredBy, locateStdlib } from '../../server/src/workspace/stdlib';

describe('workspace: locating the standard library', () => {
  let dir: string;
  let install: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-stdlib-'));
    install = path.join(dir, 'simple-0.5');
    fs.mkdirSync(path.join(install, 'src', 'lib', 'common'), { recursive: true });
    fs.mkdirSync(path.join(install, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(install, 'bin', 'simple'), '#!/bin/sh\n');
    fs.mkdirSync(path.join(dir, 'empty', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'empty', 'bin', 'simple'), '#!/bin/sh\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: { name: string; setting?: string; env?: Record<string, string>; want: string | RegExp }[] = [
    { name: 'the setting naming the install directory', setting: 'simple-0.5', want: 'simple-0.5' },
    { name: 'the setting naming its src', setting: 'simple-0.5/src', want: 'simple-0.5' },
    { name: 'the setting naming its src/lib', setting: 'simple-0.5/src/lib', want: 'simple-0.5' },
    {
      name: 'a setting without src/lib is reported, not replaced by a guess',
      setting: 'empty',
      env: { SIMPLE_LIB: 'simple-0.5/src' },
      want: /simple.stdlib.path .*empty holds no src\/lib/,
    },
    {
      name: 'SIMPLE_LIB as the launcher exports it',
      env: { SIMPLE_LIB: 'simple-0.5/src' },
      want: 'simple-0.5',
    },
    {
      name: 'the simple executable on PATH, skipping one without a library',
      env: { PATH: ['empty/bin', 'simple-0.5/bin'].join(path.delimiter) },
      want: 'simple-0.5',
    },
    {
      name: 'nothing found, said why',
      env: { PATH: 'empty/bin' },
      want: /no simple.stdlib.path, no SIMPLE_LIB/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const abs = (p: string) =>
        p
          .split(path.delimiter)
          .map((x) => path.join(dir, x))
          .join(path.delimiter);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.env ?? {})) env[k] = abs(v);
      const found = locateStdlib({ setting: c.setting ? abs(c.setting) : '', env });
      if (typeof c.want === 'string') assert.deepEqual(found.root, path.join(dir, c.want));
      else {
        assert.equal(found.root, undefined);
        assert.match((found as { reason: string }).reason, c.want);
      }
    });
  }

  it('a library inside a workspace root is not added twice', () => {
    assert.equal(coveredBy(install, [dir]), true);
    assert.equal(coveredBy(install, [install]), true);
    assert.equal(coveredBy(install, [path.join(dir, 'empty')]), false);
  });
});
