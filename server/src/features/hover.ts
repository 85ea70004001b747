// textDocument/hover: the declaration of the name under the cursor (resolved within its file), as a
// Simple code block, then its docstring as markdown.
import type { CancellationToken, Hover } from 'vscode-languageserver';
import { hoverAt } from '../language';
import { toRange } from '../lsp/convert';
import { requirePosition, requireUri } from '../lsp/params';
import { type FeatureContext, parsedDocument } from './document';

const ROLE_LABEL = {
  declaration: '',
  parameter: '(parameter) ',
  local: '(local) ',
  binding: '(binding) ',
  import: '(import) ',
};

export function hover(ctx: FeatureContext, params: unknown, token: CancellationToken): Hover | null {
  requireUri(params);
  const position = requirePosition((params as { position?: unknown }).position, 'params.position');
  const target = parsedDocument(ctx, params, token);
  if (target === undefined) return null;
  const { doc, result, encoding } = target;
  const info = hoverAt(result, doc.lines.offsetAt(position, encoding));
  if (!info) return null;
  const parts = [`${ROLE_LABEL[info.role]}${info.container ? `in ${info.container}` : ''}`.trim()];
  parts.push('```simple\n' + info.signature + '\n```');
  if (info.doc) parts.push(info.doc);
  return {
    contents: { kind: 'markdown', value: parts.filter((p) => p !== '').join('\n\n') },
    range: toRange(doc.lines, info.span, encoding),
  };
}
