// The analysis snapshot (rust-analyzer's `ide::Analysis`): the session's open documents over its
// workspace, frozen for one request. Every feature is a function of this snapshot in its own file
// (definition.ts, references.ts, …); features/ handlers and the `.ws` case harness call those functions
// and nothing below them. Answers are our own plain data — `FileRange`s in UTF-16 offsets, spans, strings —
// never protocol types; lsp/ converts them.
//
// A session without roots has an empty workspace in which each open document (`untitled:` ones too) is a
// one-file workspace, so there is one code path for every file.
import type { ParseResult } from '../language/types';
import { LineIndex } from '../lsp/line-index';
import { FileWorld, type SourceFile, TypeEngine } from '../types';
import { Resolver } from '../workspace/resolver';
import { type Overlay, type SourceView, Views } from '../workspace/views';
import type { Workspace } from '../workspace/workspace';
import type { FileRange } from './file-range';

/** An open document as the snapshot takes it: its text, its parse and its line index (both computed once). */
export interface OpenFile {
  readonly text: string;
  parse(): ParseResult;
  readonly lines: LineIndex;
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

  /** A workspace place (a line and UTF-16 columns, as summaries record them) as a range of its file. */
  range(p: { path: string; line: number; character: number; endCharacter: number }): FileRange {
    const lines = this.lineIndex(p.path);
    const start = lines.lineStart(p.line);
    const end = lines.lineContentEnd(p.line);
    return {
      file: p.path,
      start: Math.min(start + p.character, end),
      end: Math.min(start + p.endCharacter, end),
    };
  }

  /** The type engine over the workspace's type world, and the file's place in it. */
  types(view: SourceView): TypeContext {
    const { world, engine } = this.resolver.types();
    return { engine, file: world.fileOf(view) };
  }

  /** typeContext for a file the snapshot does not see (cannot happen for an open document; stays total). */
  typesOf(file: string): TypeContext | undefined {
    const view = this.view(file);
    if (view) return this.types(view);
    const result = this.parse(file);
    if (!result) return undefined;
    const source: SourceFile = { key: file, parse: () => result };
    return { engine: new TypeEngine(new FileWorld(source)), file: source };
  }

  private diskText(file: string): string {
    const view = this.view(file);
    if (!view) return '';
    try {
      return view.text();
    } catch {
      return '';
    }
  }
}
