// The one range type below the protocol edge. A file is named by its key: the absolute path of a file on
// disk, or the URI of a document that is no file (`untitled:`). Offsets are UTF-16 code units into the
// file's text as the snapshot sees it (the open text, else the bytes on disk); lsp/ turns them into
// positions in the session's encoding.

/** A span of one file's text, in UTF-16 offsets. */
export interface FileRange {
  file: string;
  start: number;
  end: number;
}

/** A cursor: a file and a UTF-16 offset into its text. */
export interface FilePosition {
  file: string;
  offset: number;
}

/** A text replacement in one file. */
export interface FileEdit {
  range: FileRange;
  newText: string;
}
