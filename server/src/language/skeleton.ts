// The index's fast path: a copy of a file with function bodies blanked out, every offset kept.
// An indentation language lets a line scanner find bodies without lexing them: a body is every line
// after a `fn` header that ends in `:`, up to the first line indented no deeper than the header. The
// scanner tracks only what can carry a line across a newline (brackets, triple-quoted strings) and what
// hides a `:` (strings, `#` comments). The body's docstring is kept (the outline reads it); the rest
// becomes one line of `pass` and spaces, so the lexer crosses it at whitespace speed.
//
// Whenever the scanner is unsure (an unclosed bracket or string running into a line that looks like a
// declaration at the header's depth), it gives up on the whole file and the caller parses it in full:
// the fast path may only ever be slower, never different, for declarations outside function bodies.

const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_HASH = 35;
const CH_DQ = 34;
const CH_SQ = 39;
const CH_BACKSLASH = 92;

const DECLARATION_START =
  /^(pub|pub\(\w+\)|export|static|async|extern|unsafe|inline|fn|me|class|struct|enum|trait|impl|type|alias|val|var|let|const|use|import|from|mod|describe|it|context)\b/;
const FN_HEADER =
  /^(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:pub(?:\(\w+\))?|export|static|async|unsafe|inline|override)\s+)*(?:fn|me)\s+[A-Za-z_][A-Za-z0-9_]*\s*[(<[]/;

export interface Line {
  start: number;
  /** End of the content (before the terminator). */
  end: number;
  indent: number;
  /** The line starts inside brackets or a triple-quoted string. */
  continued: boolean;
  blank: boolean;
  /** Last significant character outside strings and comments (-1: none). */
  lastCode: number;
  /** No bracket or string is open at the end of the line. */
  endsClean: boolean;
  /** The line starts with use/import/from/export. */
  imports: boolean;
}

/** A function body the scan found: lines [first, end) under the header starting on line `header`. */
export interface Body {
  header: number;
  first: number;
  end: number;
  /**
   * What the skeleton does with it: `blank` replaces lines [blankFrom, end) (by `pass` on `passLine`,
   * or by spaces when passLine is -1); `keep` leaves it as written (it imports, holds a kept offset, or
   * is too short to hold `pass`).
   */
  action: 'blank' | 'keep';
  /** Why a body is kept: it imports (the index records its imports). */
  imports: boolean;
  blankFrom: number;
  passLine: number;
  /** The line after the body's docstring, when its first statement is a triple-quoted string. */
  docEnd: number | undefined;
}

/** The scan behind the skeleton: the file's lines and its function bodies (declaration-scan.ts reads it). */
export interface SkeletonPlan {
  lines: Line[];
  bodies: Body[];
}

/**
 * The text with function bodies blanked, or undefined when nothing was blanked (or the scan gave up).
 * Bodies that hold one of the `keep` offsets (sorted, UTF-16) are left as they are.
 */
export function skeleton(text: string, keep: readonly number[] = []): string | undefined {
  const plan = skeletonPlan(text, keep);
  return plan && skeletonOf(text, plan);
}

/** The skeleton of `text` from its plan (already made by the caller), or undefined when nothing is blanked. */
export function skeletonOf(text: string, plan: SkeletonPlan): string | undefined {
  const { lines } = plan;
  const out = plan.bodies.filter((b) => b.action === 'blank');
  if (out.length === 0) return undefined;
  const parts: string[] = [];
  let at = 0;
  for (const range of out) {
    const start = lines[range.blankFrom].start;
    parts.push(text.slice(at, start), blankLines(text, lines, range.blankFrom, range.end, range.passLine));
    at = lines[range.end - 1].end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The lines and function bodies of a file, or undefined when the scan gave up (see the file comment). */
export function skeletonPlan(text: string, keep: readonly number[] = []): SkeletonPlan | undefined {
  const lines = scanLines(text);
  if (!lines) return undefined;
  const bodies: Body[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = lines[i];
    const headerLine = i;
    i++;
    if (header.continued || header.blank) continue;
    // A header written over several lines (its parameters in brackets) ends on the last continued line.
    let last = header;
    if (!header.endsClean) {
      while (i < lines.length && lines[i].continued) {
        const l = lines[i];
        if (!l.blank && l.indent <= header.indent && looksLikeDeclaration(text, l)) return undefined;
        last = l;
        i++;
      }
    }
    if (!last.endsClean || last.lastCode < 0 || text.charCodeAt(last.lastCode) !== 58) continue;
    if (
      !FN_HEADER.test(
        text.slice(header.start + header.indent, Math.min(header.end, header.start + header.indent + 160)),
      )
    )
      continue;
    const first = i;
    let end = i;
    let bodyIndent = -1;
    while (end < lines.length) {
      const l = lines[end];
      if (!l.continued && !l.blank && l.indent <= header.indent) break;
      if (!l.continued && !l.blank) {
        if (bodyIndent < 0) bodyIndent = l.indent;
        else if (l.indent < bodyIndent) return undefined; // an inconsistent dedent: leave it to the parser
      }
      if (l.continued && !l.blank && l.indent <= header.indent && looksLikeDeclaration(text, l))
        return undefined;
      end++;
    }
    if (end === first) continue;
    // A body that imports keeps its imports (the index records them): parse that function in full.
    let imports = false;
    for (let k = first; k < end && !imports; k++) imports = lines[k].imports && !lines[k].continued;
    const body: Body = {
      header: headerLine,
      first,
      end,
      action: 'keep',
      imports,
      blankFrom: first,
      passLine: -1,
      docEnd: undefined,
    };
    bodies.push(body);
    i = end;
    // A body holding an offset the caller needs (a reference to confirm) stays, so it can be resolved.
    if (imports || holdsAny(keep, lines[first].start, lines[end - 1].end)) continue;
    const docEnd = docstringEnd(text, lines, first, end);
    const blankFrom = docEnd ?? first;
    let passLine = blankFrom;
    while (passLine < end && (lines[passLine].blank || lines[passLine].continued)) passLine++;
    const passFits =
      passLine < end && lines[end - 1].end - lines[blankFrom].start >= lines[passLine].indent + 4;
    body.docEnd = docEnd;
    if (blankFrom < end && (passFits || docEnd !== undefined)) {
      body.action = 'blank';
      body.blankFrom = blankFrom;
      body.passLine = passFits ? passLine : -1;
    }
  }
  return { lines, bodies };
}

/**
 * Lines [from, to) as one line: the `pass` line's indentation, `pass`, then spaces to the same length.
 * Offsets after the range are unchanged; lines inside it are gone, which the summary does not mind (it
 * counts lines on the real text). The lexer crosses one run of spaces instead of many lines.
 */
function blankLines(text: string, lines: Line[], from: number, to: number, passLine: number): string {
  const start = lines[from].start;
  const length = lines[to - 1].end - start;
  if (passLine < 0) return ' '.repeat(length);
  const indent = text.slice(lines[passLine].start, lines[passLine].start + lines[passLine].indent);
  return indent + 'pass' + ' '.repeat(length - indent.length - 4);
}

/** Is any of the sorted offsets in [start, end]? */
function holdsAny(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= end;
}

/** If the body's first statement is a triple-quoted string, the index of the line after it. */
function docstringEnd(text: string, lines: Line[], first: number, end: number): number | undefined {
  let k = first;
  while (k < end && lines[k].blank) k++;
  if (k >= end) return undefined;
  const l = lines[k];
  const head = text.slice(l.start + l.indent, l.start + l.indent + 5);
  if (!/^[a-zA-Z]?("""|''')/.test(head)) return undefined;
  k++;
  while (k < end && lines[k].continued) k++;
  return k;
}

function looksLikeDeclaration(text: string, l: Line): boolean {
  return DECLARATION_START.test(text.slice(l.start + l.indent, l.start + l.indent + 24));
}

/** Characters the scanner stops at in code; everything else is skipped by the regex engine. */
const CODE_STOPS = /["'#()[\]{}\n\r]/g;

/** Physical lines with the scanner state at their start; undefined when a string never closes. */
function scanLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  const n = text.length;
  const stack: number[] = []; // expected closers
  let triple = ''; // the closing quotes of an open triple-quoted string, or ''
  let p = 0;
  while (p < n) {
    const start = p;
    const continued = stack.length > 0 || triple !== '';
    let indent = 0;
    while (p < n && (text.charCodeAt(p) === CH_SPACE || text.charCodeAt(p) === CH_TAB)) {
      p++;
      indent++;
    }
    // Where the line's code ends (a comment or an unterminated one-line string cuts it short).
    let codeEnd = -1;
    let inString = triple !== '';
    let end = -1;
    while (end < 0) {
      if (triple !== '') {
        const close = text.indexOf(triple, p);
        const nl = nextLineBreak(text, p);
        if (close >= 0 && (nl < 0 || close < nl)) {
          triple = '';
          p = close + 3;
          continue;
        }
        if (close < 0 && nl < 0) return undefined; // never closed: leave it to the parser
        end = nl;
        break;
      }
      CODE_STOPS.lastIndex = p;
      const m = CODE_STOPS.exec(text);
      if (!m) {
        end = n;
        break;
      }
      const at = m.index;
      const c = text.charCodeAt(at);
      if (c === CH_LF || c === CH_CR) {
        end = at;
        break;
      }
      if (c === CH_HASH) {
        // `#[attr]` and `#![attr]` are code; anything else is a comment or directive to the line's end.
        const d = text.charCodeAt(at + 1);
        if (d === 91 || (d === 33 && text.charCodeAt(at + 2) === 91)) {
          p = at + 1;
          continue;
        }
        codeEnd = at;
        const nl = nextLineBreak(text, at);
        end = nl < 0 ? n : nl;
        break;
      }
      if (c === CH_DQ || c === CH_SQ) {
        inString = true;
        if (text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
          triple = c === CH_DQ ? '"""' : "'''";
          p = at + 3;
          continue;
        }
        const close = oneLineStringEnd(text, at, c);
        if (close < 0) {
          // Unterminated (or a `'label`): the rest of the line is not code we care about.
          codeEnd = at;
          const nl = nextLineBreak(text, at);
          end = nl < 0 ? n : nl;
          break;
        }
        p = close + 1;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) {
        stack.push(c === 40 ? 41 : c + 2);
      } else if (stack.pop() !== c) {
        // A closer that does not match is broken code the lexer recovers from its own way: parse in full.
        return undefined;
      }
      p = at + 1;
    }
    // The last code character: back from the end of the code over spaces.
    let q = (codeEnd >= 0 ? codeEnd : end) - 1;
    while (q >= start + indent && (text.charCodeAt(q) === CH_SPACE || text.charCodeAt(q) === CH_TAB)) q--;
    const lastCode = q >= start + indent ? q : -1;
    const blank = !continued && !inString && lastCode < 0;
    const first = text.charCodeAt(start + indent);
    const imports =
      (first === 117 || first === 105 || first === 102 || first === 101) &&
      /^(use|import|from|export)\b/.test(text.slice(start + indent, start + indent + 7));
    lines.push({
      start,
      end,
      indent,
      continued,
      blank,
      lastCode,
      endsClean: stack.length === 0 && triple === '',
      imports,
    });
    p = end;
    if (p < n && text.charCodeAt(p) === CH_CR && text.charCodeAt(p + 1) === CH_LF) p += 2;
    else if (p < n) p++;
  }
  if (triple !== '') return undefined;
  return lines;
}

function nextLineBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(lf, cr);
}

/** The closing quote of a one-line string opened at `open`, or -1 (unterminated on its line). */
function oneLineStringEnd(text: string, open: number, quote: number): number {
  const escapes = !isRawPrefix(text, open) || quote === CH_SQ;
  for (let q = open + 1; q < text.length; q++) {
    const d = text.charCodeAt(q);
    if (d === quote) return q;
    if (d === CH_LF || d === CH_CR) return -1;
    if (d === CH_BACKSLASH && escapes) q++;
  }
  return -1;
}

function isRawPrefix(text: string, quote: number): boolean {
  const prev = text.charCodeAt(quote - 1) | 0x20;
  return prev === 0x72 && !/[A-Za-z0-9_]/.test(text[quote - 2] ?? ' '); // r"..." / R"..."
}
