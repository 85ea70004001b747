// The parts of a string literal: literal text, escapes, `{expr}` interpolations and their `:spec`
// format parts. The lexer keeps a string as one token (as the upstream lexer does); features that
// colour or navigate inside strings ask for its parts here. Never fails: a `{` that does not open a
// well-formed interpolation (`print "  {"`, `{{`, `{}`) is literal text.
import { Token, TokenFlags } from './tokens';

export type StringPartKind = 'delimiter' | 'text' | 'escape' | 'interpolation' | 'format' | 'suffix';

export interface StringPart {
  kind: StringPartKind;
  start: number;
  end: number;
}

export function stringParts(text: string, token: Token): StringPart[] {
  const parts: StringPart[] = [];
  const { start, end, flags } = token;
  let q = start;
  while (q < end && text[q] !== '"' && text[q] !== "'") q++; // prefix letters (r, f, b...)
  const quote = text[q];
  const width = flags & TokenFlags.Triple ? 3 : 1;
  const bodyStart = Math.min(q + width, end);
  let bodyEnd = end;
  let suffixStart = end;
  if (flags & TokenFlags.Suffixed) {
    suffixStart = text.lastIndexOf(quote, end - 1) + 1;
    bodyEnd = suffixStart;
  }
  const terminated = !(flags & TokenFlags.Unterminated);
  if (terminated) bodyEnd = Math.max(bodyStart, bodyEnd - width);
  parts.push({ kind: 'delimiter', start, end: bodyStart });

  const escapes = !(flags & TokenFlags.Triple) && (!(flags & TokenFlags.Raw) || quote === "'");
  const interpolated = (flags & TokenFlags.Interpolated) !== 0 && !(flags & TokenFlags.Triple);
  let textStart = bodyStart;
  const flushText = (upTo: number): void => {
    if (upTo > textStart) parts.push({ kind: 'text', start: textStart, end: upTo });
  };
  let i = bodyStart;
  while (i < bodyEnd) {
    const c = text[i];
    if (c === '\\' && escapes) {
      flushText(i);
      const e = escapeEnd(text, i, bodyEnd);
      parts.push({ kind: 'escape', start: i, end: e });
      i = textStart = e;
    } else if (c === '{' && interpolated && text[i + 1] === '{') {
      i += 2; // `{{` is a literal brace
    } else if (c === '{' && interpolated) {
      const close = matchBrace(text, i, bodyEnd);
      if (close < 0 || close === i + 1) {
        i++; // lone or empty brace: literal text
        continue;
      }
      flushText(i);
      const colon = formatColon(text, i + 1, close);
      parts.push({ kind: 'interpolation', start: i, end: colon < 0 ? close + 1 : colon });
      if (colon >= 0) parts.push({ kind: 'format', start: colon, end: close + 1 });
      i = textStart = close + 1;
    } else {
      i++;
    }
  }
  flushText(bodyEnd);
  if (terminated && bodyEnd < suffixStart)
    parts.push({ kind: 'delimiter', start: bodyEnd, end: suffixStart });
  if (suffixStart < end) parts.push({ kind: 'suffix', start: suffixStart, end });
  return parts;
}

/** The end of the escape at `i`: `\n`, `\033`, `\x1f`, `\u001f`, `\u{1F600}`, backslash-newline. */
function escapeEnd(text: string, i: number, limit: number): number {
  const c = text[i + 1];
  if (c === undefined || i + 1 >= limit) return Math.min(i + 1, limit);
  if (c === '\r' && text[i + 2] === '\n') return i + 3;
  if (c >= '0' && c <= '7') return run(text, i + 1, limit, /[0-7]/, 3);
  if (c === 'x') return run(text, i + 2, limit, /[0-9a-fA-F]/, 2);
  if (c === 'u' && text[i + 2] === '{') {
    const close = text.indexOf('}', i + 3);
    return close >= 0 && close < limit ? close + 1 : i + 2;
  }
  if (c === 'u') return run(text, i + 2, limit, /[0-9a-fA-F]/, 4);
  return i + 2;
}

function run(text: string, from: number, limit: number, re: RegExp, max: number): number {
  let e = from;
  while (e < limit && e - from < max && re.test(text[e])) e++;
  return e;
}

/** The `}` closing the interpolation opened at `open`, or -1 (nested braces and brackets counted). */
function matchBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The `:` starting a format spec (`{x:.2f}`): outside any bracket inside the interpolation. */
function formatColon(text: string, from: number, close: number): number {
  let depth = 0;
  for (let i = from; i < close; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0 && text[i + 1] !== ':' && text[i - 1] !== ':') return i;
  }
  return -1;
}
