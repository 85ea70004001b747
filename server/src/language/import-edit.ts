// The text edit that makes `name` of module `path` visible in a file: a name added to an existing
// `use path.{…}` list when there is one, else a new `use path.{name}` line after the file's imports (or
// above its first statement, below the module docstring). Pure: offsets into the parsed text.
import { buildOutline } from './outline';
import { SyntaxKind, type SyntaxNode, type TextSpan } from './syntax';
import type { ImportInfo, ParseResult } from './types';

export interface TextEditInfo extends TextSpan {
  newText: string;
}

/** Undefined when the name is already imported from that module. `allImports`: the file's, if known. */
export function importEdit(
  result: ParseResult,
  path: readonly string[],
  name: string,
  allImports: readonly ImportInfo[] = buildOutline(result).imports,
): TextEditInfo | undefined {
  const imports = allImports.filter((i) => !i.reexport);
  const same = imports.filter((i) => i.relativeDepth === 0 && samePath(i.path, path));
  if (same.some((i) => i.glob || i.items.some((it) => it.name === name))) return undefined;
  const withList = same.find((i) => i.items.length > 0 && !i.glob);
  if (withList) {
    const last = withList.items[withList.items.length - 1];
    const end = itemEnd(result, last.span);
    return { start: end, end, newText: `, ${name}` };
  }
  return newUseLine(result, `use ${path.join('.')}.{${name}}`, imports);
}

/** A new `use` line at the usual place. */
export function newUseLine(
  result: ParseResult,
  line: string,
  imports = buildOutline(result).imports,
): TextEditInfo {
  const text = result.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const topLevel = imports.filter((i) => isTopLevel(result.root, i.span.start));
  if (topLevel.length > 0) {
    const after = lineEnd(text, Math.max(...topLevel.map((i) => i.span.end)));
    return { start: after, end: after, newText: `${eol}${line}` };
  }
  const stmts = result.root.children;
  let i = 0;
  if (stmts[0] && isDocstring(result, stmts[0])) i = 1;
  if (i === 1) {
    const after = lineEnd(text, stmts[0].end);
    return { start: after, end: after, newText: `${eol}${eol}${line}` };
  }
  const first = stmts[i];
  if (!first) {
    const start = text.length;
    const sep = start > 0 && !/\n$/.test(text) ? eol : '';
    return { start, end: start, newText: `${sep}${line}${eol}` };
  }
  // Above the first statement, after any comment lines that sit on top of the file.
  const at = lineStart(text, first.start);
  return { start: at, end: at, newText: `${line}${eol}${eol}` };
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function isTopLevel(root: SyntaxNode, offset: number): boolean {
  return root.children.some((c) => c.start <= offset && offset < c.end);
}

function isDocstring(result: ParseResult, n: SyntaxNode): boolean {
  if (n.kind === SyntaxKind.Docstring) return true;
  const lit = n.kind === SyntaxKind.ExprStmt && n.children.length === 1 ? n.children[0] : undefined;
  return (
    lit?.kind === SyntaxKind.StringLit && /^[a-zA-Z]*("""|''')/.test(result.text.slice(lit.start, lit.end))
  );
}

function itemEnd(result: ParseResult, span: TextSpan): number {
  // The item's span may include its `as alias`; it ends at its last non-space character.
  let end = span.end;
  while (end > span.start && /\s/.test(result.text[end - 1])) end--;
  return end;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}
