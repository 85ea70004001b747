// Hover within a file: what the name under the cursor is, shown as its declaration's signature and
// docstring. Declarations in the outline (functions, types, fields, variants, module values) use the
// outline's signature and docstring; parameters, locals, pattern bindings and imports show the text
// that declares them.
import { buildOutline } from './outline';
import { definitionAt } from './model';
import { nodeAt, SyntaxKind, SyntaxNode, TextSpan } from './syntax';
import type { OutlineSymbol, ParseResult } from './types';

export type HoverRole = 'declaration' | 'parameter' | 'local' | 'binding' | 'import';

export interface HoverInfo {
  /** The hovered name. */
  span: TextSpan;
  /** One line of Simple, as declared. */
  signature: string;
  doc?: string;
  role: HoverRole;
  /** The enclosing declaration's name, for members (`Counter` for `Counter.get`). */
  container?: string;
}

const MAX_SIGNATURE = 120;

export function hoverAt(result: ParseResult, offset: number): HoverInfo | undefined {
  const target = definitionAt(result, offset)[0];
  if (!target) return undefined;
  const hovered = nameSpanAt(result, offset) ?? target;
  const symbol = findSymbol(buildOutline(result).symbols, target.start);
  if (symbol) {
    const info: HoverInfo = { span: hovered, signature: symbol.signature, role: 'declaration' };
    if (symbol.doc !== undefined) info.doc = symbol.doc;
    if (symbol.container !== undefined) info.container = symbol.container;
    return info;
  }
  const name = nodeAt(result.root, target.start);
  return { span: hovered, ...declaredBy(result, name) };
}

function nameSpanAt(result: ParseResult, offset: number): TextSpan | undefined {
  for (const at of [offset, offset - 1]) {
    const n = nodeAt(result.root, Math.max(0, at));
    if (n.kind === SyntaxKind.Name || n.kind === SyntaxKind.NameRef) return { start: n.start, end: n.end };
  }
  return undefined;
}

function findSymbol(symbols: OutlineSymbol[], nameStart: number): OutlineSymbol | undefined {
  for (const s of symbols) {
    if (s.nameSpan.start === nameStart) return s;
    const inner = findSymbol(s.children, nameStart);
    if (inner) return inner;
  }
  return undefined;
}

/** The text that declares a name the outline does not list. */
function declaredBy(result: ParseResult, name: SyntaxNode): { signature: string; role: HoverRole } {
  const text = (s: TextSpan): string => collapse(result.text.slice(s.start, s.end));
  for (let n: SyntaxNode | undefined = name.parent; n; n = n.parent) {
    switch (n.kind) {
      case SyntaxKind.Param:
        return { signature: text(n), role: 'parameter' };
      case SyntaxKind.TypeTest:
        return { signature: text(n), role: 'binding' };
      case SyntaxKind.ImportItem: {
        const decl = n.parent?.parent?.parent ?? n;
        return { signature: text(decl.kind === SyntaxKind.UseDecl ? decl : n), role: 'import' };
      }
      case SyntaxKind.VarDecl:
        return { signature: text(n), role: 'local' };
      case SyntaxKind.For:
      case SyntaxKind.CompFor:
      case SyntaxKind.MatchArm:
      case SyntaxKind.With:
      case SyntaxKind.Lambda:
        return { signature: collapse(result.text.slice(name.start, name.end)), role: 'binding' };
    }
  }
  return { signature: text(name), role: 'binding' };
}

function collapse(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SIGNATURE ? `${one.slice(0, MAX_SIGNATURE - 3)}...` : one;
}
