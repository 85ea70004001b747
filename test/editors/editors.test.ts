// Real editors as LSP clients: headless Neovim (built-in client) and Emacs with eglot drive the real
// server over stdio, configured as the README says, in a copy of the demo workspace. Each opens the
// demo's broken file, waits for the pushed diagnostics, asks for symbols and folding ranges, then fixes
// one line in the buffer (an incremental didChange from the editor), waits for the diagnostics to
// follow, and goes to the definition of a name on the edited line; then, once the workspace index is
// ready, it asks for the definition, hover, references and rename of an imported name across files, and
// for completion inside a name. Then both editors at once on one shared server: eglot over TCP, Neovim
// through the stdio<->TCP bridge, each with its own unsaved edit.
// A missing editor skips its tests with the reason, except in CI (CI=true), where .ci/run installs
// both and a missing one is a failure.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'simple-lsp.js');
const DRIVERS = path.join(ROOT, 'test', 'editors', 'drivers');
const DEMO = path.join(ROOT, 'fixtures', 'demo');
const DEMO_BROKEN = path.join(DEMO, 'src', 'broken.spl');
/** `use inventory.{Item}` on line 6 of broken.spl: the cross-file checks start at `Item`. */
const XREF = { line: 6, column: 'use inventory.{'.length + 1 };

interface EditorResult {
  diagnostics: { line: number; message: string }[];
  after_edit: { line: number; message: string }[];
  symbols: string[];
  folds: number;
  /** 1-based lines of the definition locations. */
  definition: number[];
  /** From the `Item` of `use inventory.{Item}`: 'uri:line' strings. */
  xdefinition: string[];
  hover: string;
  references: string[];
  rename: string[];
  /** Labels offered inside `greeting` on the edited line (after `gr`). */
  completion: string[];
  /** Single-editor runs: indexed file counts before and after live changes (EXTRA_FOLDER). */
  live?: { files: number; added?: number; removed?: number; excluded: number };
}

interface Editor {
  name: string;
  /** Sends workspace/didChangeWorkspaceFolders (Neovim 0.7 does; eglot 1.9 does not). */
  folders: boolean;
  /** Why the editor cannot run here, or undefined when it can. */
  unavailable(): string | undefined;
  command(file: string): string[];
}

const EDITORS: Editor[] = [
  {
    name: 'Neovim (built-in LSP client)',
    folders: true,
    unavailable: () =>
      probe('nvim', ['--version']) ? undefined : 'nvim is not installed (apt-get install neovim)',
    command: (file) => [
      'nvim',
      '--headless',
      '-u',
      'NONE',
      '-i',
      'NONE',
      '-n',
      '-c',
      `luafile ${path.join(DRIVERS, 'neovim.lua')}`,
      '--',
      file,
    ],
  },
  {
    name: 'Emacs (eglot)',
    folders: false,
    unavailable: () => {
      if (!probe('emacs', ['--version']))
        return 'emacs is not installed (apt-get install emacs-nox elpa-eglot)';
      const eglot = spawnSync('emacs', [
        '--batch',
        '--eval',
        '(progn (package-initialize) (require (quote eglot)))',
      ]);
      return eglot.status === 0 ? undefined : 'eglot is not installed (apt-get install elpa-eglot)';
    },
    command: (file) => ['emacs', '--batch', '-l', path.join(DRIVERS, 'eglot.el'), '--', file],
  },
];

function probe(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** A copy of the demo workspace (with a .git marker so Emacs' project.el finds the root). */
function scratchProject(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-lsp-editor-'));
  fs.cpSync(DEMO, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.git'));
  return { dir, file: path.join(dir, path.relative(DEMO, DEMO_BROKEN)) };
}

/** 'file:///tmp/x/src/a.spl:3' → 'src/a.spl:3' (relative to the scratch project). */
function relative(dir: string, entries: string[]): string[] {
  const real = fs.realpathSync(dir);
  return entries
    .map((e) => {
      const m = /^(file:.*):(\d+)$/.exec(e);
      if (!m) return e;
      const file = fileURLToPath(m[1]);
      const base = file.startsWith(real) ? real : dir;
      return `${path.relative(base, file)}:${m[2]}`;
    })
    .sort();
}

function runEditor(
  editor: Editor,
  edit: { line: number; text: string; definitionColumn: number },
  shared?: { dir: string; tcp: string },
): Promise<EditorResult> {
  const { dir, file } = shared
    ? { dir: shared.dir, file: path.join(shared.dir, 'src', 'broken.spl') }
    : scratchProject();
  const result = path.join(dir, `result-${editor.name.replace(/\W+/g, '-')}.json`);
  // A folder outside the project, added and removed live by editors that can (single-editor runs).
  const extra = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-lsp-extra-'));
  fs.mkdirSync(path.join(extra, 'src'));
  fs.writeFileSync(path.join(extra, 'src', 'extra.spl'), 'fn extra():\n    pass\n');
  const [cmd, ...args] = editor.command(file);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: dir,
      env: {
        ...process.env,
        SIMPLE_LSP_BIN: BIN,
        RESULT: result,
        EDIT_LINE: String(edit.line),
        EDIT_TEXT: edit.text,
        DEF_COLUMN: String(edit.definitionColumn),
        XREF_LINE: String(XREF.line),
        XREF_COLUMN: String(XREF.column),
        ...(shared ? { SIMPLE_LSP_TCP: shared.tcp } : { EXTRA_FOLDER: extra }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`${editor.name} exited with ${code}: ${output.slice(-2000)}`);
        const r = JSON.parse(fs.readFileSync(result, 'utf8')) as EditorResult;
        r.xdefinition = relative(dir, r.xdefinition);
        r.references = relative(dir, r.references);
        r.rename = relative(dir, r.rename);
        resolve(r);
      } catch (error) {
        reject(error);
      } finally {
        if (!shared) fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(extra, { recursive: true, force: true });
      }
    });
  });
}

/** The one place that states what every editor must see on the demo's broken file. */
function check(r: EditorResult): void {
  assert.deepEqual(
    r.diagnostics.map((d) => d.line),
    [9, 13, 16],
  );
  assert.match(r.diagnostics[0].message, /'\(' was never closed/);
  assert.match(r.diagnostics[1].message, /Unterminated string literal/);
  assert.match(r.diagnostics[2].message, /'\/\/' is not a comment in Simple/);
  assert.deepEqual(r.symbols, ['restock', 'greeting', 'answer', 'still_fine']);
  assert.ok(r.folds >= 1, `folding ranges: ${r.folds}`);
  // Line 16 fixed in the buffer: its diagnostic goes, the others stay.
  assert.deepEqual(
    r.after_edit.map((d) => d.line),
    [9, 13],
  );
  // The edited line now uses `greeting`: its definition is the `val` on line 13.
  assert.deepEqual(r.definition, [13]);
  // Across the workspace, from the `Item` of `use inventory.{Item}`.
  assert.deepEqual(r.xdefinition, [`src/inventory/item.spl:${lineOf(DEMO_ITEM, 'struct Item:')}`]);
  assert.match(r.hover, /```simple\nstruct Item/);
  for (const f of [
    'src/broken.spl:6',
    'src/inventory/stock.spl',
    'src/main.spl',
    'test/inventory/stock_spec.spl',
  ])
    assert.ok(
      r.references.some((x) => x.startsWith(f)),
      `references include ${f}: ${r.references.join(', ')}`,
    );
  // Rename edits exactly the references (no alias imports of Item in the demo).
  assert.deepEqual(r.rename, r.references);
  assert.ok(
    r.completion.includes('greeting'),
    `completion offers greeting: ${r.completion.slice(0, 20).join(', ')}`,
  );
}

const DEMO_ITEM = path.join(DEMO, 'src', 'inventory', 'item.spl');

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

/** The demo's `*.spl` files, all and without test/ (what `exclude: test/**` leaves). */
function demoCounts(): { all: number; withoutTests: number } {
  const all: string[] = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(path.join(d, e.name));
      else if (e.name.endsWith('.spl')) all.push(path.relative(DEMO, path.join(d, e.name)));
    }
  };
  visit(DEMO);
  return { all: all.length, withoutTests: all.filter((f) => !f.startsWith(`test${path.sep}`)).length };
}

/** Live changes in a single-editor run: folders where the editor sends them, an exclude pattern always. */
function checkLive(r: EditorResult, folders: boolean): void {
  const { all, withoutTests } = demoCounts();
  assert.ok(r.live, 'the live steps ran');
  assert.equal(r.live.files, all);
  if (folders) {
    assert.equal(r.live.added, all + 1, 'the added folder is indexed');
    assert.equal(r.live.removed, all, 'and leaves the index when removed');
  }
  assert.equal(r.live.excluded, withoutTests, 'exclude test/** drops exactly the test files');
}

for (const editor of EDITORS) {
  describe(`real editor: ${editor.name}`, function () {
    this.timeout(60_000);
    before(function () {
      const reason = editor.unavailable();
      if (reason === undefined) return;
      if (process.env.CI) throw new Error(`${reason}: CI must run the real-editor tests`);
      this.test!.parent!.title += ` (skipped: ${reason})`;
      this.skip();
    });

    it('shows diagnostics, symbols and folds, follows an edit, and navigates across the workspace', async () => {
      const text = 'val answer = greeting  # the answer';
      const r = await runEditor(editor, { line: 16, text, definitionColumn: text.indexOf('greeting') + 2 });
      check(r);
      checkLive(r, editor.folders);
    });
  });
}

describe('real editors together on one shared server (eglot over TCP, Neovim through the bridge)', function () {
  this.timeout(90_000);
  let server: ChildProcess | undefined;
  let dir = '';
  before(function () {
    const reasons = EDITORS.map((e) => e.unavailable()).filter((r): r is string => r !== undefined);
    if (reasons.length === 0) return;
    if (process.env.CI) throw new Error(`${reasons.join('; ')}: CI must run the real-editor tests`);
    this.skip();
  });
  after(() => {
    server?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('both editors see the same answers at the same time', async () => {
    dir = scratchProject().dir;
    const child = spawn(process.execPath, [BIN, '--tcp', '127.0.0.1:0', '--workspace', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = child;
    const port = await new Promise<number>((resolve, reject) => {
      let log = '';
      child.stderr.on('data', (d) => {
        log += d;
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`the shared server exited: ${log.slice(-2000)}`)));
    });
    const text = 'val answer = greeting  # the answer';
    const edit = { line: 16, text, definitionColumn: text.indexOf('greeting') + 2 };
    // Each editor fixes line 16 in its own buffer (unsaved text stays private to its session).
    const results = await Promise.all(
      EDITORS.map((e) => runEditor(e, edit, { dir, tcp: `127.0.0.1:${port}` })),
    );
    for (const r of results) check(r);
  });
});
