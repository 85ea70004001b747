// What names a file imports are, for the features that ask the file's own analysis first: the semantic
// kind of an imported item (and of `Item.member`), and the callable signatures of imported functions,
// constructors and variants. Answers are memoised per callback (one request); unresolved means undefined,
// so the caller falls back to what the file alone suggests.
import { nodeAt, SyntaxKind } from '../language/syntax';
import type { ImportedKind, ImportedSymbol, SemanticKind } from '../language/semantic-tokens';
import { modifierBits } from '../language/semantic-tokens';
import type { ImportedSignatures } from '../language/signature-help';
import { signatureOf, type SignatureInfo } from '../language/signatures';
import { Field, kindOf, lineStarts, field, SymbolFlag } from '../language/summary';
import { type ImportInfo, SymbolKind } from '../language/types';
import { type Decl, type Place, type Resolver, toSummaryImport } from './resolver';
import type { SourceView } from './views';

const SEMANTIC: Partial<Record<SymbolKind, SemanticKind>> = {
  [SymbolKind.Function]: 'function',
  [SymbolKind.Method]: 'method',
  [SymbolKind.Class]: 'class',
  [SymbolKind.Struct]: 'struct',
  [SymbolKind.Enum]: 'enum',
  [SymbolKind.EnumMember]: 'enumMember',
  [SymbolKind.Trait]: 'interface',
  [SymbolKind.Field]: 'property',
  [SymbolKind.Variable]: 'variable',
  [SymbolKind.Constant]: 'variable',
  [SymbolKind.TypeAlias]: 'type',
  [SymbolKind.Module]: 'namespace',
};

/** The places `name` of the module `from` (an import of `view`) stands for, `.member` followed. */
export function placesOf(
  resolver: Resolver,
  view: SourceView,
  name: string,
  from: ImportInfo,
  member?: string,
): Place[] {
  const out = resolver.exports.item(view, toSummaryImport(from), name);
  if (member === undefined) return out;
  const members: Place[] = [];
  for (const p of out) {
    if (p.module) {
      const target = resolver.views.byPath(p.path);
      if (target) members.push(...resolver.exported(target, member));
    } else if (p.decl) members.push(...resolver.membersOf(p.decl, member));
  }
  return members;
}

function memo<T>(compute: (name: string, from: ImportInfo, member?: string) => T) {
  const cache = new Map<string, T>();
  return (name: string, from: ImportInfo, member?: string): T => {
    const key = `${from.span.start}\u0000${name}\u0000${member ?? ''}`;
    if (cache.has(key)) return cache.get(key)!;
    const value = compute(name, from, member);
    cache.set(key, value);
    return value;
  };
}

export function importedKinds(resolver: Resolver, view: SourceView): ImportedKind {
  return memo((name, from, member): ImportedSymbol | undefined => {
    const place = placesOf(resolver, view, name, from, member)[0];
    if (!place) return undefined;
    if (place.module) return { kind: 'namespace' };
    if (!place.decl) return undefined;
    const s = place.decl.view.summary;
    const kind = kindOf(s, place.decl.index);
    const semantic = SEMANTIC[kind];
    if (!semantic) return undefined;
    const flags = field(s, place.decl.index, Field.Flags);
    const mods: Parameters<typeof modifierBits> = [];
    if (flags & SymbolFlag.Deprecated) mods.push('deprecated');
    if (flags & SymbolFlag.Static) mods.push('static');
    if (flags & SymbolFlag.Async) mods.push('async');
    if (flags & SymbolFlag.Readonly || kind === SymbolKind.Constant) mods.push('readonly');
    return { kind: semantic, modifiers: modifierBits(...mods) };
  });
}

export function importedSignatures(resolver: Resolver, view: SourceView): ImportedSignatures {
  return memo((name, from, member): SignatureInfo[] | undefined => {
    const out: SignatureInfo[] = [];
    for (const p of placesOf(resolver, view, name, from, member)) {
      const sig = p.decl && signatureOfDecl(p.decl);
      if (sig) out.push(sig);
    }
    return out.length > 0 ? out : undefined;
  });
}

/** The signature of a declaration in any file (parsed through its view). */
export function signatureOfDecl(decl: Decl): SignatureInfo | undefined {
  const s = decl.view.summary;
  const result = decl.view.parse();
  const starts = lineStarts(result.text);
  const line = field(s, decl.index, Field.NameLine);
  if (line >= starts.length) return undefined;
  const offset = starts[line] + field(s, decl.index, Field.NameCol);
  const node = nodeAt(result.root, offset);
  if (node.kind !== SyntaxKind.Name || node.start !== offset) return undefined;
  return signatureOf(result, node);
}
