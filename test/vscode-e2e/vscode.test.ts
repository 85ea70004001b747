// The extension in a real VS Code (1.100.3, code-server's build, in headless chromium), used as a user
// would on a copy of the demo workspace: once per way of reaching the server — the universal and the
// linux-x64 .vsix over stdio, a shared TCP server, simple.server.path. Each scenario is data; each step
// saves a screenshot to artifacts/vscode-e2e/ when it fails.
//
// Runs when the tools are installed (test/vscode-e2e/install.sh; CI does it) and the .vsix files are built
// (`npm run vsix`); otherwise skipped with the reason — a failure under SIMPLE_LSP_REQUIRE_E2E=1 (CI).
import * as assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  findTools,
  freePort,
  outputLine,
  processesWith,
  snapshot,
  userEnvironment,
  Workbench,
} from './workbench';

const ROOT = path.resolve(__dirname, '../../..');
const CLIENT = path.join(ROOT, 'client-vscode');
const DEMO = path.join(ROOT, 'fixtures', 'demo');
const ARTIFACTS = path.join(process.env.SIMPLE_LSP_ARTIFACTS ?? path.join(ROOT, 'artifacts'), 'vscode-e2e');
const REQUIRED = process.env.SIMPLE_LSP_REQUIRE_E2E === '1';
const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';
const VSIX = {
  universal: path.join(CLIENT, 'simple-lsp-vscode.vsix'),
  'linux-x64': path.join(CLIENT, 'simple-lsp-vscode-linux-x64.vsix'),
};

interface Scenario {
  name: string;
  vsix: keyof typeof VSIX;
  /** The status bar once the server answered simple/status. */
  status: RegExp;
  /** Strings in the command line of the server process the extension starts; [] when it starts none. */
  serverArgs: (ctx: Context) => string[];
  settings: (ctx: Context) => Record<string, unknown>;
  /** A shared server started by the test before VS Code. */
  shared?: boolean;
}

interface Context {
  extensionsDir: string;
  port: number;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'universal .vsix over stdio',
    vsix: 'universal',
    status: /Simple: stdio · fs store/,
    serverArgs: (c) => [c.extensionsDir, path.join('server', 'simple-lsp.js'), '--stdio'],
    settings: () => ({}),
  },
  {
    name: 'linux-x64 .vsix over stdio',
    vsix: 'linux-x64',
    status: /Simple: stdio · native store/,
    serverArgs: (c) => [c.extensionsDir, path.join('server', 'simple-lsp.js'), '--stdio'],
    settings: () => ({}),
  },
  {
    name: 'tcp to a shared server',
    vsix: 'linux-x64',
    status: /Simple: tcp · native store/,
    serverArgs: () => [],
    settings: (c) => ({ 'simple.server.mode': 'tcp', 'simple.server.port': c.port }),
    shared: true,
  },
  {
    name: 'simple.server.path',
    vsix: 'universal',
    // The repository's build carries the addon the universal package lacks: the setting is what runs.
    status: /Simple: stdio · native store/,
    serverArgs: () => [path.join(ROOT, 'bin', 'simple-lsp.js'), '--stdio'],
    settings: () => ({ 'simple.server.path': path.join(ROOT, 'bin', 'simple-lsp.js') }),
  },
];

/**
 * Waits until `check` holds, polling: a process exiting (seen in /proc) and a count of rows in the
 * workbench are states to observe, not events this test can await.
 */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vscode e2e: the extension in a real VS Code', function () {
  this.timeout(300_000);
  const tools = findTools();
  let started = Date.now();

  before(function () {
    const missing = Object.entries(VSIX)
      .filter(([k, f]) => (k === 'universal' || LINUX_X64) && !fs.existsSync(f))
      .map(([, f]) => f);
    const reason =
      tools.dir === undefined
        ? tools.reason
        : missing.length > 0
          ? `${missing.join(', ')} not built (npm run vsix)`
          : '';
    if (reason !== '') {
      if (REQUIRED) throw new Error(`SIMPLE_LSP_REQUIRE_E2E=1 but ${reason}`);
      this.skip(); // reason: tools or packages missing (see the message above)
    }
    started = Date.now();
  });
  after(() => {
    if (tools.dir !== undefined)
      process.stderr.write(`vscode e2e: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  });

  for (const scenario of SCENARIOS.filter((s) => s.vsix === 'universal' || LINUX_X64)) {
    describe(scenario.name, () => {
      let bench: Workbench;
      let workspace: string;
      let original: Map<string, string>;
      let shared: ChildProcess | undefined;
      let sharedDir: string | undefined;
      let ctx: Context;
      const step = (name: string, run: () => Promise<void>): Mocha.Test =>
        it(name, () => bench.step(`${scenario.name} - ${name}`, run));

      // Mocha's before: a fresh workspace copy, the shared server if any, then VS Code.
      before(async () => {
        workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-e2e-ws-'));
        fs.cpSync(DEMO, workspace, { recursive: true });
        original = snapshot(workspace);
        const port = await freePort();
        if (scenario.shared) {
          const dir = (sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-e2e-shared-')));
          execFileSync('unzip', ['-q', VSIX[scenario.vsix], '-d', dir]);
          shared = spawn(
            process.execPath,
            [
              path.join(dir, 'extension', 'server', 'simple-lsp.js'),
              '--tcp',
              `127.0.0.1:${port}`,
              '--workspace',
              workspace,
            ],
            {
              stdio: ['ignore', 'pipe', 'pipe'],
              env: userEnvironment(dir),
            },
          );
          const listening = await outputLine(shared, /listening on /, 'the shared server');
          // The package's addon gives the shared server its native transport, detected as in the CLI.
          if (scenario.vsix === 'linux-x64') assert.match(listening, /with transport (uring|epoll)\b/);
        }
        bench = new Workbench({
          tools: tools.dir!,
          vsix: VSIX[scenario.vsix],
          workspace,
          artifacts: ARTIFACTS,
        });
        ctx = { extensionsDir: bench.extensionsDir, port };
        await bench.start(scenario.settings(ctx));
      });
      after(async () => {
        await bench?.close();
        if (shared && shared.exitCode === null) {
          shared.kill('SIGTERM');
          await new Promise((r) => shared!.once('exit', r));
        }
        fs.rmSync(workspace, { recursive: true, force: true });
        if (sharedDir !== undefined) fs.rmSync(sharedDir, { recursive: true, force: true });
      });

      step('activates on a .spl file and names transport and store in the status bar', async () => {
        await bench.open('main.spl');
        await bench.statusItem(scenario.status);
      });

      step('the status bar tooltip shows the whole workspace indexed on worker threads', async () => {
        const files = fs
          .readdirSync(workspace, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.spl')).length;
        let tooltip = '';
        // The tooltip is refreshed when indexing ends; hover again until it reads ready.
        await until('the index to be ready', async () => {
          tooltip = await bench.statusTooltip(scenario.status);
          return /index: ready/.test(tooltip);
        });
        assert.match(tooltip, new RegExp(`index: ready, ${files} files`));
        assert.doesNotMatch(tooltip, /main thread/);
      });

      step("the log shows the server's lines at their own level, none as errors", async () => {
        await bench.command('Simple: Show Language Server Log');
        const lines = bench.page.locator('.part.panel .monaco-editor .view-lines').first();
        await lines.filter({ hasText: /\[info\]/ }).waitFor();
        // The editor renders spaces as no-break spaces.
        const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
        if (scenario.serverArgs(ctx).length > 0) assert.match(text, /\[info\] .*(index|store|transport)/);
        assert.doesNotMatch(text, /\[error\]/);
      });

      step('applies grammar scopes and semantic tokens', async () => {
        await bench.goTo(16, 5); // fn load_catalogue(…)
        await bench.command('Developer: Inspect Editor Tokens and Scopes');
        const widget = bench.page.locator('.token-inspect-widget');
        await widget.waitFor();
        await widget.filter({ hasText: /semantic token type\s*function/ }).waitFor();
        const text = await widget.innerText();
        assert.match(text, /entity\.name\.function\.simple/);
        assert.match(text, /source\.simple/);
        await bench.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden' });
      });

      step('hover on an imported name shows its declaration', async () => {
        await bench.goTo(19, 16); // match Item.parse_line(line)
        await bench.page.keyboard.press('Control+K');
        await bench.page.keyboard.press('Control+I');
        const hover = bench.page.locator('.monaco-hover:not(.hidden)', { hasText: /struct Item/ }).first();
        await hover.waitFor();
        await bench.page.keyboard.press('Escape');
      });

      step('F12 opens the other file at the declaration', async () => {
        await bench.goTo(19, 16);
        await bench.page.keyboard.press('F12');
        await bench.page.locator('.tab.active', { hasText: 'item.spl' }).waitFor();
        await bench.cursorAt(20, 8);
      });

      step('completion after a prefix offers the function with its kind', async () => {
        await bench.open('main.spl');
        await bench.page.keyboard.press('Control+End');
        // Escape before each Enter: a suggestion list opened by typing would take the Enter.
        await bench.page.keyboard.press('Escape');
        await bench.page.keyboard.press('Enter');
        await bench.page.keyboard.type('fn e2e_probe() -> i64:');
        await bench.page.keyboard.press('Escape');
        await bench.page.keyboard.press('Enter');
        await bench.page.keyboard.type('load_cat');
        await bench.page.locator('.view-line', { hasText: /^\s+load_cat$/ }).waitFor();
        await bench.page.keyboard.press('Control+Space');
        const row = bench.page
          .locator('.suggest-widget .monaco-list-row', { hasText: 'load_catalogue' })
          .first();
        await row.waitFor();
        await row.locator('.codicon-symbol-function, .codicon-symbol-method').first().waitFor();
        await bench.page.keyboard.press('Escape');
        await bench.command('File: Revert File');
        await bench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
      });

      step('broken.spl shows its three errors as squiggles and in the Problems panel', async () => {
        await bench.open('broken.spl');
        await bench.page.locator('.squiggly-error').first().waitFor();
        await bench.page.keyboard.press('Control+Shift+M');
        const errors = bench.page.locator('.markers-panel .monaco-list-row .codicon-error');
        await errors.first().waitFor();
        // The panel lists exactly this file's three errors (other open files have none).
        await until('three errors in the Problems panel', async () => (await errors.count()) === 3);
        assert.ok((await bench.page.locator('.squiggly-error').count()) >= 3);
      });

      step('the server process uses no CPU once idle', async () => {
        const needles = scenario.serverArgs(ctx);
        if (needles.length === 0) {
          // TCP: the extension starts no server of its own.
          assert.deepEqual(processesWith(ctx.extensionsDir, 'simple-lsp.js', '--stdio'), []);
          return;
        }
        const [first] = processesWith(...needles);
        assert.ok(first, `no process runs ${needles.join(' ')}`);
        // Idle: nothing asked for 3 s. A busy loop (the respawning worker pool) burns a core and more.
        await new Promise((r) => setTimeout(r, 3000));
        const [second] = processesWith(...needles).filter((p) => p.pid === first.pid);
        assert.ok(second, 'the server exited');
        const ticks = second.ticks - first.ticks;
        assert.ok(ticks <= 30, `the idle server used ${ticks} CPU ticks (1/100 s) in 3 s`);
      });

      step('leaves the workspace unchanged and no server process behind', async () => {
        const needles = scenario.serverArgs(ctx);
        await bench.close();
        if (needles.length > 0)
          await until('the server to exit', () => processesWith(...needles).length === 0);
        assert.deepEqual(snapshot(workspace), original);
      });
    });
  }
});
