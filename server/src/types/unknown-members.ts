// The opt-in "unknown member" check: `x.name` where the receiver's type is certainly a type declared in
// the workspace, every trait it names resolves, and neither it, its impl blocks anywhere nor those
// traits declare `name`. Core types are never checked (the prelude describes them, it does not list
// them all), nor receivers of unknown, generic or core type, nor types used as values (`Type.x`), nor
// names that `Option` and `Result` declare (on a `T` they mean an optional the engine lost).
import { SyntaxKind, walk } from '../language/syntax';
import { textOf } from './declarations';
import { traitsResolved } from './hierarchy';
import type { TypeEngine } from './infer';
import { show, type Type, UNKNOWN } from './type';

const OPTION: Type = { k: 'option', inner: UNKNOWN };
const RESULT: Type = { k: 'result', ok: UNKNOWN, err: UNKNOWN };
import type { SourceFile } from './world';

export interface UnknownMember {
  /** The member name's offsets. */
  start: number;
  end: number;
  message: string;
}

export function unknownMembers(engine: TypeEngine, file: SourceFile): UnknownMember[] {
  const out: UnknownMember[] = [];
  const resolved = new Map<unknown, boolean>();
  const wrapperMembers = new Set(
    [OPTION, RESULT].flatMap((t) => engine.membersOfType(t).map((m) => m.decl.name.text)),
  );
  walk(file.parse().root, (n) => {
    if (n.kind !== SyntaxKind.Member || n.children.length < 2) return;
    const leaf = n.children[n.children.length - 1];
    if (leaf.kind !== SyntaxKind.Name) return;
    const name = textOf(file, leaf);
    if (!/^[A-Za-z_]\w*$/.test(name)) return;
    const found = engine.memberAt(file, leaf);
    if (!found || found.members.length > 0 || found.receiver.k !== 'named') return;
    // `x.unwrap()` on a `T`: the engine read an optional (or a result) as its value somewhere it does
    // not follow narrowing; not certain enough to report.
    if (wrapperMembers.has(name)) return;
    const decl = found.receiver.decl;
    let complete = resolved.get(decl.node);
    if (complete === undefined) resolved.set(decl.node, (complete = traitsResolved(engine.world, decl)));
    if (!complete) return;
    out.push({
      start: leaf.start,
      end: leaf.end,
      message: `'${show(found.receiver)}' has no member '${name}'`,
    });
  });
  return out;
}
