// Which import (`ImportInfo`, as the outline records it) a name node of a `use`/`import` line belongs to:
// what the caller's cross-file callbacks are asked about.
import { buildOutline } from './outline';
import { SyntaxKind, type SyntaxNode } from './syntax';
import type { ImportInfo, ParseResult } from './types';

/** Import records of one parse, by their declaration; the outline is built on the first question. */
export class ImportIndex {
  private byDecl: Map<number, ImportInfo[]> | undefined;
  constructor(private readonly result: ParseResult) {}

  /** The import that `name` (an item, an alias or a path segment) belongs to. */
  of(name: SyntaxNode): ImportInfo | undefined {
    let decl: SyntaxNode | undefined = name.parent;
    while (decl && decl.kind !== SyntaxKind.UseDecl) decl = decl.parent;
    if (!decl) return undefined;
    if (this.byDecl === undefined) {
      this.byDecl = new Map();
      for (const info of buildOutline(this.result).imports) {
        const list = this.byDecl.get(info.span.start);
        if (list) list.push(info);
        else this.byDecl.set(info.span.start, [info]);
      }
    }
    const infos = this.byDecl.get(decl.start) ?? [];
    return infos.filter((i) => i.pathSpan.start <= name.start).pop() ?? infos[0];
  }

  /** The exported name behind a local import name (`it as test_it` → `it`). */
  importedName(name: SyntaxNode): string {
    const text = this.result.text.slice(name.start, name.end);
    return this.of(name)?.items.find((it) => (it.alias ?? it.name) === text)?.name ?? text;
  }
}
