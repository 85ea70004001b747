// Signature help: which call the cursor is in, which of its parameters the cursor is on, and the callee's
// signature. The call is found on the tokens, not the tree, so it works on the line being typed (an
// unclosed `(`, a trailing `,`): scan back from the cursor to the unmatched `(` glued to a callee, counting
// the commas at that depth. Statement calls without parentheses (`print a, b`, `user.set name: "A"`)
// are found the same way from the start of the statement. Callees resolve in this file through the file model (model.ts);
// names imported from other files go to the caller's `imported` callback.
import { ImportIndex } from './import-of';
import { RESERVED } from './keywords';
import { definitionAt } from './model';
import { parameterFor, signatureOf, type SignatureInfo } from './signatures';
import { nodeAt, SyntaxKind } from './syntax';
import { type Token, TokenFlags, TokenKind } from './tokens';
import type { ImportInfo, ParseResult } from './types';

export interface SignatureHelpInfo {
  signatures: SignatureInfo[];
  activeSignature: number;
  /** Index into the active signature's params; undefined when the argument matches no parameter. */
  activeParameter: number | undefined;
}

/** Signatures of a name imported from another file (`member` for `Name.member(`), when the caller knows. */
export type ImportedSignatures = (
  name: string,
  from: ImportInfo,
  member?: string,
) => SignatureInfo[] | undefined;

/** Signatures of the method a member name names (`a.b(`, at the offset of `b`), by the receiver's type:
 *  undefined when the caller cannot tell (the file's own rules then answer). */
export type MemberSignatures = (nameOffset: number) => SignatureInfo[] | undefined;

/** How far back to look for the opening parenthesis: calls longer than this get no help. */
const MAX_SCAN_TOKENS = 4000;

interface CallSite {
  /** The callee's last name token (`f` in `a.f(`). */
  callee: Token;
  /** Arguments before the cursor's: how many were positional, and the names already given. */
  positional: number;
  named: Set<string>;
  /** The name of the argument the cursor is in, when it is written `name: value` / `name=value`. */
  current: string | undefined;
}

export function signatureHelpAt(
  result: ParseResult,
  offset: number,
  imported?: ImportedSignatures,
  members?: MemberSignatures,
): SignatureHelpInfo | undefined {
  const site = callSiteAt(result, offset);
  if (!site) return undefined;
  const typed = members && isMemberName(result, site.callee) ? members(site.callee.start) : undefined;
  const signatures = typed && typed.length > 0 ? typed : calleeSignatures(result, site.callee, imported);
  if (signatures.length === 0) return undefined;
  const args = site.positional + site.named.size + 1;
  let active = signatures.findIndex(
    (s) => s.params.length >= args || s.params.some((p) => p.variadic) || s.params.length === args,
  );
  if (active < 0) active = 0;
  const param = parameterFor(signatures[active], site.positional, site.current, site.named);
  return { signatures, activeSignature: active, activeParameter: param };
}

function callSiteAt(result: ParseResult, offset: number): CallSite | undefined {
  const { tokens, text } = result;
  // The last significant token that starts before the cursor (and is not the EOF marker).
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1;
  // Inside a string, a comment or past a closed call on the same token: the token must end by the cursor
  // (or be a name being typed).
  if (i >= 0 && tokens[i].end > offset && tokens[i].kind !== TokenKind.Name) return undefined;

  // Layout tokens the lexer puts at the end of the cursor's own line (an abandoned bracket, trailing
  // spaces) do not end the statement the cursor is in.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let depth = 0;
  let argTokens: Token[] = []; // tokens of the arguments since the last comma at depth 0, in reverse
  const finished: Token[][] = [];
  const limit = Math.max(0, i - MAX_SCAN_TOKENS);
  for (; i >= limit; i--) {
    const t = tokens[i];
    if (t.kind === TokenKind.Newline || t.kind === TokenKind.Indent || t.kind === TokenKind.Dedent) {
      if (depth === 0 && t.start < lineStart) break; // the statement starts after this: no parentheses?
      continue;
    }
    if (t.kind === TokenKind.Op) {
      const v = t.value;
      if (v === ')' || v === ']' || v === '}') depth++;
      else if (v === '(' || v === '[' || v === '{') {
        if (depth > 0) depth--;
        else {
          const callee = v === '(' ? calleeBefore(tokens, i) : undefined;
          if (callee && !RESERVED.has(callee.value)) {
            finished.push(argTokens.reverse());
            return site(text, callee, finished.reverse());
          }
          // A list, a dict or a parenthesised expression: the cursor is inside one argument of an outer call.
          argTokens = [];
          finished.length = 0;
          continue;
        }
      } else if (v === ',' && depth === 0) {
        finished.push(argTokens.reverse());
        argTokens = [];
        continue;
      }
    }
    if (depth === 0) argTokens.push(t);
  }
  // No open parenthesis: a statement call without parentheses, `callee arg, arg` from the statement start.
  const start = i + 1;
  return noParenSite(result, tokens, start, offset, lineStart);
}

/** The callee name of a `(` at index `open`: `f(`, `a.f(`, `f<T>(` (and `f (`, which parses as a call too). */
function calleeBefore(tokens: Token[], open: number): Token | undefined {
  let j = open - 1;
  if (tokens[j]?.kind === TokenKind.Op && tokens[j].value === '>') {
    let depth = 0;
    for (; j >= 0; j--) {
      const v = tokens[j].kind === TokenKind.Op ? tokens[j].value : '';
      if (v === '>') depth++;
      else if (v === '<' && --depth === 0) break;
      else if (v === '(' || v === ')' || tokens[j].kind === TokenKind.Newline) return undefined;
    }
    j--;
  }
  const t = tokens[j];
  return t && t.kind === TokenKind.Name ? t : undefined;
}

function noParenSite(
  result: ParseResult,
  tokens: Token[],
  start: number,
  offset: number,
  lineStart: number,
): CallSite | undefined {
  // The callee: `name` or `a.b.name` at the statement start (after `return` too), then a space.
  let j = start;
  while (j < tokens.length && isLayout(tokens[j]) && tokens[j].start < offset) j++;
  if (tokens[j]?.kind === TokenKind.Name && tokens[j].value === 'return') j++;
  if (tokens[j]?.kind !== TokenKind.Name || RESERVED.has(tokens[j].value)) return undefined;
  let callee = tokens[j];
  j++;
  while (
    tokens[j + 1]?.kind === TokenKind.Name &&
    tokens[j]?.kind === TokenKind.Op &&
    (tokens[j].value === '.' || tokens[j].value === '?.') &&
    !(tokens[j].flags & TokenFlags.SpaceBefore)
  ) {
    callee = tokens[j + 1];
    j += 2;
  }
  if (offset <= callee.end || !/^[ \t]/.test(result.text.slice(callee.end, callee.end + 1))) return undefined;
  // Whatever follows must look like arguments: not an operator that would make this an expression.
  const next = tokens[j];
  if (
    next &&
    next.start < offset &&
    next.kind === TokenKind.Op &&
    !['\\', '-', '[', '(', '{', '&'].includes(next.value)
  )
    return undefined;
  const finished: Token[][] = [[]];
  let depth = 0;
  for (; j < tokens.length && tokens[j].start < offset; j++) {
    const t = tokens[j];
    if (t.kind === TokenKind.Newline || t.kind === TokenKind.Indent || t.kind === TokenKind.Dedent) {
      if (t.start >= lineStart) break; // layout at the end of the cursor's line
      if (depth === 0) return undefined; // the cursor is past the end of the statement
      continue;
    }
    if (t.kind === TokenKind.Op) {
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') depth--;
      else if (t.value === ',' && depth === 0) {
        finished.push([]);
        continue;
      }
      // `describe "x":` + block: the cursor after the colon is in the block, not an argument.
      if (t.value === ':' && depth === 0 && j + 1 < tokens.length && tokens[j + 1].kind === TokenKind.Newline)
        return undefined;
    }
    if (depth === 0) finished[finished.length - 1].push(t);
  }
  return site(result.text, callee, finished);
}

function isLayout(t: Token): boolean {
  return t.kind === TokenKind.Newline || t.kind === TokenKind.Indent || t.kind === TokenKind.Dedent;
}

/** Turns the argument token runs (oldest first, the cursor's last) into positional and named counts. */
function site(text: string, callee: Token, args: Token[][]): CallSite {
  const named = new Set<string>();
  let positional = 0;
  const nameOf = (arg: Token[]): string | undefined =>
    arg.length >= 2 &&
    arg[0].kind === TokenKind.Name &&
    arg[1].kind === TokenKind.Op &&
    (arg[1].value === ':' || arg[1].value === '=')
      ? text.slice(arg[0].start, arg[0].end)
      : undefined;
  for (const arg of args.slice(0, -1)) {
    const name = nameOf(arg);
    if (name !== undefined) named.add(name);
    else positional++;
  }
  const current = nameOf(args[args.length - 1] ?? []);
  return { callee, positional, named, current };
}

/** The callee is the member name of `a.b` (not a plain name). */
function isMemberName(result: ParseResult, callee: Token): boolean {
  const node = nodeAt(result.root, callee.start);
  return (
    node.kind === SyntaxKind.Name &&
    node.parent?.kind === SyntaxKind.Member &&
    node.parent.children[0] !== node
  );
}

function calleeSignatures(
  result: ParseResult,
  callee: Token,
  imported?: ImportedSignatures,
): SignatureInfo[] {
  const node = nodeAt(result.root, callee.start);
  const target = definitionAt(result, callee.start + 1)[0] ?? definitionAt(result, callee.start)[0];
  if (target) {
    const decl = nodeAt(result.root, target.start);
    if (decl.kind === SyntaxKind.Name || decl.kind === SyntaxKind.NameRef) {
      const own = signatureOf(result, decl);
      if (own) return [own];
      if (decl.parent?.kind === SyntaxKind.ImportItem && imported) {
        const imports = new ImportIndex(result);
        const from = imports.of(decl);
        if (from) return imported(imports.importedName(decl), from) ?? [];
      }
    }
    return [];
  }
  // `Imported.member(`: the receiver is an imported name; ask about its member.
  const member = node.parent;
  if (imported && node.kind === SyntaxKind.Name && member?.kind === SyntaxKind.Member) {
    const receiver = member.children[0];
    const rt = receiver && definitionAt(result, receiver.start + 1)[0];
    const rdecl = rt && nodeAt(result.root, rt.start);
    if (rdecl && rdecl.parent?.kind === SyntaxKind.ImportItem) {
      const imports = new ImportIndex(result);
      const from = imports.of(rdecl);
      const name = result.text.slice(node.start, node.end);
      if (from) return imported(imports.importedName(rdecl), from, name) ?? [];
    }
  }
  return [];
}
