import * as assert from 'node:assert/strict';
import {
  DiagnosticSeverity,
  FoldingRangeKind,
  type SelectionRange,
  SymbolKind as Lsp,
  SymbolTag,
} from 'vscode-languageserver';
import {
  toDiagnostic,
  toDocumentSymbol,
  toFoldingRanges,
  toSelectionRange,
  toSymbolKind,
} from '../../server/src/lsp/convert';
import { LineIndex } from '../../server/src/lsp/line-index';
import { type FoldRange, type OutlineSymbol, SymbolKind } from '../../server/src/language/types';

// Lines:        0            1              2          3     4
const TEXT = 'class Cé:\n    fn get():\n        1\n\n# end\n';
const lines = new LineIndex(TEXT);
const at = (needle: string): number => TEXT.indexOf(needle);

function symbol(over: Partial<OutlineSymbol>): OutlineSymbol {
  return {
    name: 'x',
    kind: SymbolKind.Function,
    span: { start: 0, end: 0 },
    nameSpan: { start: 0, end: 0 },
    signature: '',
    visibility: 'public',
    modifiers: [],
    children: [],
    ...over,
  };
}

function checkFolds(folds: FoldRange[], expected: [number, number, string?][]): void {
  const got = toFoldingRanges(lines, folds).map((f) =>
    [f.startLine, f.endLine, f.kind].filter((x) => x !== undefined),
  );
  assert.deepEqual(got, expected);
}

describe('convert', () => {
  it('maps every SymbolKind', () => {
    for (const kind of Object.values(SymbolKind)) assert.equal(typeof toSymbolKind(kind), 'number', kind);
    assert.equal(toSymbolKind(SymbolKind.EnumMember), Lsp.EnumMember);
    assert.equal(toSymbolKind(SymbolKind.Trait), Lsp.Interface);
  });

  it('builds the DocumentSymbol hierarchy with signature as detail, in the chosen encoding', () => {
    const method = symbol({
      name: 'get',
      kind: SymbolKind.Method,
      span: { start: at('fn get'), end: at('1\n') + 1 },
      nameSpan: { start: at('get'), end: at('get') + 3 },
      signature: 'fn get()',
      modifiers: ['deprecated'],
    });
    const cls = symbol({
      name: 'Cé',
      kind: SymbolKind.Class,
      span: { start: 0, end: at('1\n') + 1 },
      nameSpan: { start: at('Cé'), end: at('Cé') + 2 },
      signature: 'class Cé',
      children: [method],
    });
    const s = toDocumentSymbol(lines, cls, 'utf-8');
    assert.equal(s.kind, Lsp.Class);
    assert.equal(s.detail, 'class Cé');
    assert.deepEqual(s.selectionRange, { start: { line: 0, character: 6 }, end: { line: 0, character: 9 } });
    assert.deepEqual(s.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 9 } });
    assert.equal(s.children?.length, 1);
    assert.equal(s.children?.[0].kind, Lsp.Method);
    assert.deepEqual(s.children?.[0].tags, [SymbolTag.Deprecated]);
    assert.equal(s.tags, undefined);
  });

  it('keeps selectionRange inside range and names non-empty', () => {
    const s = toDocumentSymbol(
      lines,
      symbol({ name: '', span: { start: 0, end: 5 }, nameSpan: { start: 7, end: 9 } }),
      'utf-16',
    );
    assert.equal(s.name, '<unnamed>');
    assert.deepEqual(s.selectionRange, s.range);
  });

  it('converts diagnostics with severity, source and code', () => {
    const d = toDiagnostic(
      lines,
      { start: at('get'), end: at('get') + 3, severity: 'warning', message: 'm', code: 'c' },
      'utf-16',
    );
    assert.deepEqual(d, {
      range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } },
      severity: DiagnosticSeverity.Warning,
      source: 'simple',
      code: 'c',
      message: 'm',
    });
  });

  describe('folding ranges', () => {
    it('ends on the last line with text when the span ends at a line start', () =>
      checkFolds([{ start: 0, end: at('\n\n# end') + 1, kind: 'region' }], [[0, 2]]));
    it('ends on the line holding the end offset otherwise', () =>
      checkFolds([{ start: at('fn get'), end: at('1\n') + 1, kind: 'region' }], [[1, 2]]));
    it('drops single-line folds', () =>
      checkFolds([{ start: at('# end'), end: TEXT.length - 1, kind: 'comment' }], []));
    it('drops a fold ending at the next line start (one line of text)', () =>
      checkFolds([{ start: at('fn get'), end: at('        1'), kind: 'region' }], []));
    it('maps comment and imports kinds, leaves regions plain', () =>
      checkFolds(
        [
          { start: 0, end: at('1\n'), kind: 'imports' },
          { start: at('fn get'), end: at('1\n'), kind: 'comment' },
        ],
        [
          [0, 2, FoldingRangeKind.Imports],
          [1, 2, FoldingRangeKind.Comment],
        ],
      ));
    it('keeps the longest fold per start line, sorted', () =>
      checkFolds(
        [
          { start: at('fn get'), end: at('1\n') + 1, kind: 'region' },
          { start: 0, end: at('1\n'), kind: 'region' },
          { start: 2, end: TEXT.length, kind: 'region' },
        ],
        [
          [0, 4],
          [1, 2],
        ],
      ));
  });

  describe('selection ranges', () => {
    const chain = (spans: { start: number; end: number }[], offset = 0): [number, number][] => {
      const out: [number, number][] = [];
      for (
        let r: SelectionRange | undefined = toSelectionRange(lines, spans, offset, 'utf-16');
        r;
        r = r.parent
      ) {
        out.push([lines.offsetAt(r.range.start, 'utf-16'), lines.offsetAt(r.range.end, 'utf-16')]);
      }
      return out;
    };
    it('links innermost to outermost', () =>
      assert.deepEqual(
        chain([
          { start: 18, end: 21 },
          { start: 15, end: 23 },
          { start: 0, end: 40 },
        ]),
        [
          [18, 21],
          [15, 23],
          [0, 40],
        ],
      ));
    it('drops duplicates and spans that do not contain the previous one', () =>
      assert.deepEqual(
        chain([
          { start: 18, end: 21 },
          { start: 18, end: 21 },
          { start: 19, end: 30 },
          { start: 0, end: 40 },
        ]),
        [
          [18, 21],
          [0, 40],
        ],
      ));
    it('answers an empty range at the position when there are no spans', () =>
      assert.deepEqual(chain([], 7), [[7, 7]]));
  });
});
