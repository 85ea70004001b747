// Inlay hints over the real server: parameter names and inferred types, positions in both encodings,
// limited to the requested range.
import * as assert from 'node:assert/strict';
import { type InlayHint, InlayHintKind } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { lineOf, uriOf } from '../support/fixtures';

const URI = uriOf('hints.spl');
const TEXT = [
  'fn greet(näme: text, times: i64) -> text:',
  '    näme',
  'val first = greet("héllo", 2)',
  'val second = greet("b", 3)',
  '',
].join('\n');

for (const encoding of ['utf-16', 'utf-8'] as const) {
  describe(`inlay hints, ${encoding} (spawned server)`, () => {
    let client: TestClient;
    before(async () => {
      client = spawnServer();
      const init = await client.initialize({ capabilities: { general: { positionEncodings: [encoding] } } });
      assert.equal(init.capabilities.inlayHintProvider, true);
      await client.open(URI, TEXT, 1);
    });
    after(() => client.dispose());

    const hints = (startLine: number, endLine: number) =>
      client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri: URI },
        range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } },
      });
    const column = (line: string, needle: string) => {
      const col = line.indexOf(needle);
      return encoding === 'utf-8' ? Buffer.byteLength(line.slice(0, col)) : col;
    };

    it('names parameters and shows inferred types, in the negotiated encoding', async () => {
      const line = lineOf(TEXT, 'val first');
      const content = TEXT.split('\n')[line];
      const got = await hints(line, line + 1);
      assert.deepEqual(got, [
        { position: { line, character: column(content, ' =') }, label: ': text', kind: InlayHintKind.Type },
        {
          position: { line, character: column(content, '"héllo"') },
          label: 'näme:',
          kind: InlayHintKind.Parameter,
          paddingRight: true,
        },
        {
          position: { line, character: column(content, '2)') },
          label: 'times:',
          kind: InlayHintKind.Parameter,
          paddingRight: true,
        },
      ]);
    });

    it('answers only for the requested range', async () => {
      const second = lineOf(TEXT, 'val second');
      const got = await hints(second, second + 1);
      assert.equal(got.length, 3);
      assert.ok(got.every((h) => h.position.line === second));
      assert.deepEqual(await hints(0, 1), []);
    });
  });
}
