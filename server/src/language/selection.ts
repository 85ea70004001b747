// Selection ranges: the spans around an offset, innermost first, each strictly larger than the last.
import { TextSpan } from './syntax';
import { TokenKind } from './tokens';
import type { ParseResult } from './types';

export function selectionSpans(result: ParseResult, offset: number): TextSpan[] {
  const chain: TextSpan[] = [];
  let node = result.root;
  const path = [node];
  for (;;) {
    const next = node.children.find((c) => c.start <= offset && offset <= c.end && c.end > c.start);
    if (!next) break;
    path.push(next);
    node = next;
  }
  const token = tokenAt(result, offset);
  if (token) chain.push(token);
  for (let i = path.length - 1; i >= 0; i--) chain.push({ start: path[i].start, end: path[i].end });
  chain.push({ start: 0, end: result.text.length });
  // Keep each span strictly containing the previous one.
  const out: TextSpan[] = [];
  for (const s of chain) {
    const last = out[out.length - 1];
    if (last && (s.start > last.start || s.end < last.end || (s.start === last.start && s.end === last.end)))
      continue;
    out.push({ start: s.start, end: s.end });
  }
  // A million-deep expression (`1 + 1 + ...`) would make a million-level chain that no client wants
  // and that overflows JSON serialization: keep the innermost and the outermost spans.
  return out.length > MAX_CHAIN ? [...out.slice(0, MAX_CHAIN - 50), ...out.slice(out.length - 50)] : out;
}

const MAX_CHAIN = 200;

function tokenAt(result: ParseResult, offset: number): TextSpan | undefined {
  const tokens = result.store;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tokens.start(mid);
    const end = tokens.end(mid);
    if (end < offset) lo = mid + 1;
    else if (start > offset) hi = mid - 1;
    else {
      const kind = tokens.kind(mid);
      if (
        kind === TokenKind.Newline ||
        kind === TokenKind.Indent ||
        kind === TokenKind.Dedent ||
        start === end
      ) {
        return undefined;
      }
      return { start, end };
    }
  }
  return undefined;
}
