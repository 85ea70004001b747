// Inlay hints: parameter names before positional arguments, and the type of a `val`/`var` without an
// annotation when its initializer makes it evident (a literal, a constructor of a type declared here, a
// call of a function with a declared return type). Parameter names are left out where they would only
// repeat what is written, the way rust-analyzer does: the argument is the same name (`f(port)`,
// `f(self.port)`), the parameter has a one-letter name, or a one-parameter function says it in its own
// name (`set_port(8080)`, `expect(x)`-style obvious names).
import { resolveAll } from './model';
import { ImportIndex } from './import-of';
import type { ImportedSignatures } from './signature-help';
import { parameterFor, signatureOf, type SignatureInfo } from './signatures';
import { childOfKind, NodeFlags, SyntaxKind, type SyntaxNode, type TextSpan } from './syntax';
import type { ParseResult } from './types';

export type InlayKind = 'parameter' | 'type';

export interface InlayHintInfo {
  /** Where the hint is shown (before an argument, after a declared name). */
  offset: number;
  /** `port:` for parameters, `: i64` for types. */
  label: string;
  kind: InlayKind;
}

/** Parameter names that say nothing an argument does not (rust-analyzer's list, in Simple's spelling). */
const OBVIOUS_PARAMS = new Set([
  'predicate',
  'value',
  'pat',
  'rhs',
  'other',
  'f',
  'fn',
  'op',
  'item',
  'x',
  'self',
]);

export function inlayHints(
  result: ParseResult,
  range: TextSpan = { start: 0, end: result.text.length },
  imported?: ImportedSignatures,
): InlayHintInfo[] {
  const { target } = resolveAll(result);
  const imports = new ImportIndex(result);
  const text = (n: TextSpan): string => result.text.slice(n.start, n.end);
  const out: InlayHintInfo[] = [];

  const signatureFor = (callee: SyntaxNode): SignatureInfo | undefined => {
    const name = callee.kind === SyntaxKind.Member ? callee.children[callee.children.length - 1] : callee;
    const decl = name && target.get(name);
    if (decl && decl !== name) {
      const own = signatureOf(result, decl);
      if (own) return own;
      if (decl.parent?.kind === SyntaxKind.ImportItem && imported) {
        const from = imports.of(decl);
        return from ? imported(imports.importedName(decl), from)?.[0] : undefined;
      }
    }
    return undefined;
  };

  const parameterHints = (call: SyntaxNode): void => {
    const callee = call.children[0];
    const args = childOfKind(call, SyntaxKind.ArgList);
    if (!callee || !args) return;
    const sig = signatureFor(callee);
    if (!sig) return;
    const calleeName = text(
      callee.kind === SyntaxKind.Member ? callee.children[callee.children.length - 1] : callee,
    );
    const named = new Set<string>();
    for (const a of args.children)
      if (a.flags & NodeFlags.Named && a.children[0]) named.add(text(a.children[0]));
    let positional = 0;
    let variadicShown = false;
    for (const arg of args.children) {
      if (arg.kind !== SyntaxKind.Arg || arg.flags & NodeFlags.Named) continue;
      const index = parameterFor(sig, positional++, undefined, named);
      if (index === undefined) continue;
      const param = sig.params[index];
      if (param.variadic) {
        if (variadicShown) continue;
        variadicShown = true;
      }
      if (obvious(sig, param.name, calleeName, arg)) continue;
      if (arg.start < range.start || arg.start > range.end) continue;
      out.push({ offset: arg.start, label: `${param.name}:`, kind: 'parameter' });
    }
  };

  const obvious = (sig: SignatureInfo, param: string, calleeName: string, arg: SyntaxNode): boolean => {
    if (param.length <= 1 || param.startsWith('_')) return true;
    const value = arg.children[0];
    // The argument already says it: `port`, `self.port`, `config.port`, `port_number` for `port`.
    const last = value?.kind === SyntaxKind.Member ? value.children[value.children.length - 1] : value;
    if (last && (last.kind === SyntaxKind.NameRef || last.kind === SyntaxKind.Name)) {
      const argName = text(last).replace(/^_+/, '');
      if (argName === param || argName.startsWith(`${param}_`) || argName.endsWith(`_${param}`)) return true;
    }
    if (sig.params.length === 1 && !sig.constructor) {
      if (OBVIOUS_PARAMS.has(param)) return true;
      if (calleeName === param || calleeName.endsWith(`_${param}`) || calleeName.startsWith(`${param}_`))
        return true;
    }
    return false;
  };

  const typeHint = (decl: SyntaxNode): void => {
    const names = decl.children.filter((c) => c.kind === SyntaxKind.Name);
    if (names.length !== 1 || childOfKind(decl, SyntaxKind.TypeRef)) return;
    const name = names[0];
    if (text(name) === '_' || name.end < range.start || name.end > range.end) return;
    const init = decl.children[decl.children.indexOf(name) + 1];
    const type = init && evidentType(init);
    if (type) out.push({ offset: name.end, label: `: ${type}`, kind: 'type' });
  };

  const evidentType = (e: SyntaxNode): string | undefined => {
    switch (e.kind) {
      case SyntaxKind.Literal:
        return literalType(text(e));
      case SyntaxKind.StringLit:
        return e.flags & NodeFlags.Suffixed ? undefined : 'text';
      case SyntaxKind.Paren:
        return e.children.length === 1 ? evidentType(e.children[0]) : undefined;
      case SyntaxKind.List: {
        const items = e.children.map(evidentType);
        const first = items[0];
        return first !== undefined && items.every((t) => t === first) ? `[${first}]` : undefined;
      }
      case SyntaxKind.Call: {
        const sig = e.children[0] && signatureFor(e.children[0]);
        if (!sig) return undefined;
        // A variant constructs its enum; a class or struct itself; a function returns what it declares.
        return sig.returnType && !/\bSelf\b/.test(sig.returnType) ? sig.returnType : undefined;
      }
    }
    return undefined;
  };

  // Hints only for what overlaps the range: walk the tree, skipping subtrees outside it.
  const stack: SyntaxNode[] = [result.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.end < range.start || n.start > range.end) continue;
    if (n.kind === SyntaxKind.Call) parameterHints(n);
    else if (n.kind === SyntaxKind.VarDecl) typeHint(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The type of a number or word literal as written: `42` i64, `42i32` i32, `1.5` f64, `true` bool. */
function literalType(t: string): string | undefined {
  if (t === 'true' || t === 'false') return 'bool';
  const suffix = /^[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?([iuf](?:8|16|32|64))$/.exec(t);
  if (suffix) return suffix[1];
  if (/^0[xXbBoO][0-9a-fA-F_]+$/.test(t) || /^[0-9][0-9_]*$/.test(t)) return 'i64';
  if (/^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?$/.test(t)) return 'f64';
  return undefined; // unit suffixes (`100_km`) and anything else: not evident here
}
