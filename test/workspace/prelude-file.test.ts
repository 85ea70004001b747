// The core-type prelude as a real file (definitions of `s.split`, `xs.len` go there): written into a
// private directory, named by its text, an edit undone on the next write, and an unusable directory
// reported in the log rather than thrown. Real directories in a temporary folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '../../server/src/logger';
import { preludeText } from '../../server/src/types';
import { writePrelude } from '../../server/src/workspace/prelude-file';

describe('workspace: the core-type prelude on disk', () => {
  let dir: string;
  const lines: string[] = [];
  const logger = new Logger('warn', { write: (l: string) => void lines.push(l), close: () => undefined });
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-prelude-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the prelude text into a private directory, named by its hash', () => {
    const file = writePrelude(path.join(dir, 'cache'), logger);
    assert.ok(file);
    assert.match(path.basename(file), /^core-types-[0-9a-f]{12}\.spl$/);
    assert.equal(fs.readFileSync(file, 'utf8'), preludeText());
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(writePrelude(path.join(dir, 'cache'), logger), file, 'the same path on every call');
  });

  it('undoes an edit of the file, and leaves no temporary file behind', () => {
    const file = writePrelude(path.join(dir, 'cache'), logger)!;
    fs.writeFileSync(file, 'class text:\n    fn nothing()\n');
    assert.equal(writePrelude(path.join(dir, 'cache'), logger), file);
    assert.equal(fs.readFileSync(file, 'utf8'), preludeText());
    assert.deepEqual(
      fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('reports a directory it cannot use in the log and answers undefined', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    lines.length = 0;
    assert.equal(writePrelude(path.join(blocker, 'cache'), logger), undefined);
    assert.ok(
      lines.some((l) => l.includes('core types: cannot write')),
      lines.join('\n'),
    );
  });
});
