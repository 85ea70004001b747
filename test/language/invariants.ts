// Structural invariants every parse must satisfy, whatever the input: the one place the fuzz and fixture
// tests call the analysis API. Walks are iterative so that deep trees cannot overflow the checker itself.
import * as assert from 'assert';
import {
  buildOutline,
  definitionAt,
  hoverAt,
  occurrencesAt,
  foldingRanges,
  OutlineSymbol,
  parse,
  ParseResult,
  selectionSpans,
  SyntaxKind,
  SyntaxNode,
  TextSpan,
} from '../../server/src/language';

/**
 * Linearity bound: `result.steps <= STEPS_PER_CHAR * (text.length + 1)`.
 *
 * The parser counts one step per token consumed and per loop turn. Ordinary source has about one token
 * per 4–5 characters, and the worst inputs we generate (runs of one-character tokens, deep nesting with
 * recovery, speculation on `<`) stay below 3 steps per character. 8 leaves room for legitimate constant
 * factors while a quadratic parser is caught at once: on a 5 KB mutant it would take ~10^7 steps,
 * against a bound of 4·10^4.
 */
export const STEPS_PER_CHAR = 8;

function assertSpan(span: TextSpan, length: number, what: string | (() => string)): void {
  const ok =
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    0 <= span.start &&
    span.start <= span.end &&
    span.end <= length;
  // Messages are built only on failure: the checker visits every node of thousands of parses.
  if (!ok)
    assert.fail(
      `${typeof what === 'string' ? what : what()} [${span.start}, ${span.end}] is not a span within [0, ${length}]`,
    );
}

/** The source around a span, for failure messages: `…before⟦inside⟧after…`. */
export function excerpt(text: string, start: number, end: number): string {
  const a = Math.max(0, start - 40);
  const b = Math.min(text.length, end + 40);
  return JSON.stringify(text.slice(a, start) + '⟦' + text.slice(start, end) + '⟧' + text.slice(end, b));
}

/** Node spans within the text, children within their parent, parent links consistent. */
export function checkTree(root: SyntaxNode, text: string, label: string): number {
  const length = text.length;
  let count = 0;
  const stack: SyntaxNode[] = [root];
  assertSpan(root, length, `${label}: root`);
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    count++;
    for (const c of node.children) {
      assertSpan(c, length, () => `${label}: ${SyntaxKind[c.kind]} node`);
      if (c.start < node.start || c.end > node.end) {
        assert.fail(
          `${label}: ${SyntaxKind[c.kind]} [${c.start}, ${c.end}] outside its parent ${SyntaxKind[node.kind]} ` +
            `[${node.start}, ${node.end}] in ${excerpt(text, node.start, node.end)}`,
        );
      }
      if (c.parent !== node)
        assert.fail(`${label}: ${SyntaxKind[c.kind]} [${c.start}, ${c.end}] has a wrong parent link`);
      stack.push(c);
    }
  }
  return count;
}

function checkOutline(symbols: OutlineSymbol[], length: number, label: string): void {
  const stack = symbols.slice();
  while (stack.length > 0) {
    const s = stack.pop() as OutlineSymbol;
    assertSpan(s.span, length, () => `${label}: outline symbol '${s.name}'`);
    assertSpan(s.nameSpan, length, () => `${label}: outline name of '${s.name}'`);
    stack.push(...s.children);
  }
}

/**
 * Parses `text` and checks every invariant; `offsets` are extra positions for selectionSpans (0 and
 * text.length are always tried). Returns the parse result for further checks.
 */
export function checkParse(text: string, label: string, offsets: number[] = []): ParseResult {
  let result: ParseResult;
  try {
    result = parse(text);
  } catch (e) {
    assert.fail(`${label}: parse threw ${(e as Error).stack ?? e}`);
  }
  const length = text.length;
  assert.strictEqual(result.text, text, `${label}: result.text is not the input`);
  for (const d of result.diagnostics) assertSpan(d, length, () => `${label}: diagnostic '${d.code}'`);
  for (const t of result.tokens) assertSpan(t, length, () => `${label}: token kind ${t.kind}`);
  checkTree(result.root, text, label);
  assert.ok(
    result.steps <= STEPS_PER_CHAR * (length + 1),
    `${label}: ${result.steps} parser steps for ${length} characters (bound ${STEPS_PER_CHAR} per character)`,
  );

  try {
    const outline = buildOutline(result);
    checkOutline(outline.symbols, length, label);
    for (const f of foldingRanges(result)) assertSpan(f, length, () => `${label}: folding range`);
    for (const offset of [0, length, ...offsets]) {
      for (const s of selectionSpans(result, offset))
        assertSpan(s, length, () => `${label}: selection span at ${offset}`);
      for (const s of definitionAt(result, offset))
        assertSpan(s, length, () => `${label}: definition at ${offset}`);
      for (const s of occurrencesAt(result, offset))
        assertSpan(s, length, () => `${label}: occurrence at ${offset}`);
      const h = hoverAt(result, offset);
      if (h) assertSpan(h.span, length, () => `${label}: hover at ${offset}`);
    }
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.fail(`${label}: outline/folding/selection/resolution threw ${(e as Error).stack ?? e}`);
  }
  return result;
}

export function errorsOf(result: ParseResult): string[] {
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const line = result.text.slice(0, d.start).split('\n').length;
      return `line ${line}: ${d.code}: ${d.message} — ${JSON.stringify(result.text.slice(d.start, Math.max(d.end, d.start + 40)))}`;
    });
}
