// A real VS Code for the end-to-end suite: VS Code 1.100.3's server and workbench as code-server packages
// them (installed by install.sh into a cached folder), the extension installed from a freshly built .vsix,
// and Debian's chromium driven by playwright-core — by keyboard and mouse, as a user would. Every wait is
// on something visible in the workbench or a line the process printed, never on time alone.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

/** The folder install.sh fills: SIMPLE_LSP_VSCODE_E2E_TOOLS, else the newest complete one in the cache. */
export function findTools(): { dir?: string; reason: string } {
  const named = process.env.SIMPLE_LSP_VSCODE_E2E_TOOLS;
  const cache = process.env.SIMPLE_LSP_CI_CACHE ?? path.join(os.homedir(), '.cache', 'simple-lsp-ci');
  const candidates =
    named !== undefined && named !== ''
      ? [named]
      : fs.existsSync(cache)
        ? fs
            .readdirSync(cache)
            .filter((d) => d.startsWith('vscode-e2e-'))
            .sort()
            .reverse()
            .map((d) => path.join(cache, d))
        : [];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, '.complete')));
  if (dir === undefined)
    return { reason: `code-server and playwright-core are not installed (run test/vscode-e2e/install.sh)` };
  if (!fs.existsSync(CHROMIUM)) return { reason: `${CHROMIUM} is missing (apt-get install chromium)` };
  return { dir, reason: '' };
}

/** The parts of playwright-core's API this suite uses (it is loaded from the tools folder at run time). */
export interface Locator {
  first(): Locator;
  nth(i: number): Locator;
  count(): Promise<number>;
  textContent(): Promise<string | null>;
  innerText(): Promise<string>;
  waitFor(o?: { state?: 'attached' | 'visible' | 'hidden' | 'detached'; timeout?: number }): Promise<void>;
  hover(): Promise<void>;
  click(o?: { button?: 'left' | 'right' }): Promise<void>;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  filter(o: { hasText?: string | RegExp }): Locator;
}
export interface Page {
  goto(url: string, o?: { timeout?: number }): Promise<unknown>;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, o?: { delay?: number }): Promise<void>;
  };
  screenshot(o: { path: string; fullPage?: boolean }): Promise<unknown>;
  waitForFunction<T>(
    fn: (arg: T) => boolean,
    arg: T,
    o?: { timeout?: number; polling?: number },
  ): Promise<unknown>;
  setDefaultTimeout(ms: number): void;
}
interface Browser {
  newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(o: { executablePath: string; args?: string[]; headless?: boolean }): Promise<Browser> };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves with the first line of `child`'s output matching `pattern`; rejects if the child exits first. */
export function outputLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const line = seen.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve(line);
      }
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`${what} exited (${code}) before printing ${pattern}:\n${seen.slice(-3000)}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export interface WorkbenchOptions {
  tools: string;
  vsix: string;
  workspace: string;
  /** Where screenshots of failed steps go. */
  artifacts: string;
}

/** One code-server with its own user data, extensions and config, and one browser page on it. */
export class Workbench {
  page!: Page;
  private browser: Browser | undefined;
  private server: ChildProcess | undefined;
  private serverExit: Promise<void> = Promise.resolve();
  readonly home: string;
  readonly extensionsDir: string;

  constructor(private readonly options: WorkbenchOptions) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-vscode-e2e-'));
    this.extensionsDir = path.join(this.home, 'extensions');
  }

  private get bin(): string {
    return path.join(this.options.tools, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  }

  private args(): string[] {
    return [
      '--config',
      path.join(this.home, 'config.yaml'),
      '--user-data-dir',
      path.join(this.home, 'user-data'),
      '--extensions-dir',
      this.extensionsDir,
    ];
  }

  /** Starts code-server with these user settings (files.autoSave is always off) and opens the workspace. */
  async start(settings: Record<string, unknown>): Promise<void> {
    const userDir = path.join(this.home, 'user-data', 'User');
    fs.mkdirSync(userDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDir, 'settings.json'),
      JSON.stringify(
        {
          'files.autoSave': 'off',
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'telemetry.telemetryLevel': 'off',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'security.workspace.trust.enabled': false,
          'editor.hover.delay': 100,
          ...settings,
        },
        null,
        2,
      ),
    );
    const port = await freePort();
    fs.writeFileSync(
      path.join(this.home, 'config.yaml'),
      `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`,
    );
    execFileSync(process.execPath, [this.bin, ...this.args(), '--install-extension', this.options.vsix], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const server = spawn(
      process.execPath,
      [
        this.bin,
        ...this.args(),
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        this.options.workspace,
      ],
      // Its own process group, so the extension host and the language server go with it.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: userEnvironment(this.home) },
    );
    this.server = server;
    this.serverExit = new Promise((resolve) => server.once('exit', () => resolve()));
    await outputLine(server, /HTTP server listening on/, 'code-server');
    // Loaded from the tools folder: playwright-core is not a dependency of the project.
    const load = createRequire(path.join(this.options.tools, 'package.json'));
    const playwright = load('playwright-core') as Playwright;
    this.browser = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      // Root in CI: chromium's sandbox needs an unprivileged user; /dev/shm may be small in containers.
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    this.page.setDefaultTimeout(60_000);
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.options.workspace)}`);
    await this.page.locator('.monaco-workbench .explorer-folders-view').waitFor();
  }

  /** Runs one step; on failure saves a screenshot named after it, then rethrows. */
  async step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (e) {
      fs.mkdirSync(this.options.artifacts, { recursive: true });
      const file = path.join(this.options.artifacts, `${name.replace(/[^\w.-]+/g, '-')}.png`);
      try {
        await this.page?.screenshot({ path: file, fullPage: true });
        (e as Error).message += `\n(screenshot: ${file})`;
      } catch {
        // The page itself is gone; the error says enough.
      }
      throw e;
    }
  }

  /** Quick Open (Ctrl+P) a file by name, and wait for its editor tab. */
  async open(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.pick(name);
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
  }

  /** Runs a command from the command palette (F1) by its title. */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.pick(title);
  }

  /**
   * Types into the open quick input and takes the first row once the list is filtered down to it: the
   * list shows recent entries before it filters, and Enter then would take the wrong one.
   */
  private async pick(text: string): Promise<void> {
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(text);
    await this.page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: text })
      .first()
      .waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Ctrl+G to a 1-based line and column; waits until the status bar shows the cursor there. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.cursorAt(line, column);
  }

  async cursorAt(line: number, column: number): Promise<void> {
    await this.page
      .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
      .first()
      .waitFor();
  }

  /** The status bar item of the extension, once its text matches `pattern`. */
  async statusItem(pattern: RegExp): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: pattern }).first();
    await item.waitFor();
    return (await item.textContent()) ?? '';
  }

  /** The status bar item's tooltip, read by hovering it with the mouse. */
  async statusTooltip(pattern: RegExp): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: pattern }).first();
    await item.hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover', { hasText: 'simple-lsp' }).first();
    await hover.waitFor();
    const text = await hover.innerText();
    await this.page.locator('.monaco-editor .view-lines').first().hover();
    await hover.waitFor({ state: 'hidden' });
    return text;
  }

  /** Closes the browser and code-server (its whole process group) and removes its folders. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    const server = this.server;
    if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await this.serverExit;
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * The environment a user's VS Code has: this run's SIMPLE_LSP_* switches (CI requires the native store,
 * which the universal package must not be held to) stay out of the servers the extension starts.
 */
export function userEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const key of Object.keys(env)) if (key.startsWith('SIMPLE_LSP_')) delete env[key];
  return env;
}

/** Processes whose command line contains every needle (read from /proc), with their CPU ticks. */
export function processesWith(...needles: string[]): { pid: number; args: string; ticks: number }[] {
  const out: { pid: number; args: string; ticks: number }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!needles.every((n) => args.includes(n))) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), args, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // It exited while we looked.
    }
  }
  return out;
}

/** Every file under `dir` with its bytes, to compare before and after a session. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out.set(rel, fs.readFileSync(full, 'base64'));
  }
  return out;
}
