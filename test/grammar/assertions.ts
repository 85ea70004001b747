// Scope assertions written inside grammar fixtures, below the line they check:
//   #   ^^^ keyword.control.simple       every marked column has a scope starting with this
//   #   ^ - string                       ...and none starting with this
//   # <- storage.type                   column 0 of the line above
// Assertion lines are removed before tokenizing, so they never disturb multi-line state.
export interface ScopeAssertion {
  /** 0-based index into the source lines (assertion lines removed). */
  line: number;
  /** 1-based line in the fixture file, for messages. */
  fileLine: number;
  columns: number[];
  want: string[];
  wantNot: string[];
}

export interface ParsedFixture {
  source: string[];
  assertions: ScopeAssertion[];
}

const CARETS = /^#(\s*)(\^+)\s+(.*)$/;
const ARROW = /^#\s*<-\s+(.*)$/;

export function parseFixture(text: string): ParsedFixture {
  const source: string[] = [];
  const assertions: ScopeAssertion[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const carets = CARETS.exec(raw);
    const arrow = carets ? null : ARROW.exec(raw);
    if (!carets && !arrow) {
      source.push(raw);
      return;
    }
    if (source.length === 0) throw new Error(`line ${i + 1}: an assertion needs a source line above it`);
    const start = carets ? 1 + carets[1].length : 0;
    const columns = carets ? Array.from({ length: carets[2].length }, (_, k) => start + k) : [0];
    const spec = (carets ? carets[3] : arrow![1]).trim().split(/\s+/);
    const want: string[] = [];
    const wantNot: string[] = [];
    for (let k = 0; k < spec.length; k++) {
      if (spec[k] === '-') wantNot.push(spec[++k]);
      else if (spec[k].startsWith('-')) wantNot.push(spec[k].slice(1));
      else want.push(spec[k]);
    }
    assertions.push({ line: source.length - 1, fileLine: i + 1, columns, want, wantNot });
  });
  return { source, assertions };
}

export function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}
