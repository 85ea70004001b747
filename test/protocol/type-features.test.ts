// Type-driven features over the real server, in a workspace: highlights of a member by the receivers'
// types (read and write kinds, an unrelated type's same-named field left out); references and rename of
// a field report a use on a receiver of unknown type in the log, apart, and never edit it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type DocumentHighlight,
  DocumentHighlightKind,
  type Location,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { spawnServer, type TestClient } from '../support/client';
import { Scratch } from './live-support';

describe('type-driven features over the real server (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  let client: TestClient;
  const files: Record<string, string> = {
    'src/geo.spl': 'struct Point:\n    x: i64\n\nstruct Other:\n    x: i64\n',
    'src/main.spl':
      'use geo.{Point, Other}\n\nfn f(o: Other) -> i64:\n    var p = Point(x: 1)\n    p.x = o.x\n    p.x\n\nfn g(q) -> i64:\n    q.x\n',
  };
  before(async () => {
    ws = new Scratch('simple-types-f-', files);
    client = spawnServer();
    await client.initialize({ rootUri: pathToFileURL(ws.dir).href });
    await client.logLine(/index ready/);
    await client.open(ws.uri('src/main.spl'), files['src/main.spl']);
  });
  after(async () => {
    await client.dispose();
    ws.dispose();
  });

  it('highlights a member by the receivers type, with write and read kinds', async () => {
    const found = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri: ws.uri('src/main.spl') },
      position: { line: 5, character: 6 },
    });
    assert.deepEqual(
      found.map((h) => [h.range.start.line, h.range.start.character, h.kind]),
      [
        [3, 18, DocumentHighlightKind.Write],
        [4, 6, DocumentHighlightKind.Write],
        [5, 6, DocumentHighlightKind.Read],
      ],
    );
  });

  it('references leave out a use on a receiver of unknown type and log it as possible', async () => {
    const mark = client.logText.length;
    const found = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: ws.uri('src/main.spl') },
      position: { line: 5, character: 6 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      found.map(
        (l) => `${path.basename(new URL(l.uri).pathname)}:${l.range.start.line}:${l.range.start.character}`,
      ),
      ['geo.spl:1:4', 'main.spl:3:18', 'main.spl:4:6', 'main.spl:5:6'],
    );
    const line = await client.logLineAfter(mark, /references: 1 possible reference of .x./);
    assert.match(line, /src\/main\.spl:9:7/);
  });

  it('rename edits confirmed uses only and logs the unknown receiver it did not rename', async () => {
    const mark = client.logText.length;
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: ws.uri('src/main.spl') },
      position: { line: 5, character: 6 },
      newName: 'left',
    });
    const edited = Object.values(edit.changes ?? {}).flat();
    assert.equal(edited.length, 4);
    assert.ok(!edited.some((e) => e.range.start.line === 8), 'q.x is not renamed');
    const line = await client.logLineAfter(mark, /rename: not renamed/);
    assert.match(line, /src\/main\.spl:9:7/);
  });
});

describe('the opt-in unknown-member diagnostic over the real server (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  const main = 'struct Point:\n    x: i64\n\nfn f(p: Point, q) -> i64:\n    p.x + p.nope + q.nope\n';
  before(() => {
    ws = new Scratch('simple-types-u-', { 'src/main.spl': main });
  });
  after(() => ws.dispose());

  for (const on of [false, true]) {
    it(`is ${on ? 'reported with the setting on' : 'off by default'}`, async () => {
      const client = spawnServer();
      try {
        await client.initialize({
          rootUri: pathToFileURL(ws.dir).href,
          ...(on ? { initializationOptions: { simple: { diagnostics: { unknownMembers: true } } } } : {}),
        });
        await client.logLine(/index ready/);
        const uri = ws.uri('src/main.spl');
        await client.open(uri, main, 1);
        // The index is ready before the document opens, so its first diagnostics are complete.
        const published = await client.diagnostics(uri, 1);
        const found = published.diagnostics.filter((d) => d.code === 'unknown-member');
        assert.deepEqual(
          found.map((d) => [d.range.start.line, d.range.start.character, d.message]),
          on ? [[4, 12, "'Point' has no member 'nope'"]] : [],
        );
      } finally {
        await client.dispose();
      }
    });
  }
});
