// Tokens of Simple source. Keywords are lexed as names: keyword-ness is decided by the parser from
// position, as the upstream compiler does (many keywords are valid identifiers in other positions).

export enum TokenKind {
  Name,
  Int,
  Float,
  String,
  /** 'label (a quote followed by a name, with no closing quote on the line). */
  Label,
  /** `ident (backtick atom). */
  Atom,
  /** :name (test DSL symbol). */
  Symbol,
  /** name{ raw payload } custom block. */
  CustomBlock,
  /** Operators and punctuation; the text is in `value`. */
  Op,
  Newline,
  Indent,
  Dedent,
  EOF,
  /** Trivia: `# ...` comment (never in the significant token stream). */
  Comment,
  /** Trivia: `#if cond` / `#elif` / `#else` / `#endif` line. */
  Directive,
  /** A character or sequence the lexer could not make sense of. */
  Error,
}

export const enum TokenFlags {
  None = 0,
  /** The token is the first significant token on its physical line. */
  LineStart = 1 << 0,
  /** Whitespace (or a line break) precedes the token. */
  SpaceBefore = 1 << 1,
  /** String forms. */
  Triple = 1 << 2,
  Raw = 1 << 3,
  Suffixed = 1 << 4,
  /** Interpolating string (`"..."` or f"..."): `{expr}` parts are live. */
  Interpolated = 1 << 5,
  /** Unterminated string / block: an error was reported for it. */
  Unterminated = 1 << 6,
  /** Number with a type or unit suffix (42i32, 100_km). */
  NumSuffix = 1 << 7,
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Operator text for Op tokens; the name for Name tokens; '' otherwise (slice the source). */
  value: string;
  flags: number;
}

export function tokenText(source: string, t: Token): string {
  return t.value !== '' ? t.value : source.slice(t.start, t.end);
}
