// The open-document store of one session: the client's unsaved text, kept in sync by didOpen / didChange /
// didClose. Every change produces a new immutable snapshot, so a handler (or a debounced diagnostics run)
// that holds a snapshot sees one consistent text, line index and parse, and can tell it has gone stale by
// comparing it with the store's current snapshot. A snapshot made by a change parses incrementally from the
// parse of the version before it (when that one was parsed), so typing reparses only what it touches.
import { parse } from '../language';
import { parseWithinLimit } from '../language/limits';
import type { ParseResult } from '../language/types';
import { LineIndex, type Position, type PositionEncoding } from '../lsp/line-index';

/** Parses `text`; `previous` is the parse of an earlier version of the same document, to reuse. */
export type ParseFn = (text: string, previous?: ParseResult) => ParseResult;

/** `SIMPLE_LSP_FULL_REPARSE=1`: every version parsed from scratch (the old path, for the benchmark). */
export function parseOption(env: NodeJS.ProcessEnv): { parse?: ParseFn } {
  return env.SIMPLE_LSP_FULL_REPARSE === '1' ? { parse: (text) => parse(text) } : {};
}

export interface Range {
  start: Position;
  end: Position;
}

/** One entry of `DidChangeTextDocumentParams.contentChanges`: a full replacement or a ranged edit. */
export type ContentChange = { text: string } | { range: Range; rangeLength?: number; text: string };

export class DocumentSnapshot {
  private parsed: ParseResult | undefined;
  private lineIndex: LineIndex | undefined;
  /** Wall time of the parse of this version, once parsed. */
  parseMs: number | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    readonly text: string,
    private readonly parseFn: ParseFn,
    /** The latest parse of an earlier version, until this version is parsed. */
    private base?: ParseResult,
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** The parse of this version, computed once and shared by every feature. */
  parse(): ParseResult {
    if (this.parsed === undefined) {
      const t0 = performance.now();
      this.parsed = parseWithinLimit(this.text, (t) => this.parseFn(t, this.base));
      this.parseMs = performance.now() - t0;
      this.base = undefined;
    }
    return this.parsed;
  }

  get isParsed(): boolean {
    return this.parsed !== undefined;
  }

  /** What the next version can reparse from: this parse, or the one this version would have used. */
  get latestParse(): ParseResult | undefined {
    return this.parsed ?? this.base;
  }
}

export class DocumentStore {
  private readonly docs = new Map<string, DocumentSnapshot>();

  constructor(
    private readonly parseFn: ParseFn,
    /** The session's negotiated encoding: how ranged changes count characters. */
    public encoding: PositionEncoding = 'utf-16',
  ) {}

  open(uri: string, languageId: string, version: number, text: string): DocumentSnapshot {
    const doc = new DocumentSnapshot(uri, languageId, version, text, this.parseFn);
    this.docs.set(uri, doc);
    return doc;
  }

  /**
   * Applies `changes` in order (each range refers to the text left by the previous change) and returns the
   * new snapshot, or undefined when the document is not open.
   */
  change(uri: string, version: number, changes: readonly ContentChange[]): DocumentSnapshot | undefined {
    const old = this.docs.get(uri);
    if (old === undefined) return undefined;
    const text = applyChanges(old.text, old.lines, changes, this.encoding);
    const doc = new DocumentSnapshot(uri, old.languageId, version, text, this.parseFn, old.latestParse);
    this.docs.set(uri, doc);
    return doc;
  }

  close(uri: string): boolean {
    return this.docs.delete(uri);
  }

  get(uri: string): DocumentSnapshot | undefined {
    return this.docs.get(uri);
  }

  /** True when `doc` is still the current version of its document. */
  isCurrent(doc: DocumentSnapshot): boolean {
    return this.docs.get(doc.uri) === doc;
  }

  all(): DocumentSnapshot[] {
    return [...this.docs.values()];
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies `changes` in order, each range referring to the text left by the previous change (the LSP
 * rule). Ranged edits that each lie before the previous one (the order editors send a multi-cursor edit
 * in: last cursor first) all refer to one text: their offsets come from one line index and the new text
 * is built in one pass. An edit that does not (after the previous one, overlapping it, or a position
 * that needs clamping) ends the run: the run is applied, and the edit is resolved against the result.
 */
export function applyChanges(
  base: string,
  baseLines: LineIndex | undefined,
  changes: readonly ContentChange[],
  encoding: PositionEncoding,
): string {
  let text = base;
  let lines = baseLines;
  /** Splices against `text`, each before the previous one (descending). */
  let run: Splice[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    text = spliceAll(text, run);
    run = [];
    lines = undefined;
  };
  for (const change of changes) {
    if (!('range' in change) || change.range === undefined) {
      run = [];
      text = change.text;
      lines = undefined;
      continue;
    }
    lines ??= new LineIndex(text);
    const next = exactSplice(lines, change.range, change.text, encoding);
    if (next && (run.length === 0 || before(lines, next, run[run.length - 1].start))) {
      run.push(next);
      continue;
    }
    flush();
    lines = new LineIndex(text);
    const exact = exactSplice(lines, change.range, change.text, encoding);
    if (exact) {
      run.push(exact);
      continue;
    }
    // A position past a line's end or the document's: clamped, as the LSP allows.
    const a = lines.offsetAt(change.range.start, encoding);
    const b = lines.offsetAt(change.range.end, encoding);
    const [start, end] = a <= b ? [a, b] : [b, a];
    text = text.slice(0, start) + change.text + text.slice(end);
    lines = undefined;
  }
  flush();
  return text;
}

function exactSplice(
  lines: LineIndex,
  range: Range,
  text: string,
  encoding: PositionEncoding,
): Splice | undefined {
  const a = lines.exactOffsetAt(range.start, encoding);
  const b = lines.exactOffsetAt(range.end, encoding);
  if (a === undefined || b === undefined) return undefined;
  return a <= b ? { start: a, end: b, text } : { start: b, end: a, text };
}

/**
 * True when `next` (offsets in the run's text) means the same place in the text the run has made so far:
 * it ends before the run's lowest start, where nothing has changed — or exactly at it, provided that is not
 * a line start (a line break could join a `\r` before it with an inserted `\n`).
 */
function before(lines: LineIndex, next: Splice, floor: number): boolean {
  if (next.end < floor) return true;
  return next.end === floor && lines.lineStart(lines.lineAt(floor)) !== floor;
}

/** The text with every splice applied; `run` is in descending order of position. */
function spliceAll(text: string, run: readonly Splice[]): string {
  const parts: string[] = [];
  let at = 0;
  for (let i = run.length - 1; i >= 0; i--) {
    parts.push(text.slice(at, run[i].start), run[i].text);
    at = run[i].end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
