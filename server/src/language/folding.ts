// Folding ranges: indented blocks (folded from their header line), multi-line brackets and
// strings, runs of comment lines, runs of imports, and #if ... #endif directive regions.
import { NodeFlags, SyntaxKind, SyntaxNode, walk } from './syntax';
import { TokenFlags, TokenKind } from './tokens';
import type { FoldRange, ParseResult } from './types';

const BRACKETED = new Set([
  SyntaxKind.ArgList,
  SyntaxKind.ParamList,
  SyntaxKind.List,
  SyntaxKind.Dict,
  SyntaxKind.SetLit,
  SyntaxKind.Tuple,
  SyntaxKind.Paren,
  SyntaxKind.Comprehension,
  SyntaxKind.ImportList,
]);

export function foldingRanges(result: ParseResult): FoldRange[] {
  const { text } = result;
  const out: FoldRange[] = [];
  const multiLine = (start: number, end: number): boolean => {
    const nl = text.indexOf('\n', start);
    return nl >= 0 && nl < end;
  };
  const add = (start: number, end: number, kind: FoldRange['kind']): void => {
    if (end > start && multiLine(start, end)) out.push({ start, end, kind });
  };

  walk(result.root, (n) => {
    if (n.kind === SyntaxKind.Block && !(n.flags & NodeFlags.Inline)) {
      add(headerEnd(n), n.end, 'region');
    } else if (BRACKETED.has(n.kind)) {
      add(n.start, n.end, 'region');
    }
  });
  const tokens = result.store;
  for (let t = 0; t < tokens.length; t++) {
    if (tokens.kind(t) === TokenKind.String && tokens.flags(t) & TokenFlags.Triple)
      add(tokens.start(t), tokens.end(t), 'region');
  }
  foldImports(result.root.children, add);
  foldTrivia(result, add);
  return out.sort((a, b) => a.start - b.start);
}

/** Where the header of a block ends: the end of the node before it, or its parent's start. */
function headerEnd(block: SyntaxNode): number {
  const parent = block.parent;
  if (!parent) return block.start;
  const i = parent.children.indexOf(block);
  return i > 0 ? parent.children[i - 1].end : parent.start;
}

function foldImports(stmts: SyntaxNode[], add: (s: number, e: number, k: FoldRange['kind']) => void): void {
  let first: SyntaxNode | undefined;
  let last: SyntaxNode | undefined;
  for (const s of [...stmts, undefined]) {
    if (
      s &&
      (s.kind === SyntaxKind.UseDecl ||
        (s.kind === SyntaxKind.ExportDecl && s.children.some((c) => c.kind === SyntaxKind.UseDecl)))
    ) {
      first ??= s;
      last = s;
      continue;
    }
    if (first && last && first !== last) add(first.start, last.end, 'imports');
    first = last = undefined;
  }
}

function foldTrivia(result: ParseResult, add: (s: number, e: number, k: FoldRange['kind']) => void): void {
  const { text } = result;
  let runStart = -1;
  let runEnd = -1;
  const directives: number[] = [];
  for (const t of result.trivia) {
    if (t.kind === TokenKind.Directive) {
      const word = /^#(\w+)/.exec(text.slice(t.start, t.end))?.[1];
      if (word === 'if') directives.push(t.start);
      else if (word === 'endif' && directives.length > 0) add(directives.pop()!, t.end, 'region');
      continue;
    }
    // A comment on its own line continues a run when only whitespace separates it from the last.
    const ownLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', t.start - 1) + 1, t.start));
    if (!ownLine) continue;
    if (
      runEnd >= 0 &&
      /^\s*$/.test(text.slice(runEnd, t.start)) &&
      countNewlines(text, runEnd, t.start) === 1
    ) {
      runEnd = t.end;
      continue;
    }
    if (runStart >= 0) add(runStart, runEnd, 'comment');
    runStart = t.start;
    runEnd = t.end;
  }
  if (runStart >= 0) add(runStart, runEnd, 'comment');
}

function countNewlines(text: string, start: number, end: number): number {
  let k = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) k++;
  return k;
}
