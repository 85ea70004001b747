// The analysis snapshot (rust-analyzer's `ide::Analysis`): the session's open documents over its
// workspace, frozen for one request. Every feature is a function of this snapshot in its own file
// (definition.ts, references.ts, …); features/ handlers and the `.ws` case harness call those functions
// and nothing below them. Answers are our own plain data — `FileRange`s in UTF-16 offsets, spans, strings —
// never protocol types; lsp/ converts them.
//
// A session without roots has an empty workspace in which each open document (`untitled:` ones too) is a
// one-file workspace, so there is one code path for every file.
import { Field, field } from '../language/summary';
import type { ParseResult } from '../language/types';
import { LineIndex, type Position, type PositionEncoding } from '../lsp/line-index';
import { preludeText, type SourceFile, type TypeEngine } from '../types';
import { type Decl, Resolver } from '../workspace/resolver';
import { type Overlay, type SourceView, Views } from '../workspace/views';
import type { Workspace } from '../workspace/workspace';
import type { FileRange } from './file-range';

/** An open document as the snapshot takes it: its text, its parse and its line index (both computed once). */
export interface OpenFile {
  readonly text: string;
  parse(): ParseResult;
  readonly lines: LineIndex;
}

/** What the edge needs of a file's lines: the position of an offset, in an encoding. */
export interface LineMap {
  positionAt(offset: number, encoding: PositionEncoding): Position;
}

/** The type layer for one file of the snapshot. */
export interface TypeContext {
  engine: TypeEngine;
  file: SourceFile;
}

export class Analysis {
  /** The keys of the open documents. */
  readonly openFiles: string[];
  private readonly open = new Map<string, OpenFile>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly knownLines = new Map<string, KnownLines>();
  private made?: { views: Views; resolver: Resolver };

  constructor(
    readonly workspace: Workspace,
    /** The open documents by key: the absolute path of a file, or the URI of a document that is none. */
    openFiles: Iterable<readonly [string, OpenFile]>,
  ) {
    for (const [file, doc] of openFiles) this.open.set(file, doc);
    this.openFiles = [...this.open.keys()];
  }

  /** The files as navigation sees them (made on first use: a request that only reads its own parse never pays). */
  get views(): Views {
    return this.semantics().views;
  }

  /** Cross-file resolution over the views (one per snapshot, so its export tables are shared). */
  get resolver(): Resolver {
    return this.semantics().resolver;
  }

  private semantics(): { views: Views; resolver: Resolver } {
    if (!this.made) {
      const overlay: Overlay = (path) => this.open.get(path);
      const views = new Views(this.workspace, overlay, this.openFiles);
      this.made = { views, resolver: new Resolver(views) };
    }
    return this.made;
  }

  /** A file as the snapshot sees it: the open text, else the indexed file on disk. */
  view(file: string): SourceView | undefined {
    return this.views.byPath(file);
  }

  /** The open document with this key, if the session has it open. */
  openFile(file: string): OpenFile | undefined {
    return this.open.get(file);
  }

  /** The parse of an open document or an indexed file. */
  parse(file: string): ParseResult | undefined {
    return this.open.get(file)?.parse() ?? this.view(file)?.parse();
  }

  /**
   * The one line index of a file: the open document's, else one over the bytes on disk (read through the
   * store once per snapshot). An unknown file has an empty text.
   */
  lineIndex(file: string): LineIndex {
    const open = this.open.get(file);
    if (open) return open.lines;
    let lines = this.lineIndexes.get(file);
    if (lines === undefined) {
      lines = new LineIndex(this.diskText(file));
      this.lineIndexes.set(file, lines);
    }
    return lines;
  }

  /**
   * What the edge converts a file's ranges with: its line index, or — for a closed file whose ranges all
   * came from its summary's declarations — the positions those declarations recorded, so a few hundred
   * workspace symbols cost no whole-file reads (any other offset reads the file after all).
   */
  lines(file: string): LineMap {
    if (this.open.has(file) || this.lineIndexes.has(file)) return this.lineIndex(file);
    return this.knownLines.get(file) ?? this.lineIndex(file);
  }

  /** A workspace place (a line and UTF-16 columns, as summaries record them) as a range of its file. */
  range(p: { path: string; line: number; character: number; endCharacter: number; decl?: Decl }): FileRange {
    const known = this.fromSummary(p);
    if (known !== undefined) return known;
    const lines = this.lineIndex(p.path);
    const start = lines.lineStart(p.line);
    const end = lines.lineContentEnd(p.line);
    return {
      file: p.path,
      start: Math.min(start + p.character, end),
      end: Math.min(start + p.endCharacter, end),
    };
  }

  /**
   * A declaration's name in a closed file, from its summary, which records the name's UTF-16 offset, line
   * and UTF-16 columns: no read at all. The positions of both ends are remembered exactly for the edge;
   * a UTF-8 session's columns of a non-ASCII file come from the file's line index (read then).
   */
  private fromSummary(p: {
    path: string;
    line: number;
    character: number;
    endCharacter: number;
    decl?: Decl;
  }): FileRange | undefined {
    const decl = p.decl;
    if (!decl || decl.view.open || decl.view.id === undefined || decl.view.path !== p.path) return undefined;
    if (this.open.has(p.path) || this.lineIndexes.has(p.path)) return undefined;
    const s = decl.view.summary;
    const name = s.names[decl.index];
    if (
      field(s, decl.index, Field.NameLine) !== p.line ||
      field(s, decl.index, Field.NameCol) !== p.character
    )
      return undefined;
    if (name === undefined || name.length !== p.endCharacter - p.character) return undefined;
    const start = field(s, decl.index, Field.NameOffset);
    const end = start + name.length;
    let known = this.knownLines.get(p.path);
    if (!known) this.knownLines.set(p.path, (known = new KnownLines(() => this.lineIndex(p.path))));
    const startUtf8 = s.ascii ? { line: p.line, character: p.character } : undefined;
    const endUtf8 = s.ascii ? { line: p.line, character: p.endCharacter } : undefined;
    known.add(start, { line: p.line, character: p.character }, startUtf8);
    known.add(end, { line: p.line, character: p.endCharacter }, endUtf8);
    return { file: p.path, start, end };
  }

  /** The type engine over the workspace's type world, and the file's place in it. */
  types(view: SourceView): TypeContext {
    const { world, engine } = this.resolver.types();
    return { engine, file: world.fileOf(view) };
  }

  /**
   * The type layer for a file of the snapshot by key; undefined when the snapshot does not see it. Every
   * file with a parse has a view (open documents, `untitled:` ones too, are views of the one-file
   * workspace), so there is no second, file-only type world.
   */
  typesOf(file: string): TypeContext | undefined {
    const view = this.view(file);
    return view && this.types(view);
  }

  /**
   * A closed file's text for its line index: the text its parse was made from when the workspace's parse
   * cache holds it, else the store's bytes read once — without entering the parse cache, so converting a
   * few hundred places (workspace symbols) never evicts the parses other requests reuse.
   */
  private diskText(file: string): string {
    const indexed = this.workspace.index.fileByPath(file);
    if (!indexed) return this.workspace.isPrelude(file) ? preludeText() : '';
    const cached = this.workspace.parseCache.get(file);
    if (cached && cached.file === indexed) return cached.text;
    try {
      return this.workspace.store.text(indexed.id, 0, indexed.size);
    } catch {
      return '';
    }
  }
}

/** Exact positions of the offsets a closed file's ranges were made with (else its whole line index). */
class KnownLines implements LineMap {
  private readonly known = new Map<number, { utf16: Position; utf8?: Position }>();

  constructor(private readonly full: () => LineIndex) {}

  /** `utf8` undefined: not known without the text (a non-ASCII file), so UTF-8 asks the line index. */
  add(offset: number, utf16: Position, utf8: Position | undefined): void {
    this.known.set(offset, { utf16, utf8 });
  }

  positionAt(offset: number, encoding: PositionEncoding): Position {
    const k = this.known.get(offset);
    if (k && encoding === 'utf-16') return { ...k.utf16 };
    if (k?.utf8) return { ...k.utf8 };
    return this.full().positionAt(offset, encoding);
  }
}
