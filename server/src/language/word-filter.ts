// A per-file Bloom filter of the words a file contains, so a search for a name (references, rename)
// reads only the files that may hold it. A word is a maximal run of ASCII [A-Za-z0-9_] — the same
// boundaries as the file store's word scan — wherever it appears (code, strings, comments): the filter
// answers "certainly not here" or "maybe here", never a false "not here".
//
// Sized per file at about 10 bits per distinct word with 3 probes (~2% false positives), in whole
// int32s, at least 2 of them; built in one pass over the text without making a string per word.

const BITS_PER_WORD = 10;
const PROBES = 3;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** FNV-1a over the UTF-16 units [start, end) of `text`, as an unsigned 32-bit number. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The second hash of double hashing, odd so every bit can be reached. */
function stepOf(h: number): number {
  return (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0) | 1;
}

/**
 * Scratch space reused across calls (per thread): the hash of every word occurrence, and an
 * open-addressing set to count the distinct ones — no Set, no allocation per file once grown.
 */
let occurrences = new Int32Array(1024);
let seen = new Int32Array(2048);
/** Scratch grown past this for a huge text is dropped afterwards rather than kept for good. */
const KEEP_SCRATCH = 1 << 16;

/** The filter of every word in `text`. */
export function wordFilter(text: string): Int32Array {
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let h = 0x811c9dc5;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!isWordChar(c)) break;
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
    if (count === occurrences.length) {
      const grown = new Int32Array(count * 2);
      grown.set(occurrences);
      occurrences = grown;
    }
    occurrences[count++] = h;
  }
  // Distinct hashes (0 stands for an empty slot, so a hash of 0 is counted as 1: same bits either way
  // for sizing, and the bits below are set from the real hash).
  let slots = seen.length;
  while (slots < count * 2) slots *= 2;
  if (slots !== seen.length) seen = new Int32Array(slots);
  else seen.fill(0);
  const mask = slots - 1;
  // The distinct hashes are moved to the front of `occurrences` (in place: distinct <= k), so the bits
  // are set once per distinct word rather than once per occurrence — the same bits, a fraction of the work.
  let distinct = 0;
  let zero = false;
  for (let k = 0; k < count; k++) {
    const h = occurrences[k];
    if (h === 0) zero = true;
    const key = h || 1;
    let at = (key ^ (key >>> 16)) & mask;
    while (seen[at] !== 0 && seen[at] !== key) at = (at + 1) & mask;
    if (seen[at] === 0) {
      seen[at] = key;
      occurrences[distinct++] = h;
    }
  }
  let ints = 2;
  while (ints * 32 < distinct * BITS_PER_WORD) ints *= 2;
  const filter = new Int32Array(ints);
  const bits = ints * 32 - 1;
  for (let k = 0; k < distinct; k++) setBits(filter, bits, occurrences[k] >>> 0);
  // A real hash of 0 shares its slot with 1: if 1 came first, 0's bits are set here (twice is harmless).
  if (zero) setBits(filter, bits, 0);
  if (occurrences.length > KEEP_SCRATCH) occurrences = new Int32Array(1024);
  if (seen.length > 2 * KEEP_SCRATCH) seen = new Int32Array(2048);
  return filter;
}

function setBits(filter: Int32Array, bits: number, h: number): void {
  const step = stepOf(h);
  for (let p = 0; p < PROBES; p++) {
    const bit = (h + Math.imul(p, step)) & bits;
    filter[bit >>> 5] |= 1 << (bit & 31);
  }
}

/**
 * False when `word` certainly does not occur in the filtered text; true when it may. An empty or
 * malformed filter (not a power of two in size) says "may", so a bad filter costs time, never answers.
 */
export function mayContain(filter: Int32Array, word: string): boolean {
  const ints = filter.length;
  if (ints < 2 || (ints & (ints - 1)) !== 0) return true;
  const h = hashOf(word, 0, word.length);
  const step = stepOf(h);
  const mask = ints * 32 - 1;
  for (let k = 0; k < PROBES; k++) {
    const bit = (h + Math.imul(k, step)) & mask;
    if ((filter[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}
