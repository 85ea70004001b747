// A file as navigation sees it: the session's open text when the client has it open (the overlay),
// else the bytes on disk through the file store. Each view gives the summary, the text and the parse;
// disk views are cached per (file, generation) in a small LRU, so a reference search that parses a
// few hundred files does not keep their text alive afterwards.
import { parse } from '../language';
import { parseWithinLimit } from '../language/limits';
import { buildOutline } from '../language/outline';
import { type FileSummary, summarize } from '../language/summary';
import type { ModuleOutline, ParseResult } from '../language/types';
import type { Workspace } from './workspace';

export interface SourceView {
  path: string;
  /** Store id when the file is indexed. */
  id: number | undefined;
  root: number;
  rel: string;
  summary: FileSummary;
  text(): string;
  parse(): ParseResult;
  outline(): ModuleOutline;
  /** True when this is the client's open text (not what is on disk). */
  open: boolean;
}

/** What a session contributes: its open documents, by absolute path. */
export interface OverlayDocument {
  text: string;
  parse(): ParseResult;
}

export type Overlay = (path: string) => OverlayDocument | undefined;

const NO_OVERLAY: Overlay = () => undefined;

const derived = new WeakMap<ParseResult, { summary?: FileSummary; outline?: ModuleOutline }>();

function summaryOf(result: ParseResult): FileSummary {
  let d = derived.get(result);
  if (!d) derived.set(result, (d = {}));
  return (d.summary ??= summarize(result));
}

function outlineOf(result: ParseResult): ModuleOutline {
  let d = derived.get(result);
  if (!d) derived.set(result, (d = {}));
  return (d.outline ??= buildOutline(result));
}

/** The same file seen through another parse of its text (a partial parse for a reference search). */
export function withParse(view: SourceView, result: ParseResult): SourceView {
  return { ...view, parse: () => result, outline: () => outlineOf(result) };
}

const PARSE_CACHE = 96;

export type ParseCache = Map<string, { file: object; text: string; result?: ParseResult }>;

export class Views {
  private readonly parsed: ParseCache;

  constructor(
    readonly workspace: Workspace,
    readonly overlay: Overlay = NO_OVERLAY,
    /** The paths the overlay holds (the session's open documents). */
    readonly openPaths: readonly string[] = [],
  ) {
    this.parsed = workspace.parseCache;
  }

  /** The view of a file by absolute path, or undefined when it is neither open nor indexed. */
  byPath(path: string): SourceView | undefined {
    const open = this.overlay(path);
    const indexed = this.workspace.index.fileByPath(path);
    if (open) {
      const where = indexed ?? this.workspace.locate(path);
      const result = open.parse();
      return {
        path,
        id: indexed?.id,
        root: where?.root ?? -1,
        rel: where?.rel ?? path,
        summary: summaryOf(result),
        text: () => open.text,
        parse: () => result,
        outline: () => outlineOf(result),
        open: true,
      };
    }
    if (!indexed) return undefined;
    return {
      path,
      id: indexed.id,
      root: indexed.root,
      rel: indexed.rel,
      summary: indexed.summary,
      text: () => this.diskText(indexed.id, path),
      parse: () => this.diskParse(indexed.id, path),
      outline: () => outlineOf(this.diskParse(indexed.id, path)),
      open: false,
    };
  }

  byId(id: number): SourceView | undefined {
    const f = this.workspace.index.file(id);
    return f ? this.byPath(f.path) : undefined;
  }

  private diskParse(id: number, path: string): ParseResult {
    const f = this.workspace.index.file(id)!;
    const hit = this.parsed.get(path);
    if (hit && hit.file === f && hit.result) {
      this.parsed.delete(path);
      this.parsed.set(path, hit);
      return hit.result;
    }
    const result = parseWithinLimit(this.diskText(id, path), parse);
    this.remember(path, { file: f, text: result.text, result });
    return result;
  }

  /** The file's text from the store (cached beside its parse, so the two always agree). */
  private diskText(id: number, path: string): string {
    const f = this.workspace.index.file(id)!;
    const hit = this.parsed.get(path);
    if (hit && hit.file === f) return hit.text;
    const text = this.workspace.store.text(id, 0, f.size);
    this.remember(path, { file: f, text });
    return text;
  }

  private remember(path: string, entry: { file: object; text: string; result?: ParseResult }): void {
    this.parsed.delete(path);
    this.parsed.set(path, entry);
    if (this.parsed.size > PARSE_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
  }

  /** Bytes [start, end) of a view's file as text (the open text when overlaid). */
  slice(view: SourceView, start: number, end: number): string {
    if (start < 0 || end < start) return '';
    if (view.open || view.id === undefined) {
      const text = view.text();
      if (view.summary.ascii) return text.slice(start, end);
      return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
    }
    return this.workspace.store.text(view.id, start, end);
  }
}
