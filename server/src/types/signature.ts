// Signature help for methods and static methods (`a.b(|`, `Type.make(|`): the callee's declared signature
// read on the receiver's inferred type, so a generic owner's parameters are substituted (`[Point]`'s
// `push(item: Point)`, `Box<text>`'s `put(value: text)`). Unknown receivers answer nothing; parameters
// whose substituted type is not fully known keep the type as written.
import { type ParamInfo, type SignatureInfo, signatureOf } from '../language/signatures';
import { SyntaxKind } from '../language/syntax';
import type { Member } from './declarations';
import type { TypeEngine } from './infer';
import { nameLeafAt } from './leaf';
import { isComplete, show, type Type } from './type';
import type { SourceFile } from './world';

/**
 * The signatures of the method named by the member name at `offset` (`a.na|me(`), on the receiver's
 * type. Undefined when the offset is not a member name or the receiver's type is unknown; [] when the
 * type declares no method of that name.
 */
export function memberSignatures(
  engine: TypeEngine,
  file: SourceFile,
  offset: number,
): SignatureInfo[] | undefined {
  const leaf = nameLeafAt(file, offset);
  const member = leaf?.parent;
  if (!leaf || member?.kind !== SyntaxKind.Member || member.children[0] === leaf) return undefined;
  const found = engine.memberAt(file, leaf);
  if (!found) return undefined;
  const out: SignatureInfo[] = [];
  for (const m of found.members) {
    if (m.kind !== 'method') continue;
    const sig = onReceiver(engine, found.receiver, m);
    if (sig) out.push(sig);
  }
  return out;
}

function onReceiver(engine: TypeEngine, receiver: Type, m: Member): SignatureInfo | undefined {
  const declared = signatureOf(m.decl.file.parse(), m.decl.nameNode);
  if (!declared) return undefined;
  const t = engine.memberType(receiver, m);
  const typed = t.k === 'fn' ? t : undefined;
  const head = declared.label.slice(0, declared.label.indexOf('('));
  let label = `${head}(`;
  const params: ParamInfo[] = declared.params.map((p, i) => {
    if (i > 0) label += ', ';
    const start = label.length;
    const sub = typed?.params[i];
    const at = p.type !== undefined ? p.label.indexOf(p.type, p.name.length) : -1;
    label +=
      sub && at >= 0 && isComplete(sub)
        ? p.label.slice(0, at) + show(sub) + p.label.slice(at + p.type!.length)
        : p.label;
    const out: ParamInfo = { ...p, label: label.slice(start), labelSpan: { start, end: label.length } };
    if (sub && isComplete(sub)) out.type = show(sub);
    return out;
  });
  label += ')';
  const ret = typed && isComplete(typed.ret) ? show(typed.ret) : declared.returnType;
  if (ret !== undefined) label += ` -> ${ret}`;
  const sig: SignatureInfo = { label, params, constructor: false };
  if (ret !== undefined) sig.returnType = ret;
  if (declared.doc !== undefined) sig.doc = declared.doc;
  return sig;
}
