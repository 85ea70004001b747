// The server's stderr, line by line, at its own level. The server writes
// `<ISO time> <LEVEL> <message>` (server/src/logger.ts); VS Code's log channel adds its own time and level,
// so the server's are taken off. Lines without a level (a stack trace's frames, a crash's output) keep the
// level of the line before them, or `error` when nothing came before.

export type ChannelLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
  level: ChannelLevel;
  message: string;
}

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z (ERROR|WARN|INFO|DEBUG) ?(.*)$/;

/** Reads lines in order; `read` returns where each line belongs. */
export class ServerLogReader {
  private last: ChannelLevel = 'error';

  read(line: string): LogLine {
    const m = LINE.exec(line);
    if (m === null) return { level: this.last, message: line };
    this.last = m[1].toLowerCase() as ChannelLevel;
    return { level: this.last, message: m[2].trimStart() };
  }
}
