// Hover: the declaration of the name under the cursor as a Simple code block, then its docstring, then
// where it comes from. Names declared in the file use the file's own model (parameters, locals and
// bindings included, with their inferred type); names from elsewhere read the declaration's header and
// docstring from the store at the offsets the index recorded; members of core types found by the
// receiver's inferred type show their signature on that receiver.
import { hoverAt } from '../language';
import { moduleNameOf } from '../language/modules';
import type { TextSpan } from '../language/syntax';
import { memberDetail, memberTargets, nameLeafAt, show, typeAt } from '../types';
import { describeDecl } from '../workspace/hover-info';
import type { Analysis, TypeContext } from './analysis';
import type { FilePosition } from './file-range';

export interface HoverResult {
  /** Markdown. */
  markdown: string;
  /** The hovered name in the cursor's file. */
  span: TextSpan;
}

const ROLE_LABEL = {
  declaration: '',
  parameter: '(parameter) ',
  local: '(local) ',
  binding: '(binding) ',
  import: '(import) ',
};

/** Undefined when there is nothing to say (or the file is not in the snapshot). */
export function hover(a: Analysis, at: FilePosition): HoverResult | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  const { offset } = at;
  const found = a.resolver.at(view, offset);
  if (found && found.ref.kind !== 'local' && found.places.length > 0) {
    const span = found.ref.span;
    const place = found.places[0];
    if (place.module) {
      const target = a.views.byPath(place.path);
      const moduleDoc = target?.outline().doc;
      const parts = ['```simple\nmodule ' + moduleNameOf(target?.rel ?? place.path) + '\n```'];
      if (moduleDoc) parts.push(moduleDoc);
      return { markdown: parts.join('\n\n'), span };
    }
    if (place.decl) {
      const info = describeDecl(a.views, place.decl);
      const parts = ['```simple\n' + info.signature + '\n```'];
      if (info.doc) parts.push(info.doc);
      const more = found.places.length > 1 ? ` (and ${found.places.length - 1} more)` : '';
      parts.push(`*${info.container ? `${info.container} in ` : ''}${info.module}*${more}`);
      return { markdown: parts.join('\n\n'), span };
    }
  }
  const types = a.types(view);
  const info = hoverAt(view.parse(), offset);
  if (!info) return coreMemberHover(types, offset);
  const parts = [`${ROLE_LABEL[info.role]}${info.container ? `in ${info.container}` : ''}`.trim()];
  parts.push('```simple\n' + info.signature + '\n```');
  // The inferred type of a local, a parameter or a binding (what its declaration may not spell).
  const inferred =
    info.role !== 'declaration' && info.role !== 'import'
      ? typeAt(types.engine, types.file, offset)
      : undefined;
  if (inferred) parts.push(`Type: \`${inferred.text}\``);
  if (info.doc) parts.push(info.doc);
  return { markdown: parts.filter((p) => p !== '').join('\n\n'), span: info.span };
}

/** A member found by the receiver's inferred type that no file declares (`s.split`, `xs.len` of the
 *  core types): its signature on that receiver. */
function coreMemberHover(types: TypeContext, offset: number): HoverResult | undefined {
  const found = memberTargets(types.engine, types.file, offset);
  const m = found?.members[0];
  const leaf = nameLeafAt(types.file, offset);
  if (!found || !m || !leaf) return undefined;
  const parts = [
    '```simple\n' + memberDetail(types.engine, found.receiver, m) + '\n```',
    `*${show(found.receiver)}*`,
  ];
  return { markdown: parts.join('\n\n'), span: { start: leaf.start, end: leaf.end } };
}
