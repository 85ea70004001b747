// The layer rules of eslint.config.mjs, run on snippets placed (by file name) in each folder: below the
// protocol edge nothing imports vscode-languageserver; analysis/ and workspace/ know no handlers or
// sessions; the packed summary layout stays private. Each rule is shown to fire and to let clean code by.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/fixture-files';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

const PROTOCOL = "import type { Range } from 'vscode-languageserver';\nexport type R = Range;\n";
const PROTOCOL_TYPES = "import type { Range } from 'vscode-languageserver-types';\nexport type R = Range;\n";

describe('layer rules (eslint.config.mjs)', () => {
  for (const folder of ['analysis', 'language', 'workspace', 'types'])
    it(`server/src/${folder}/ may not import vscode-languageserver`, async () => {
      for (const code of [PROTOCOL, PROTOCOL_TYPES]) {
        const found = await messages(`server/src/${folder}/probe.ts`, code);
        assert.equal(found.length, 1, `${folder}: ${code}`);
        assert.match(found[0], /protocol-free/);
      }
    });

  it('features/ and lsp/ may (they are the edge)', async () => {
    assert.deepEqual(await messages('server/src/features/probe.ts', PROTOCOL), []);
    assert.deepEqual(await messages('server/src/lsp/probe.ts', PROTOCOL), []);
  });

  it('analysis/ knows no handlers or sessions', async () => {
    const code =
      "import type { DocumentStore } from '../session/documents';\nexport type D = DocumentStore;\n";
    const found = await messages('server/src/analysis/probe.ts', code);
    assert.equal(found.length, 1);
    const handler = "import { hover } from '../features/hover';\nexport const h = hover;\n";
    assert.equal((await messages('server/src/analysis/probe.ts', handler)).length, 1);
  });

  it('the analysis layer itself lints clean with its real imports', async () => {
    const code = "import { Resolver } from '../workspace/resolver';\nexport const r = Resolver;\n";
    assert.deepEqual(await messages('server/src/analysis/probe.ts', code), []);
  });

  it('the packed summary layout stays private under analysis/ too', async () => {
    const code = "import { STRIDE } from '../language/summary';\nexport const s = STRIDE;\n";
    const found = await messages('server/src/analysis/probe.ts', code);
    assert.equal(found.length, 1);
    assert.match(found[0], /accessors/);
  });

  it('features/ calls the analysis layer only (types from below are fine)', async () => {
    const file = 'server/src/features/probe.ts';
    for (const code of [
      "import { findReferences } from '../workspace/references';\nexport const f = findReferences;\n",
      "import { hoverAt } from '../language';\nexport const h = hoverAt;\n",
      "import { typeAt } from '../types';\nexport const t = typeAt;\n",
    ]) {
      const found = await messages(file, code);
      assert.equal(found.length, 1, code);
      assert.match(found[0], /asks analysis/);
    }
    for (const code of [
      "import type { SignatureInfo } from '../language';\nexport type S = SignatureInfo;\n",
      "import type { Workspace } from '../workspace/workspace';\nexport type W = Workspace;\n",
      "import * as analysis from '../analysis';\nexport const a = analysis;\n",
    ])
      assert.deepEqual(await messages(file, code), [], code);
  });
});
