// The name leaf a position is on, shared by the questions of index.ts and signature.ts.
import { nodeAt, SyntaxKind, type SyntaxNode } from '../language/syntax';
import type { SourceFile } from './world';

/** The name leaf at (or just before) an offset. */
export function nameLeafAt(file: SourceFile, offset: number): SyntaxNode | undefined {
  const root = file.parse().root;
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    const n = nodeAt(root, at);
    if ((n.kind === SyntaxKind.Name || n.kind === SyntaxKind.NameRef) && n.start <= at && at <= n.end)
      return n;
  }
  return undefined;
}
