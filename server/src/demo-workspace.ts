// The demo's workspace part: once the server has indexed the demo workspace, follow a few imports across
// files (definition, hover, references) and search the workspace's symbols, printing what comes back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Hover, Location, SymbolInformation } from 'vscode-languageserver';
import type { StatusResult } from './features/status';

const IMPORTS_SHOWN = 3;

export async function workspaceTour(
  rpc: MessageConnection,
  dir: string,
  files: string[],
  out: (line: string) => void,
  step: <T>(p: Promise<T>) => Promise<T>,
): Promise<void> {
  const rel = (uri: string): string => path.relative(dir, fileURLToPath(uri));
  for (let i = 0; i < 100; i++) {
    const status = await step(rpc.sendRequest<StatusResult>('simple/status'));
    if (status.workspace !== 'none' && status.workspace.state === 'ready') {
      out('');
      out(`== workspace: ${status.workspace.files} files indexed, ${status.workspace.symbols} symbols`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let shown = 0;
  const seen = new Set<string>();
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (let line = 0; line < lines.length && shown < IMPORTS_SHOWN; line++) {
      const m = /^use [\w.]+\.\{(\w+)/.exec(lines[line]);
      if (!m) continue;
      const uri = pathToFileURL(file).href;
      const position = { line, character: lines[line].indexOf('{') + 1 };
      const defs = await step(
        rpc.sendRequest<Location[] | null>('textDocument/definition', { textDocument: { uri }, position }),
      );
      if (!defs || defs.length === 0 || seen.has(m[1])) continue;
      seen.add(m[1]);
      shown++;
      const target = defs[0];
      out(`${rel(uri)}:${line + 1} ${m[1]} → ${rel(target.uri)}:${target.range.start.line + 1}`);
      const hover = await step(
        rpc.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position }),
      );
      const value =
        hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      const signature = /```simple\n(.*)\n```/.exec(value)?.[1];
      if (signature) out(`  hover: ${signature}`);
      const refs = await step(
        rpc.sendRequest<Location[] | null>('textDocument/references', {
          textDocument: { uri: target.uri },
          position: target.range.start,
          context: { includeDeclaration: false },
        }),
      );
      const where = [...new Set((refs ?? []).map((r) => rel(r.uri)))];
      out(`  references: ${refs?.length ?? 0} in ${where.join(', ') || '-'}`);
    }
  }
  const query = 'stock';
  const symbols = await step(rpc.sendRequest<SymbolInformation[]>('workspace/symbol', { query }));
  out(
    `workspace/symbol '${query}': ${
      symbols
        .slice(0, 5)
        .map((s) => `${s.name} (${rel(s.location.uri)})`)
        .join(', ') || 'none'
    }`,
  );
}
