// Callable signatures of declarations: functions and methods, constructors of classes and structs (their
// fields, as `Point(x: 1, y: 2)` names them), and enum variants with payloads. Shared by signature help
// and inlay hints; the workspace can build the signature of a declaration in another file the same way.
import { unquote } from './outline';
import { childOfKind, NodeFlags, SyntaxKind, SyntaxNode, TextSpan } from './syntax';
import type { ParseResult } from './types';

export interface ParamInfo {
  name: string;
  /** The parameter as written (`b: i64 = 2`), whitespace collapsed. */
  label: string;
  /** Where `label` sits in the signature's label. */
  labelSpan: TextSpan;
  type?: string;
  hasDefault: boolean;
  variadic: boolean;
}

export interface SignatureInfo {
  /** One line: `fn add(a: i64, b: i64 = 2) -> i64`, `Point(x: i64, y: i64)`, `Color.Green(v: i64)`. */
  label: string;
  params: ParamInfo[];
  /** A constructor (named arguments are fields): classes, structs, variants. */
  constructor: boolean;
  returnType?: string;
  doc?: string;
}

/** The signature of what the declaration name `name` declares, when it is callable. */
export function signatureOf(result: ParseResult, name: SyntaxNode): SignatureInfo | undefined {
  const decl = name.parent;
  if (!decl) return undefined;
  const text = (n: TextSpan): string => collapse(result.text.slice(n.start, n.end));
  const declName = text(name);
  switch (decl.kind) {
    case SyntaxKind.FnDecl: {
      const params = childOfKind(decl, SyntaxKind.ParamList)?.children ?? [];
      const ret = childOfKind(decl, SyntaxKind.ReturnType);
      const retType = ret && childOfKind(ret, SyntaxKind.TypeRef);
      const typeParams = childOfKind(decl, SyntaxKind.TypeParams);
      return build(
        `fn ${declName}${typeParams ? text(typeParams) : ''}`,
        params.filter((p) => p.kind === SyntaxKind.Param).map((p) => paramOf(p, text)),
        retType ? text(retType) : undefined,
        false,
        docOf(result, childOfKind(decl, SyntaxKind.Block)),
      );
    }
    case SyntaxKind.ClassDecl: {
      const body = childOfKind(decl, SyntaxKind.Block);
      const fields = (body?.children ?? []).filter((c) => c.kind === SyntaxKind.Field);
      return build(
        declName,
        fields.map((f) => paramOf(f, text)),
        declName,
        true,
        docOf(result, body),
      );
    }
    case SyntaxKind.Variant: {
      const params = childOfKind(decl, SyntaxKind.ParamList);
      if (!params) return undefined;
      const enumName = decl.parent?.parent && childOfKind(decl.parent.parent, SyntaxKind.Name);
      const owner = enumName ? text(enumName) : undefined;
      const items = params.children.filter((p) => p.kind === SyntaxKind.Param).map((p) => paramOf(p, text));
      return build(owner ? `${owner}.${declName}` : declName, items, owner, true, undefined);
    }
  }
  return undefined;
}

type Draft = Omit<ParamInfo, 'labelSpan'>;

function paramOf(p: SyntaxNode, text: (n: TextSpan) => string): Draft {
  const name = childOfKind(p, SyntaxKind.Name);
  const type = childOfKind(p, SyntaxKind.TypeRef);
  const typeIndex = type ? p.children.indexOf(type) : p.children.indexOf(name!);
  const hasDefault = p.children.slice(typeIndex + 1).some((c) => c.kind !== SyntaxKind.Keyword);
  const draft: Draft = {
    name: name ? text(name) : text(p),
    label: text(p),
    hasDefault,
    variadic: (p.flags & NodeFlags.Variadic) !== 0,
  };
  if (type) draft.type = text(type);
  return draft;
}

function build(
  head: string,
  drafts: Draft[],
  returnType: string | undefined,
  constructor: boolean,
  doc: string | undefined,
): SignatureInfo {
  let label = `${head}(`;
  const params: ParamInfo[] = drafts.map((d, i) => {
    if (i > 0) label += ', ';
    const start = label.length;
    label += d.label;
    return { ...d, labelSpan: { start, end: label.length } };
  });
  label += ')';
  if (returnType !== undefined && !constructor) label += ` -> ${returnType}`;
  const sig: SignatureInfo = { label, params, constructor };
  if (returnType !== undefined) sig.returnType = returnType;
  if (doc !== undefined) sig.doc = doc;
  return sig;
}

/** The docstring of a body: its first statement when that is a triple-quoted string. */
function docOf(result: ParseResult, body: SyntaxNode | undefined): string | undefined {
  const first = body?.children.find(
    (c) => c.kind !== SyntaxKind.Decorator && c.kind !== SyntaxKind.Attribute,
  );
  const lit =
    first?.kind === SyntaxKind.ExprStmt && first.children.length === 1 ? first.children[0] : undefined;
  if (lit?.kind !== SyntaxKind.StringLit) return undefined;
  const raw = result.text.slice(lit.start, lit.end);
  return /^[a-zA-Z]*("""|''')/.test(raw) ? unquote(raw) : undefined;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The parameter an argument binds: a named one by name, else the `positional`-th parameter not bound
 * by name (the last one when it is variadic). Undefined when none matches.
 */
export function parameterFor(
  sig: SignatureInfo,
  positional: number,
  named: string | undefined,
  boundByName: ReadonlySet<string> = new Set(),
): number | undefined {
  if (named !== undefined) {
    const i = sig.params.findIndex((p) => p.name === named);
    return i >= 0 ? i : undefined;
  }
  let seen = 0;
  for (let i = 0; i < sig.params.length; i++) {
    const p = sig.params[i];
    if (p.variadic) return i;
    if (boundByName.has(p.name)) continue;
    if (seen === positional) return i;
    seen++;
  }
  return undefined;
}
