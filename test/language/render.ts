// Plain-text renderings of front-end results, compared against the expectations in cases/*.case.
import {
  buildOutline,
  foldingRanges,
  lex,
  modifierNames,
  ModuleOutline,
  OutlineSymbol,
  ParseResult,
  SyntaxKind,
  stringParts,
  SyntaxNode,
  TokenKind,
  type SemanticToken,
} from '../../server/src/language';

export function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

function lineOf(text: string, offset: number): number {
  return Number(lineCol(text, offset).split(':')[0]);
}

export function renderErrors(r: ParseResult): string {
  const lines = r.diagnostics.map((d) => `${lineCol(r.text, d.start)} ${d.code}: ${d.message}`);
  return lines.length ? lines.join('\n') : '(none)';
}

export function renderOutline(o: ModuleOutline): string {
  const out: string[] = [];
  if (o.doc !== undefined) out.push(`doc ${JSON.stringify(o.doc)}`);
  const visit = (s: OutlineSymbol, depth: number): void => {
    const extras = [s.visibility !== 'private' ? s.visibility : '', ...s.modifiers].filter(Boolean);
    let line = `${'  '.repeat(depth)}${s.kind} ${s.name}`;
    if (s.signature && s.signature !== s.name) line += ` | ${s.signature}`;
    if (extras.length) line += ` [${extras.join(', ')}]`;
    if (s.doc !== undefined) line += ` doc=${JSON.stringify(s.doc)}`;
    out.push(line);
    for (const c of s.children) visit(c, depth + 1);
  };
  for (const s of o.symbols) visit(s, 0);
  return out.join('\n') || '(empty)';
}

export function renderImports(o: ModuleOutline): string {
  const out: string[] = [];
  for (const i of o.imports) {
    const items = i.items.map((it) => (it.alias ? `${it.name} as ${it.alias}` : it.name));
    out.push(
      `${i.reexport ? 'reexport' : 'import'} ${'.'.repeat(i.relativeDepth)}${i.path.join('.')}` +
        (items.length ? ` {${items.join(', ')}}` : '') +
        (i.glob ? ' *' : '') +
        (i.alias ? ` as ${i.alias}` : ''),
    );
  }
  for (const e of o.exports) {
    out.push(
      `export ${e.names.map((n) => n.name).join(', ')}${e.path ? e.path.join('.') : ''}${e.glob ? ' *' : ''}`,
    );
  }
  return out.join('\n') || '(none)';
}

/** S-expression of the syntax tree; leaves show their text. */
export function renderTree(r: ParseResult, node: SyntaxNode = r.root): string {
  const kind = SyntaxKind[node.kind];
  if (node.children.length === 0) {
    const text = r.text.slice(node.start, node.end);
    return text ? `(${kind} ${text})` : `(${kind})`;
  }
  return `(${kind} ${node.children.map((c) => renderTree(r, c)).join(' ')})`;
}

export function renderFolds(r: ParseResult): string {
  const folds = foldingRanges(r).map((f) => `${lineOf(r.text, f.start)}-${lineOf(r.text, f.end)} ${f.kind}`);
  return folds.join('\n') || '(none)';
}

/** Token kinds with layout, one logical line per output line. */
export function renderTokens(text: string): string {
  const { tokens } = lex(text);
  const out: string[] = [];
  let line: string[] = [];
  for (const t of tokens) {
    if (t.kind === TokenKind.Newline) {
      out.push(line.join(' '));
      line = [];
      continue;
    }
    if (t.kind === TokenKind.Indent || t.kind === TokenKind.Dedent || t.kind === TokenKind.EOF) {
      line.push(TokenKind[t.kind].toUpperCase());
      continue;
    }
    const word = text.slice(t.start, t.end);
    line.push(t.kind === TokenKind.Op ? word : `${TokenKind[t.kind]}(${word})`);
  }
  if (line.length) out.push(line.join(' '));
  return out.join('\n');
}

/** Every string token split into its parts: `kind[text]`, one string per line. */
export function renderStrings(text: string): string {
  const out: string[] = [];
  for (const t of lex(text).tokens) {
    if (t.kind !== TokenKind.String) continue;
    out.push(
      stringParts(text, t)
        .map((p) => `${p.kind}[${text.slice(p.start, p.end)}]`)
        .join(' '),
    );
  }
  return out.join('\n') || '(none)';
}

/** Spans as `line:col text`, one per line. */
export function renderSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  return spans.map((s) => `${lineCol(text, s.start)} ${text.slice(s.start, s.end)}`).join('\n') || '(none)';
}

export { buildOutline };

/** Semantic tokens per source line: `L: text=kind.mod.mod ...` (multi-line tokens on their first line). */
export function renderSemantic(text: string, tokens: readonly SemanticToken[]): string {
  const byLine = new Map<number, string[]>();
  for (const t of tokens) {
    const line = lineOf(text, t.start);
    let word = text.slice(t.start, t.end);
    if (word.length > 24) word = word.slice(0, 21) + '...';
    word = word.replace(/\r?\n/g, '⏎');
    if (/\s/.test(word)) word = `\`${word}\``;
    const mods = modifierNames(t.modifiers);
    const entry = `${word}=${[t.kind, ...mods].join('.')}`;
    const list = byLine.get(line);
    if (list) list.push(entry);
    else byLine.set(line, [entry]);
  }
  return [...byLine].map(([line, list]) => `${line}: ${list.join(' ')}`).join('\n') || '(none)';
}
