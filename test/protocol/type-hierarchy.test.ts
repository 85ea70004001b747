// Type hierarchy over the real server: the capability, prepare on a trait, its subtypes across files
// (a header `with` and an `impl Trait for X` in a third file), the supertypes back from one of them, and
// a malformed item rejected as invalid params without harming the session.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, type TypeHierarchyItem } from 'vscode-languageserver-protocol';
import { spawnServer, type TestClient } from '../support/client';
import { Scratch } from './live-support';

describe('type hierarchy over the real server (spawned server)', function () {
  this.timeout(30_000);
  let ws: Scratch;
  let client: TestClient;
  const files: Record<string, string> = {
    'src/traits.spl': 'trait Shape:\n    fn area() -> f64\n',
    'src/circle.spl': 'use traits.{Shape}\n\nclass Circle with Shape:\n    r: f64\n',
    'src/square.spl': 'struct Square:\n    side: f64\n',
    'src/square_shape.spl':
      'use traits.{Shape}\nuse square.{Square}\n\nimpl Shape for Square:\n    fn area() -> f64:\n        self.side\n',
  };
  before(async () => {
    ws = new Scratch('simple-types-h-', files);
    client = spawnServer();
    const init = await client.initialize({ rootUri: pathToFileURL(ws.dir).href });
    assert.equal(init.capabilities.typeHierarchyProvider, true);
    await client.logLine(/index ready/);
  });
  after(async () => {
    await client.dispose();
    ws.dispose();
  });

  it('prepares a trait, lists the types implementing it, and goes back up from one', async () => {
    const uri = ws.uri('src/traits.spl');
    await client.open(uri, files['src/traits.spl']);
    const items = await client.request<TypeHierarchyItem[]>('textDocument/prepareTypeHierarchy', {
      textDocument: { uri },
      position: { line: 0, character: 8 },
    });
    assert.deepEqual(
      items.map((i) => [i.name, i.kind]),
      [['Shape', 11]],
    );
    const subs = await client.request<TypeHierarchyItem[]>('typeHierarchy/subtypes', { item: items[0] });
    assert.deepEqual(subs.map((i) => `${i.name} ${path.basename(new URL(i.uri).pathname)}`).sort(), [
      'Circle circle.spl',
      'Square square.spl',
    ]);
    const square = subs.find((i) => i.name === 'Square')!;
    assert.deepEqual(square.selectionRange.start, { line: 0, character: 7 });
    const sups = await client.request<TypeHierarchyItem[]>('typeHierarchy/supertypes', { item: square });
    assert.deepEqual(
      sups.map((i) => i.name),
      ['Shape'],
    );
  });

  it('rejects an item that is not one, and keeps serving', async () => {
    await assert.rejects(
      client.request('typeHierarchy/supertypes', { item: 42 }),
      (e: { code?: number }) => e.code === ErrorCodes.InvalidParams,
    );
    const uri = ws.uri('src/circle.spl');
    await client.open(uri, files['src/circle.spl']);
    const items = await client.request<TypeHierarchyItem[]>('textDocument/prepareTypeHierarchy', {
      textDocument: { uri },
      position: { line: 2, character: 8 },
    });
    assert.equal(items[0].name, 'Circle');
  });
});
