// textDocument/hover: the declaration of the name under the cursor as a Simple code block, then its
// docstring as markdown, then where it comes from. Names declared in the file use the file's own
// analysis (parameters, locals and bindings included); names from elsewhere read the declaration's
// header and docstring from the file store at the offsets the index recorded.
import type { CancellationToken, Hover } from 'vscode-languageserver';
import { hoverAt } from '../language';
import { moduleNameOf } from '../language/modules';
import { toRange } from '../lsp/convert';
import { describeDecl } from '../workspace/hover-info';
import type { FeatureContext } from './document';
import { documentPosition } from './workspace-context';
import { type TypeContext, typeContext } from './type-context';
import { memberDetail, memberTargets, nameLeafAt, show, typeAt } from '../types';
import type { LineIndex, PositionEncoding } from '../lsp/line-index';

const ROLE_LABEL = {
  declaration: '',
  parameter: '(parameter) ',
  local: '(local) ',
  binding: '(binding) ',
  import: '(import) ',
};

export function hover(ctx: FeatureContext, params: unknown, token: CancellationToken): Hover | null {
  const request = documentPosition(ctx, params, token);
  if (request === undefined) return null;
  const { nav, view, offset } = request;
  const { doc, result, encoding } = request.parsed;
  const at = nav.resolver.at(view, offset);
  if (at && at.ref.kind !== 'local' && at.places.length > 0) {
    const range = toRange(doc.lines, at.ref.span, encoding);
    const place = at.places[0];
    if (place.module) {
      const target = nav.views.byPath(place.path);
      const moduleDoc = target?.outline().doc;
      const parts = ['```simple\nmodule ' + moduleNameOf(target?.rel ?? place.path) + '\n```'];
      if (moduleDoc) parts.push(moduleDoc);
      return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range };
    }
    if (place.decl) {
      const info = describeDecl(nav.views, place.decl);
      const parts = ['```simple\n' + info.signature + '\n```'];
      if (info.doc) parts.push(info.doc);
      const more = at.places.length > 1 ? ` (and ${at.places.length - 1} more)` : '';
      parts.push(`*${info.container ? `${info.container} in ` : ''}${info.module}*${more}`);
      return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range };
    }
  }
  const types = typeContext(request);
  const info = hoverAt(result, offset);
  if (!info) return coreMemberHover(types, offset, doc.lines, encoding);
  const parts = [`${ROLE_LABEL[info.role]}${info.container ? `in ${info.container}` : ''}`.trim()];
  parts.push('```simple\n' + info.signature + '\n```');
  // The inferred type of a local, a parameter or a binding (what its declaration may not spell).
  const inferred =
    info.role !== 'declaration' && info.role !== 'import'
      ? typeAt(types.engine, types.file, offset)
      : undefined;
  if (inferred) parts.push(`Type: \`${inferred.text}\``);
  if (info.doc) parts.push(info.doc);
  return {
    contents: { kind: 'markdown', value: parts.filter((p) => p !== '').join('\n\n') },
    range: toRange(doc.lines, info.span, encoding),
  };
}

/** A member found by the receiver's inferred type that no file declares (`s.split`, `xs.len` of the
 *  core types): its signature on that receiver. */
function coreMemberHover(
  types: TypeContext,
  offset: number,
  lines: LineIndex,
  encoding: PositionEncoding,
): Hover | null {
  const found = memberTargets(types.engine, types.file, offset);
  const m = found?.members[0];
  const leaf = nameLeafAt(types.file, offset);
  if (!found || !m || !leaf) return null;
  const parts = [
    '```simple\n' + memberDetail(types.engine, found.receiver, m) + '\n```',
    `*${show(found.receiver)}*`,
  ];
  const span = { start: leaf.start, end: leaf.end };
  return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range: toRange(lines, span, encoding) };
}
