// textDocument/documentLink over a real connection: each `use`/`export` path segment that resolves links
// to its module file; plain directories, items, unresolved paths and `std.` without a standard library in
// the workspace do not.
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { DocumentLink, InitializeResult } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { Scratch } from './live-support';

const MAIN = [
  'use std.spec.{it}',
  'use util.strings.{pad}',
  'use util.text',
  'use .helper.{h}',
  'use util.nothing.{x}',
  'use util.strings.pad',
  '',
  'fn main():',
  '    it(pad(h()))',
  '',
].join('\n');

const FILES = {
  'src/lib/common/spec.spl': 'fn it(x: text):\n    pass\n',
  'src/util/strings.spl': 'fn pad(s: text) -> text:\n    s\n',
  'src/util/text/__init__.spl': 'export format.*\n',
  'src/util/text/format.spl': 'fn fmt():\n    pass\n',
  'src/app/helper.spl': 'fn h() -> text:\n    "h"\n',
  'src/app/main.spl': MAIN,
};

/** `line:word` → the range of `word` (its first occurrence on that line, or after `after`). */
function at(text: string, line: number, word: string, after = '') {
  const l = text.split('\n')[line];
  const character = l.indexOf(word, after ? l.indexOf(after) + after.length : 0);
  assert.ok(character >= 0, `${word} on line ${line}`);
  return { start: { line, character }, end: { line, character: character + word.length } };
}

describe('document links on module paths (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  let client: TestClient;
  let init: InitializeResult;
  const links = (uri: string) =>
    client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });

  before(async () => {
    ws = new Scratch('simple-links-', FILES);
    client = spawnServer();
    init = await client.initialize({ rootUri: pathToFileURL(ws.dir).href });
    await client.logLine(/index ready/);
  });
  after(async () => {
    await client.dispose();
    ws.dispose();
  });

  it('offers document links', () => {
    assert.deepEqual(init.capabilities.documentLinkProvider, { resolveProvider: false });
  });

  it('links every segment that names a module file, std. included where src/lib holds it', async () => {
    const uri = ws.uri('src/app/main.spl');
    await client.open(uri, MAIN);
    const got = (await links(uri)).map((l) => ({ range: l.range, target: l.target, tooltip: l.tooltip }));
    assert.deepEqual(got, [
      { range: at(MAIN, 0, 'spec'), target: ws.uri('src/lib/common/spec.spl'), tooltip: 'module std.spec' },
      {
        range: at(MAIN, 1, 'strings'),
        target: ws.uri('src/util/strings.spl'),
        tooltip: 'module util.strings',
      },
      {
        range: at(MAIN, 2, 'text'),
        target: ws.uri('src/util/text/__init__.spl'),
        tooltip: 'module util.text',
      },
      { range: at(MAIN, 3, 'helper'), target: ws.uri('src/app/helper.spl'), tooltip: 'module .helper' },
      {
        range: at(MAIN, 5, 'strings'),
        target: ws.uri('src/util/strings.spl'),
        tooltip: 'module util.strings',
      },
    ]);
  });

  it('links an `export child.*` of a package to the child', async () => {
    const uri = ws.uri('src/util/text/__init__.spl');
    const text = FILES['src/util/text/__init__.spl'];
    await client.open(uri, text);
    assert.deepEqual(
      (await links(uri)).map((l) => [l.range, l.target]),
      [[at(text, 0, 'format'), ws.uri('src/util/text/format.spl')]],
    );
  });

  it('follows the open text, and gives nothing for a document outside the workspace', async () => {
    const uri = ws.uri('src/app/main.spl');
    await client.change(uri, 2, [{ text: 'use util.strings\n' }]);
    assert.deepEqual(
      (await links(uri)).map((l) => l.target),
      [ws.uri('src/util/strings.spl')],
    );
    const outside = new Scratch('simple-links-outside-', { 'x.spl': 'use util.strings\n' });
    try {
      await client.open(outside.uri('x.spl'), 'use util.strings\n');
      assert.deepEqual(await links(outside.uri('x.spl')), []);
    } finally {
      outside.dispose();
    }
  });

  it('does not link std. paths in a workspace without the standard library', async () => {
    const bare = new Scratch('simple-links-bare-', { 'src/app/main.spl': 'use std.spec.{it}\n' });
    const other = spawnServer();
    try {
      await other.initialize({ rootUri: pathToFileURL(bare.dir).href });
      await other.logLine(/index ready/);
      const uri = bare.uri('src/app/main.spl');
      await other.open(uri, 'use std.spec.{it}\n');
      assert.deepEqual(await other.request('textDocument/documentLink', { textDocument: { uri } }), []);
    } finally {
      await other.dispose();
      bare.dispose();
    }
  });

  it('answers null for a document that is not open', async () => {
    assert.equal(await links(ws.uri('src/util/strings.spl')), null);
  });

  it('fails a request without a document with InvalidParams', async () => {
    await assert.rejects(client.request('textDocument/documentLink', {}), /textDocument/);
  });
});
