// The VS Code side: reads settings, starts (or connects to) simple-lsp through vscode-languageclient,
// keeps the status bar item current, and registers the restart and log commands. Every decision that does
// not need VS Code lives in core/ and is tested there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
  State,
  Trace,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageclient/node';
import { connectSocket } from './core/connect';
import { describePlan, LaunchError, planLaunch, type LaunchPlan } from './core/launch';
import { ServerLogReader } from './core/server-log';
import { readClientSettings, serverSection } from './core/settings';
import {
  ProgressTracker,
  statusView,
  type ConnectionState,
  type StatusOptions,
  type StatusReply,
} from './core/status';

const SECTION = 'simple';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let progress = new ProgressTracker();
let lastReply: StatusReply | undefined;
let state: ConnectionState = 'stopped';
let lastError: string | undefined;
let statusOptions: StatusOptions = {};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Simple Language Server', { log: true });
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.command = 'simple.showLog';
  statusItem.show();
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('simple.restartServer', () => restart(context)),
    vscode.commands.registerCommand('simple.showLog', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('simple.server')) void restart(context);
      else if (e.affectsConfiguration('simple.trace.server') && client)
        void client.setTrace(Trace.fromString(setting<string>('simple.trace.server') ?? 'off'));
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function setting<T>(key: string): T | undefined {
  return vscode.workspace.getConfiguration().get<T>(key);
}

function render(): void {
  const view = statusView(state, lastReply, progress.current(), lastError, statusOptions);
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
}

function serverOptions(plan: LaunchPlan): ServerOptions {
  if (plan.kind === 'process')
    return { command: plan.command, args: plan.args, options: { env: process.env } };
  return async () => {
    const socket = await connectSocket(plan);
    return { reader: socket, writer: socket };
  };
}

/** Does the bundled server carry the native addon? scripts/build.js names it in server/package.json. */
function bundleHasAddon(extensionPath: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(extensionPath, 'server', 'package.json'), 'utf8')) as {
      addon?: unknown;
    };
    return typeof json.addon === 'string';
  } catch {
    return false;
  }
}

/** The server's stderr goes to the channel line by line at the level the server wrote it with. */
function pipeServerLog(input: NodeJS.ReadableStream, channel: vscode.LogOutputChannel): void {
  const reader = new ServerLogReader();
  readline
    .createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 })
    .on('line', (line) => {
      const { level, message } = reader.read(line);
      channel[level === 'warn' ? 'warn' : level](message);
    });
}

/** Shows server progress (indexing) in the status bar instead of notifications. */
function progressFeature(c: LanguageClient): StaticFeature {
  return {
    fillClientCapabilities: (caps) => {
      (caps.window ??= {}).workDoneProgress = true;
    },
    initialize: () => {
      c.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        c.onProgress(WorkDoneProgress.type, token, (value) => {
          progress.update(token, value);
          render();
          if (value.kind === 'end') void refreshStatus();
        });
      });
    },
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  };
}

async function refreshStatus(): Promise<void> {
  if (!client || client.state !== State.Running) return;
  try {
    lastReply = await client.sendRequest<StatusReply>('simple/status');
  } catch (e) {
    output.appendLine(`simple/status failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  render();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const config = vscode.workspace.getConfiguration();
  const settings = readClientSettings((k) => config.get(k));
  let plan: LaunchPlan;
  try {
    plan = planLaunch(settings, {
      extensionPath: context.extensionPath,
      workspaceFolder: folder,
      home: os.homedir(),
      exists: (f) => fs.existsSync(f),
    });
  } catch (e) {
    state = 'failed';
    lastError = e instanceof LaunchError ? e.message : String(e);
    output.appendLine(`simple-lsp not started: ${lastError}`);
    render();
    void vscode.window.showErrorMessage(`Simple: ${lastError}`, 'Show Log').then((a) => a && output.show());
    return;
  }
  output.info(`starting simple-lsp (${describePlan(plan)})`);
  statusOptions =
    plan.kind === 'process' && plan.source === 'bundled'
      ? { bundled: true, bundleHasAddon: bundleHasAddon(context.extensionPath) }
      : {};
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'simple' }],
    outputChannel: output,
    stdioOptions: {
      stdout: (input, channel) => pipeServerLog(input, channel),
      stderr: (input, channel) => pipeServerLog(input, channel),
    },
    initializationOptions: { simple: serverSection((k) => config.get(k)).simple ?? {} },
    synchronize: {
      configurationSection: SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.spl'),
    },
  };
  progress = new ProgressTracker();
  lastReply = undefined;
  lastError = undefined;
  state = 'starting';
  render();
  const c = new LanguageClient('simple', 'Simple Language Server', serverOptions(plan), clientOptions);
  c.registerFeature(progressFeature(c));
  c.onDidChangeState((e) => {
    state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
    render();
  });
  client = c;
  try {
    await c.start();
    await c.setTrace(Trace.fromString(setting<string>('simple.trace.server') ?? 'off'));
    await refreshStatus();
  } catch (e) {
    state = 'failed';
    lastError = e instanceof Error ? e.message : String(e);
    output.appendLine(`simple-lsp failed to start: ${lastError}`);
    render();
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    try {
      await c.stop();
    } catch (e) {
      output.appendLine(`stopping simple-lsp: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  state = 'stopped';
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output.appendLine('restarting simple-lsp');
  await stop();
  await start(context);
}
