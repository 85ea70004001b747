// Highlights of a member in one file by the receiver's type: at `a.name` (or at the member's own
// declaration), the declaration when it is in this file and every access `x.name` whose receiver's type
// gives that same member, as writes where the access is assigned to (`p.x = 1`, `p.x += 1`, a
// constructor's `Point(x: 1)` label) and reads elsewhere. `o.name` on an unrelated or unknown type is
// not highlighted. Undefined when the cursor is on no typed member (the file's name rules answer then).
import { kindOf, lineStarts } from '../language/summary';
import { SyntaxKind, type SyntaxNode } from '../language/syntax';
import { SymbolKind } from '../language/types';
import { nameLeafAt } from '../types';
import { placeKey, type Place, type Resolver } from './resolver';
import type { SourceView } from './views';

export interface MemberHighlight {
  /** UTF-16 offsets of the name in the file. */
  start: number;
  end: number;
  write: boolean;
}

const MEMBER_KINDS: ReadonlySet<SymbolKind> = new Set([SymbolKind.Field, SymbolKind.Method]);

export function memberHighlights(
  resolver: Resolver,
  view: SourceView,
  offset: number,
): MemberHighlight[] | undefined {
  const targets = memberTargetsAt(resolver, view, offset);
  if (!targets) return undefined;
  const keys = new Set(targets.map(placeKey));
  const text = view.text();
  const starts = lineStarts(text);
  const { world } = resolver.types();
  const file = world.fileOf(view);
  const word = targets[0].decl ? targets[0].decl.view.summary.names[targets[0].decl.index] : undefined;
  const name = word ?? text.slice(...span(starts, targets[0]));
  const out: MemberHighlight[] = [];
  for (const t of targets)
    if (t.path === view.path) {
      const [start, end] = span(starts, t);
      out.push({ start, end, write: true });
    }
  const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (out.some((h) => h.start === m!.index)) continue;
    const typed = resolver.typedMember(view, m.index + 1);
    if (!typed || !typed.places.some((p) => keys.has(placeKey(p)))) continue;
    const leaf = nameLeafAt(file, m.index + 1);
    out.push({ start: m.index, end: m.index + name.length, write: leaf !== undefined && isWritten(leaf) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The member declarations the cursor names: through a typed access, or on the declaration itself. */
function memberTargetsAt(resolver: Resolver, view: SourceView, offset: number): Place[] | undefined {
  const typed = resolver.typedMember(view, offset);
  if (typed) return typed.places;
  const at = resolver.at(view, offset);
  const own = at?.places.filter(
    (p) =>
      p.decl &&
      p.path === view.path &&
      MEMBER_KINDS.has(kindOf(p.decl.view.summary, p.decl.index)) &&
      at.ref.span.start <= offset &&
      offset <= at.ref.span.end,
  );
  // Only the declaration's own name: a use resolved by the name rules is not a typed member.
  if (!own || own.length === 0) return undefined;
  const starts = lineStarts(view.text());
  return own.some((p) => span(starts, p)[0] === at!.ref.span.start) ? own : undefined;
}

function span(starts: number[], p: Place): [number, number] {
  return [starts[p.line] + p.character, starts[p.line] + p.endCharacter];
}

/** The member access is assigned to (`a.x = …`, `a.x += …`, `(a.x, b) = …`) or names a field being built. */
function isWritten(leaf: SyntaxNode): boolean {
  const parent = leaf.parent;
  if (parent?.kind === SyntaxKind.Arg) return parent.children[0] === leaf; // `Point(x: 1)`
  let n: SyntaxNode | undefined = parent;
  while (n?.parent?.kind === SyntaxKind.Tuple || n?.parent?.kind === SyntaxKind.Paren) n = n.parent;
  return n?.parent?.kind === SyntaxKind.Assign && n.parent.children[0] === n;
}
