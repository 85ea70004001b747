// Diagnostics beyond syntax that one file can be sure of. When unsure, say nothing: a false warning on
// code the compiler accepts is worse than a missed one.
//   - unused imports: an item of a `use …{…}` list no name in the file refers to (hint, "unnecessary").
//     Not in package files (__init__.spl / mod.spl re-export by importing), not re-exports, not bare or glob
//     imports (a module may be loaded for its effects), and a name written in raw text the parser does not
//     read (decorators, custom blocks, asm, export lists) counts as used.
//   - duplicate declarations in one scope: two types of one name at module level or in one body, two
//     functions of one name and the same number of parameters, two fields or variants of one name, two
//     parameters of one function. Files with `#if` directives are skipped (both branches parse).
//   - uses of @deprecated declarations (hint, "deprecated"): of this file's, and of imported ones the
//     caller says are deprecated.
import { resolveAll } from './model';
import { buildOutline } from './outline';
import { childOfKind, SyntaxKind, type SyntaxNode, type TextSpan, walk } from './syntax';
import { TokenKind } from './tokens';
import type { ImportInfo, OutlineSymbol, ParseResult, SyntaxDiagnostic } from './types';

export interface LintDiagnostic extends SyntaxDiagnostic {
  tag?: 'unnecessary' | 'deprecated';
  /** For unused imports: the import item (its whole `Name as alias` span) and its import. */
  item?: TextSpan;
}

/** Whether an imported name is deprecated in the module it comes from (the workspace answers). */
export type ImportedDeprecated = (name: string, from: ImportInfo) => boolean;

const RAW_KINDS = new Set([
  SyntaxKind.Decorator,
  SyntaxKind.Attribute,
  SyntaxKind.CustomBlock,
  SyntaxKind.Asm,
]);

export function lint(
  result: ParseResult,
  path: string,
  importedDeprecated?: ImportedDeprecated,
): LintDiagnostic[] {
  const bindings = resolveAll(result);
  const outline = buildOutline(result);
  return [
    ...unusedImports(result, path, bindings.target, outline.imports),
    ...duplicateDeclarations(result),
    ...deprecatedUses(result, bindings.target, outline.symbols, outline.imports, importedDeprecated),
  ];
}

function text(result: ParseResult, n: TextSpan): string {
  return result.text.slice(n.start, n.end);
}

export function unusedImports(
  result: ParseResult,
  path: string,
  target: Map<SyntaxNode, SyntaxNode>,
  imports: ImportInfo[],
): LintDiagnostic[] {
  if (/(^|\/)(__init__|mod)\.spl$/.test(path)) return [];
  const reexported = new Set(
    imports.filter((i) => i.reexport).flatMap((i) => i.items.map((it) => it.span.start)),
  );
  // Import items asked about below are names whose parent is the item: only those need collecting.
  const used = new Set<SyntaxNode>();
  for (const [use, decl] of target)
    if (use !== decl && decl.parent?.kind === SyntaxKind.ImportItem) used.add(decl);
  // Words in text the parser keeps raw: a name there may be a use. Read (a walk of the whole tree) only
  // when some import is otherwise unused.
  let rawWords: Set<string> | undefined;
  const inRawText = (name: string): boolean => {
    if (rawWords === undefined) {
      const words = (rawWords = new Set<string>());
      walk(result.root, (n) => {
        if (RAW_KINDS.has(n.kind) || n.kind === SyntaxKind.ExportDecl) {
          for (const w of text(result, n).match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) words.add(w);
          return n.kind === SyntaxKind.ExportDecl ? false : undefined;
        }
        return undefined;
      });
    }
    return rawWords.has(name);
  };
  const out: LintDiagnostic[] = [];
  for (const decl of result.root.children) {
    if (decl.kind !== SyntaxKind.UseDecl) continue; // `export use` re-exports
    const path = childOfKind(decl, SyntaxKind.ImportPath);
    // `use m.{…}` holds its list in the path; `use m (…)` and `from m import …` beside it.
    const list =
      (path && childOfKind(path, SyntaxKind.ImportList)) ?? childOfKind(decl, SyntaxKind.ImportList);
    if (!list) continue;
    const items = list.children.filter((c) => c.kind === SyntaxKind.ImportItem);
    for (const item of items) {
      const names = item.children.filter((c) => c.kind === SyntaxKind.Name);
      const visible = names[names.length - 1];
      if (!visible || used.has(visible) || reexported.has(item.start)) continue;
      const name = text(result, visible);
      if (inRawText(name)) continue;
      out.push({
        start: item.start,
        end: item.end,
        severity: 'hint',
        code: 'unused-import',
        message: `'${name}' is imported but never used`,
        tag: 'unnecessary',
        item: { start: item.start, end: item.end },
      });
    }
  }
  return out;
}

export function duplicateDeclarations(result: ParseResult): LintDiagnostic[] {
  if (result.trivia.some((t) => t.kind === TokenKind.Directive)) return [];
  const out: LintDiagnostic[] = [];
  const report = (name: SyntaxNode, first: SyntaxNode, what: string): void => {
    const line = result.text.slice(0, first.start).split('\n').length;
    out.push({
      start: name.start,
      end: name.end,
      severity: 'error',
      code: 'duplicate-declaration',
      message: `${what} '${text(result, name)}' is already declared on line ${line}`,
    });
  };
  const scope = (statements: SyntaxNode[]): void => {
    const seen = new Map<string, SyntaxNode>();
    for (const stmt of statements) {
      const key = declKey(result, stmt);
      if (!key) continue;
      const name = childOfKind(stmt, SyntaxKind.Name)!;
      const first = seen.get(key.key);
      if (first) report(name, first, key.what);
      else seen.set(key.key, name);
    }
  };
  walk(result.root, (n) => {
    if (n.kind === SyntaxKind.Module || n.kind === SyntaxKind.Block) scope(n.children);
    if (n.kind === SyntaxKind.ParamList) {
      const seen = new Map<string, SyntaxNode>();
      for (const p of n.children) {
        const name = p.kind === SyntaxKind.Param ? childOfKind(p, SyntaxKind.Name) : undefined;
        if (!name || text(result, name) === '_' || text(result, name) === 'self') continue;
        const first = seen.get(text(result, name));
        if (first) report(name, first, 'parameter');
        else seen.set(text(result, name), name);
      }
    }
  });
  return out;
}

/** Same key, same scope: a duplicate. Types share one namespace; functions are told apart by arity. */
function declKey(result: ParseResult, stmt: SyntaxNode): { key: string; what: string } | undefined {
  const nameNode = childOfKind(stmt, SyntaxKind.Name);
  if (!nameNode) return undefined;
  const name = text(result, nameNode);
  if (name === '_' || nameNode.end <= nameNode.start) return undefined;
  switch (stmt.kind) {
    case SyntaxKind.ClassDecl:
    case SyntaxKind.EnumDecl:
    case SyntaxKind.TraitDecl:
      return { key: `type ${name}`, what: 'type' };
    case SyntaxKind.FnDecl: {
      const params = childOfKind(stmt, SyntaxKind.ParamList);
      if (!params) return undefined;
      const arity = params.children.filter((c) => c.kind === SyntaxKind.Param).length;
      return { key: `fn ${name}/${arity}`, what: 'function' };
    }
    case SyntaxKind.Field:
      return { key: `field ${name}`, what: 'field' };
    case SyntaxKind.Variant:
      return { key: `variant ${name}`, what: 'variant' };
  }
  return undefined;
}

export function deprecatedUses(
  result: ParseResult,
  target: Map<SyntaxNode, SyntaxNode>,
  symbols: OutlineSymbol[],
  imports: ImportInfo[],
  importedDeprecated?: ImportedDeprecated,
): LintDiagnostic[] {
  const deprecated = new Set<number>();
  const visit = (list: OutlineSymbol[]): void => {
    for (const s of list) {
      if (s.modifiers.includes('deprecated')) deprecated.add(s.nameSpan.start);
      visit(s.children);
    }
  };
  visit(symbols);
  const importedCache = new Map<SyntaxNode, boolean>();
  const isImportedDeprecated = (decl: SyntaxNode): boolean => {
    if (!importedDeprecated || decl.parent?.kind !== SyntaxKind.ImportItem) return false;
    let known = importedCache.get(decl);
    if (known === undefined) {
      const item = decl.parent;
      const from = imports.find((i) =>
        i.items.some((it) => it.span.start <= item.start && item.start <= it.span.end),
      );
      const original = text(
        result,
        item.children.find((c) => c.kind === SyntaxKind.Name)!,
      );
      known = from !== undefined && importedDeprecated(original, from);
      importedCache.set(decl, known);
    }
    return known;
  };
  const out: LintDiagnostic[] = [];
  for (const [use, decl] of target) {
    if (use === decl) continue;
    if (!deprecated.has(decl.start) && !isImportedDeprecated(decl)) continue;
    out.push({
      start: use.start,
      end: use.end,
      severity: 'hint',
      code: 'deprecated',
      message: `'${text(result, use)}' is deprecated`,
      tag: 'deprecated',
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
