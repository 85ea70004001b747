// The open-document store of one session: the client's unsaved text, kept in sync by didOpen / didChange /
// didClose. Every change produces a new immutable snapshot, so a handler (or a debounced diagnostics run)
// that holds a snapshot sees one consistent text, line index and parse, and can tell it has gone stale by
// comparing it with the store's current snapshot. A snapshot made by a change parses incrementally from the
// parse of the version before it (when that one was parsed), so typing reparses only what it touches.
import { parse } from '../language';
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
      this.parsed = this.parseFn(this.text, this.base);
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
    let text = old.text;
    let lines: LineIndex | undefined = old.lines;
    for (const change of changes) {
      if ('range' in change && change.range !== undefined) {
        lines ??= new LineIndex(text);
        const a = lines.offsetAt(change.range.start, this.encoding);
        const b = lines.offsetAt(change.range.end, this.encoding);
        const [start, end] = a <= b ? [a, b] : [b, a];
        text = text.slice(0, start) + change.text + text.slice(end);
      } else {
        text = change.text;
      }
      lines = undefined;
    }
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
