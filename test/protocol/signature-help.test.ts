// Signature help over the real server, as an editor asks for it while the user types a call: the document
// is broken (unclosed parenthesis) at each step, and the answer follows the cursor across arguments.
import * as assert from 'node:assert/strict';
import type { SignatureHelp } from 'vscode-languageserver';
import { spawnServer, type TestClient } from '../support/client';
import { uriOf } from '../support/fixtures';

const URI = uriOf('typing.spl');
const HEAD =
  'fn connect(host: text, port: i64 = 80, secure: bool = false) -> bool:\n    """Opens a connection."""\n    true\n\n' +
  'class Box<T>:\n    item: T\n    fn put(value: T, again: bool) -> T:\n        value\n\n' +
  'fn main(b: Box<text>):\n    ';
const TAIL = '\n\nfn later():\n    pass\n';

describe('signature help (spawned server)', () => {
  let client: TestClient;
  let version = 1;
  before(async () => {
    client = spawnServer();
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.signatureHelpProvider, {
      triggerCharacters: ['(', ','],
      retriggerCharacters: [')'],
    });
    await client.open(URI, HEAD + TAIL, version);
  });
  after(() => client.dispose());

  /** Replaces the line being typed with `typed` and asks for help at its end. */
  async function type(typed: string, trigger?: string): Promise<SignatureHelp | null> {
    const line = HEAD.split('\n').length - 1;
    const text = HEAD + typed + TAIL;
    await client.change(URI, ++version, [{ text }]);
    return client.request<SignatureHelp | null>('textDocument/signatureHelp', {
      textDocument: { uri: URI },
      position: { line, character: 4 + typed.length },
      context: trigger
        ? { triggerKind: 2, triggerCharacter: trigger, isRetrigger: false }
        : { triggerKind: 1, isRetrigger: false },
    });
  }

  const activeLabel = (help: SignatureHelp | null): string | undefined => {
    if (!help) return undefined;
    const sig = help.signatures[help.activeSignature ?? 0];
    const p = sig.parameters?.[help.activeParameter ?? 0];
    if (!p) return undefined;
    return typeof p.label === 'string' ? p.label : sig.label.slice(p.label[0], p.label[1]);
  };

  it('follows the arguments of a call being typed, unclosed parenthesis and all', async () => {
    const opened = await type('connect(', '(');
    assert.ok(opened);
    assert.equal(
      opened.signatures[0].label,
      'fn connect(host: text, port: i64 = 80, secure: bool = false) -> bool',
    );
    assert.deepEqual(opened.signatures[0].documentation, { kind: 'markdown', value: 'Opens a connection.' });
    assert.equal(activeLabel(opened), 'host: text');
    assert.equal(activeLabel(await type('connect("example.org", ', ',')), 'port: i64 = 80');
    assert.equal(activeLabel(await type('connect("example.org", secure: ', ',')), 'secure: bool = false');
    assert.equal(activeLabel(await type('connect("example.org", 80, true')), 'secure: bool = false');
  });

  it("answers a method on a typed receiver, its owner's type parameter substituted", async () => {
    const help = await type('b.put("x", ', ',');
    assert.ok(help);
    assert.equal(help.signatures[0].label, 'fn put(value: text, again: bool) -> text');
    assert.equal(activeLabel(help), 'again: bool');
  });

  it('marks no parameter once there are more arguments than parameters', async () => {
    const help = await type('connect("a", 1, true, ', ',');
    assert.ok(help);
    assert.equal(help.activeParameter, 3);
    assert.equal(help.signatures[0].activeParameter, 3);
  });

  it('answers null once the call is closed, and for a document that is not open', async () => {
    assert.equal(await type('connect("a")', ')'), null);
    const closed = await client.request('textDocument/signatureHelp', {
      textDocument: { uri: uriOf('nowhere.spl') },
      position: { line: 0, character: 0 },
    });
    assert.equal(closed, null);
  });
});
