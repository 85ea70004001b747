// The workspace's answers: a declaration in a file's summary (`Decl`) and a place to show (`Place`: a
// declaration's name, a local binding, or a whole module file). Positions are line + UTF-16 column, as
// the summary records them; features/ converts them to the session's encoding.
import { field, Field } from '../language/summary';
import type { SourceView } from './views';

/** A declaration in a file's summary. */
export interface Decl {
  view: SourceView;
  index: number;
}

/** A place to show: a declaration's name, a local binding, or the start of a module file. */
export interface Place {
  path: string;
  line: number;
  /** UTF-16 columns. */
  character: number;
  endCharacter: number;
  decl?: Decl;
  /** The whole file (a module named on a `use` path). */
  module?: boolean;
  /** A member of a core type in the server's own prelude file (prelude-file.ts), not workspace code. */
  core?: boolean;
}

export function placeOfDecl(decl: Decl): Place {
  const s = decl.view.summary;
  return {
    path: decl.view.path,
    line: field(s, decl.index, Field.NameLine),
    character: field(s, decl.index, Field.NameCol),
    endCharacter: field(s, decl.index, Field.NameEndCol),
    decl,
  };
}

export function placeKey(p: Place): string {
  return `${p.path}:${p.line}:${p.character}`;
}
