import * as assert from 'node:assert/strict';
import { LineIndex, PositionEncoding, utf8Length } from '../../server/src/lsp/line-index';

// 'é' is 1 UTF-16 unit / 2 UTF-8 bytes; '€' is 1 unit / 3 bytes; '😀' is 2 units / 4 bytes.
const MIXED = 'aé€😀z\r\nx\ry\n';

interface Case {
  name: string;
  text: string;
  encoding: PositionEncoding;
  offset: number;
  position: [number, number];
}

// Round trips: offset → position → the same offset.
const roundTrips: Case[] = [
  { name: 'start', text: 'abc', encoding: 'utf-16', offset: 0, position: [0, 0] },
  { name: 'end without newline', text: 'abc', encoding: 'utf-16', offset: 3, position: [0, 3] },
  { name: 'empty text', text: '', encoding: 'utf-8', offset: 0, position: [0, 0] },
  { name: 'LF second line', text: 'ab\ncd', encoding: 'utf-16', offset: 4, position: [1, 1] },
  { name: 'CRLF second line', text: 'ab\r\ncd', encoding: 'utf-16', offset: 5, position: [1, 1] },
  { name: 'CR alone breaks lines', text: 'ab\rcd', encoding: 'utf-16', offset: 3, position: [1, 0] },
  { name: 'empty last line', text: 'ab\n', encoding: 'utf-16', offset: 3, position: [1, 0] },
  { name: 'utf-16 after é', text: MIXED, encoding: 'utf-16', offset: 2, position: [0, 2] },
  { name: 'utf-8 after é', text: MIXED, encoding: 'utf-8', offset: 2, position: [0, 3] },
  { name: 'utf-8 after €', text: MIXED, encoding: 'utf-8', offset: 3, position: [0, 6] },
  { name: 'utf-16 after emoji', text: MIXED, encoding: 'utf-16', offset: 5, position: [0, 5] },
  { name: 'utf-8 after emoji', text: MIXED, encoding: 'utf-8', offset: 5, position: [0, 10] },
  { name: 'utf-8 end of first line', text: MIXED, encoding: 'utf-8', offset: 6, position: [0, 11] },
  { name: 'line after CRLF', text: MIXED, encoding: 'utf-8', offset: 8, position: [1, 0] },
  { name: 'line after CR', text: MIXED, encoding: 'utf-8', offset: 10, position: [2, 0] },
  { name: 'last empty line', text: MIXED, encoding: 'utf-8', offset: 12, position: [3, 0] },
  { name: 'lone high surrogate utf-8', text: 'a\ud800b', encoding: 'utf-8', offset: 2, position: [0, 4] },
  { name: 'lone low surrogate utf-8', text: 'a\udc00b', encoding: 'utf-8', offset: 3, position: [0, 5] },
  { name: 'NUL is a character', text: '\0\0x', encoding: 'utf-8', offset: 2, position: [0, 2] },
];

// Positions that clamp: position → offset (not round-trippable).
const clamps: {
  name: string;
  text: string;
  encoding: PositionEncoding;
  position: [number, number];
  offset: number;
}[] = [
  { name: 'line past end', text: 'ab\ncd', encoding: 'utf-16', position: [7, 3], offset: 5 },
  { name: 'neovim (lastLine+1, 0)', text: 'ab\ncd\n', encoding: 'utf-16', position: [3, 0], offset: 6 },
  { name: 'character past LF line end', text: 'ab\ncd', encoding: 'utf-16', position: [0, 9], offset: 2 },
  { name: 'character past CRLF line end', text: 'ab\r\ncd', encoding: 'utf-8', position: [0, 9], offset: 2 },
  { name: 'character past CR line end', text: 'ab\rcd', encoding: 'utf-16', position: [0, 3], offset: 2 },
  { name: 'negative line', text: 'ab\ncd', encoding: 'utf-16', position: [-1, 1], offset: 0 },
  { name: 'negative character', text: 'ab\ncd', encoding: 'utf-16', position: [1, -4], offset: 3 },
  { name: 'utf-8 inside é rounds down', text: 'é!', encoding: 'utf-8', position: [0, 1], offset: 0 },
  { name: 'utf-8 inside emoji rounds down', text: '😀!', encoding: 'utf-8', position: [0, 3], offset: 0 },
  { name: 'utf-8 past end of unicode line', text: 'é€\nx', encoding: 'utf-8', position: [0, 99], offset: 2 },
];

function check(text: string, encoding: PositionEncoding, offset: number, position: [number, number]): void {
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(offset, encoding), { line: position[0], character: position[1] });
  assert.equal(index.offsetAt({ line: position[0], character: position[1] }, encoding), offset);
}

describe('LineIndex', () => {
  for (const c of roundTrips) {
    it(`round trip: ${c.name} (${c.encoding})`, () => check(c.text, c.encoding, c.offset, c.position));
  }

  for (const c of clamps) {
    it(`clamps: ${c.name} (${c.encoding})`, () => {
      const index = new LineIndex(c.text);
      assert.equal(index.offsetAt({ line: c.position[0], character: c.position[1] }, c.encoding), c.offset);
    });
  }

  it('counts lines for every kind of line break', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.equal(new LineIndex('a\nb\r\nc\rd').lineCount, 4);
    assert.equal(new LineIndex('\r\n\r\n').lineCount, 3);
    assert.equal(new LineIndex('\n\r').lineCount, 3);
  });

  it('maps an offset between \\r and \\n to the end of the line content', () => {
    const index = new LineIndex('ab\r\ncd');
    assert.deepEqual(index.positionAt(3, 'utf-16'), { line: 0, character: 2 });
  });

  it('never reports a position between the halves of a surrogate pair', () => {
    const index = new LineIndex('x😀y');
    assert.deepEqual(index.positionAt(2, 'utf-16'), { line: 0, character: 1 });
    assert.deepEqual(index.positionAt(2, 'utf-8'), { line: 0, character: 1 });
  });

  it('clamps offsets outside the text', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-5, 'utf-16'), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99, 'utf-8'), { line: 1, character: 2 });
  });

  it('agrees with TextEncoder on UTF-8 lengths', () => {
    const samples = [
      '',
      'plain',
      'é€😀',
      'a\ud800b',
      '\udfff',
      '\ud83d\ude00\ud83d',
      '\0\x7f\x80\u07ff\u0800\uffff',
    ];
    for (const s of samples) assert.equal(utf8Length(s, 0, s.length), new TextEncoder().encode(s).length, s);
  });

  it('handles a 5 MB single line', () => {
    const text = 'é'.repeat(5 * 1024 * 1024);
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 1);
    assert.deepEqual(index.positionAt(text.length, 'utf-8'), { line: 0, character: text.length * 2 });
    assert.equal(index.offsetAt({ line: 0, character: text.length * 2 }, 'utf-8'), text.length);
  });
});
