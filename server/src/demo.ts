// --demo: start this server as a child over stdio and drive it as a real LSP client, printing what an
// editor would get for every *.spl file in a directory. Stdout belongs to the transcript here (the child's
// protocol traffic runs over its own pipes); the child's log goes to our stderr.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver';
import type { StatusResult } from './features/status';
import { workspaceTour } from './demo-workspace';
import type { LogLevel } from './logger';
import { runTcpDemo } from './demo-tcp';
import { packageInfo } from './package-info';

export interface DemoOptions {
  dir: string;
  logLevel: LogLevel;
  /** Where transcript lines go. */
  out: (line: string) => void;
  /** Where problems are reported. */
  err: (line: string) => void;
}

/** Every *.spl file under `dir`, sorted, skipping dot-directories and node_modules. */
export function findSplFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (d: string): void => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') visit(path.join(d, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.spl')) {
        found.push(path.join(d, entry.name));
      }
    }
  };
  visit(dir);
  return found;
}

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

const SYMBOLS = 'textDocument/documentSymbol';
const FOLDS = 'textDocument/foldingRange';

const KIND_NAMES = new Map<number, string>(Object.entries(SymbolKind).map(([name, value]) => [value, name]));

function symbolLines(symbols: readonly DocumentSymbol[], depth: number, out: string[]): string[] {
  for (const s of symbols) {
    const where = `${s.range.start.line + 1}:${s.range.start.character + 1}`;
    const kind = KIND_NAMES.get(s.kind) ?? String(s.kind);
    const detail = s.detail && s.detail !== s.name ? `  — ${s.detail}` : '';
    out.push(`${'  '.repeat(depth + 1)}${kind} ${s.name} (${where})${detail}`);
    symbolLines(s.children ?? [], depth + 1, out);
  }
  return out;
}

function diagnosticLine(d: Diagnostic): string {
  const severity = SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error];
  const code = d.code !== undefined ? ` [${d.code}]` : '';
  return `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${severity}: ${d.message}${code}`;
}

/** Runs the demo; resolves to the process exit code. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { out } = options;
  const dir = path.resolve(options.dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    options.err(`simple-lsp --demo: ${dir} is not a directory`);
    return 1;
  }
  const files = findSplFiles(dir);
  const mainJs = path.join(__dirname, 'main.js');
  const child = spawn(process.execPath, [mainJs, '--stdio', '--log-level', options.logLevel], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  let finished = false;
  // If the server dies mid-way, fail the step being awaited instead of hanging.
  const died = exited.then((code) => {
    throw new Error(`the server exited early with code ${code}`);
  });
  died.catch(() => undefined);
  const step = <T>(p: Promise<T>): Promise<T> => Promise.race([p, died]);
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  void exited.then(() => {
    if (!finished) rpc.dispose();
  });
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) =>
    waiting.get(p.uri)?.(p),
  );
  rpc.listen();

  out(`simple-lsp demo: ${files.length} file(s) under ${dir}`);
  out(`server: ${process.execPath} ${mainJs} --stdio (pid ${child.pid})`);
  const init = await step(
    rpc.sendRequest<{ serverInfo?: { name: string; version?: string } }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'simple-lsp --demo' },
      rootUri: pathToFileURL(dir).href,
      capabilities: { general: { positionEncodings: ['utf-16'] } },
      initializationOptions: { simple: { diagnostics: { debounceMs: 0 } } },
    }),
  );
  out(`initialized: ${init.serverInfo?.name} ${init.serverInfo?.version ?? ''}`.trimEnd());
  await rpc.sendNotification('initialized', {});

  for (const file of files) {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    const published = new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(uri, resolve));
    await rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'simple', version: 1, text },
    });
    const diagnostics = (await step(published)).diagnostics;
    waiting.delete(uri);
    const symbols =
      (await step(rpc.sendRequest<DocumentSymbol[] | null>(SYMBOLS, { textDocument: { uri } }))) ?? [];
    const folds =
      (await step(rpc.sendRequest<FoldingRange[] | null>(FOLDS, { textDocument: { uri } }))) ?? [];
    out('');
    out(`== ${path.relative(dir, file)}`);
    out('symbols:');
    const lines = symbolLines(symbols, 0, []);
    for (const line of lines.length > 0 ? lines : ['  (none)']) out(line);
    out(`diagnostics: ${diagnostics.length === 0 ? 'none' : diagnostics.length}`);
    for (const d of diagnostics) out(diagnosticLine(d));
    out(`folding ranges: ${folds.length}`);
  }

  await workspaceTour(rpc, dir, files, out, step);

  const status = await step(rpc.sendRequest<StatusResult>('simple/status'));
  out('');
  out(
    `status: ${status.name} ${status.version}, ${status.openDocuments.length} open document(s), ` +
      `position encoding ${status.positionEncoding}, transport ${status.transport}, up ${status.uptimeMs} ms`,
  );
  await step(rpc.sendRequest('shutdown'));
  finished = true;
  await rpc.sendNotification('exit');
  const code = await exited;
  rpc.dispose();
  out(`server exited with code ${code}`);
  const tcpCode = await runTcpDemo(options, dir, files);
  out('');
  out(connectHelp());
  return code === 0 && tcpCode === 0 ? 0 : 1;
}

function connectHelp(): string {
  const bin = path.join(packageInfo().root, 'bin', 'simple-lsp.js');
  return `Connect an editor: have it start \`node ${bin} --stdio\` for *.spl files.
  Neovim:  cmd = { 'node', '${bin}', '--stdio' } in vim.lsp.start_client (README: Editor set-up)
  Emacs:   (add-to-list 'eglot-server-programs '(simple-mode "node" "${bin}" "--stdio"))
The README's "Editor set-up" has complete, tested configurations for Neovim and Emacs/eglot.
Shared server: \`node ${bin} --tcp 4389 --workspace DIR\`; editors connect to 127.0.0.1:4389, or start
  \`node ${bin} --bridge 4389\` as their stdio server.
Logs go to stderr (--log-file PATH to keep them).`;
}
