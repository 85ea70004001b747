// Byte-level helpers shared by the fs store and the tests' reference scans: identifier-boundary word
// search and line ranges, with the same rules as the native store (native/find_word.cc, native/store.cc).

function isIdent(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** Offsets of `needle` in `bytes` with no [A-Za-z0-9_] byte immediately before or after. */
export function findWordIn(bytes: Uint8Array, needle: Buffer): number[] {
  const out: number[] = [];
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const m = needle.length;
  for (let at = buf.indexOf(needle, 0); at !== -1; at = buf.indexOf(needle, at + 1)) {
    const before = at > 0 && isIdent(buf[at - 1]);
    const after = at + m < buf.length && isIdent(buf[at + m]);
    if (!before && !after) out.push(at);
  }
  return out;
}

/** Byte range [from, to) of lines [first, last); line breaks are \n, \r\n and a lone \r. */
export function lineRange(b: Uint8Array, first: number, last: number): [number, number] {
  const size = b.length;
  if (last <= first) return [0, 0];
  let from = first === 0 ? 0 : size;
  let to = size;
  let line = 0;
  let i = 0;
  while (i < size && line < last) {
    const c = b[i++];
    if (c === 0x0d && i < size && b[i] === 0x0a) i++;
    if (c === 0x0a || c === 0x0d) {
      line++;
      if (line === first) from = i;
      if (line === last) to = i;
    }
  }
  return [from, to];
}
