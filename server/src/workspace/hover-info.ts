// Hover for a declaration anywhere in the workspace: its signature (read from the file store at the
// recorded header offsets, comments dropped), its docstring, and the module it comes from.
import { moduleNameOf } from '../language/modules';
import { lex } from '../language/lexer';
import { tidySignature, unquote } from '../language/outline';
import { Field, field, kindOf } from '../language/summary';
import { SymbolKind } from '../language/types';
import type { Decl } from './resolver';
import type { Views } from './views';

export interface DeclInfo {
  name: string;
  kind: SymbolKind;
  signature: string;
  doc?: string;
  /** Dotted module name of the declaring file. */
  module: string;
  container?: string;
}

export function describeDecl(views: Views, decl: Decl): DeclInfo {
  const s = decl.view.summary;
  const kind = kindOf(s, decl.index);
  const at = (f: Field): number => field(s, decl.index, f);
  const header = views.slice(decl.view, at(Field.SigStart), at(Field.SigEnd));
  const info: DeclInfo = {
    name: s.names[decl.index],
    kind,
    signature:
      tidySignature(
        withoutComments(header),
        kind === SymbolKind.Variable || kind === SymbolKind.Constant || kind === SymbolKind.Field,
      ) || s.names[decl.index],
    module: moduleNameOf(decl.view.rel),
  };
  const docStart = at(Field.DocStart);
  if (docStart >= 0) info.doc = unquote(views.slice(decl.view, docStart, at(Field.DocEnd)));
  const container = at(Field.Container);
  if (container >= 0) info.container = s.names[container];
  return info;
}

function withoutComments(text: string): string {
  const { trivia } = lex(text);
  if (trivia.length === 0) return text;
  let out = '';
  let at = 0;
  for (const t of trivia) {
    out += text.slice(at, t.start);
    at = t.end;
  }
  return out + text.slice(at);
}
