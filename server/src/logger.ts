// Levelled logging to stderr or a file — never stdout, which is the protocol channel in stdio mode.
// One sink per process; each client session gets a child logger (`forSession`) that also mirrors warnings
// and errors to its client as `window/logMessage`, once that session is connected.
import * as fs from 'node:fs';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Where formatted lines go. */
export interface LogSink {
  write(line: string): void;
  close(): void;
}

/** Receives warnings and errors for one client (the session sends them as window/logMessage). */
export type ClientMirror = (level: 'error' | 'warn', message: string) => void;

export function stderrSink(): LogSink {
  return {
    write: (line) => {
      process.stderr.write(line);
    },
    close: () => undefined,
  };
}

/** Appends synchronously, so the last lines before a crash or `process.exit` are on disk. */
export function fileSink(path: string): LogSink {
  const fd = fs.openSync(path, 'a');
  let open = true;
  return {
    write: (line) => {
      if (open) fs.writeSync(fd, line);
    },
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

export class Logger {
  private mirroring = false;

  constructor(
    readonly level: LogLevel,
    private readonly sink: LogSink,
    private readonly prefix = '',
    private readonly mirror?: ClientMirror,
  ) {}

  /** A logger writing to the same sink, tagged with `name`, mirroring warnings and errors to a client. */
  forSession(name: string, mirror: ClientMirror): Logger {
    return new Logger(this.level, this.sink, `${this.prefix}[${name}] `, mirror);
  }

  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }

  error(message: string, error?: unknown): void {
    this.log('error', error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    this.log('warn', message);
  }

  info(message: string): void {
    this.log('info', message);
  }

  debug(message: string | (() => string)): void {
    if (this.enabled('debug')) this.log('debug', typeof message === 'function' ? message() : message);
  }

  close(): void {
    this.sink.close();
  }

  private log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const stamp = new Date().toISOString();
    this.sink.write(`${stamp} ${level.toUpperCase().padEnd(5)} ${this.prefix}${message}\n`);
    // Guard against a failing client connection logging its own failure to itself forever.
    if (this.mirror !== undefined && (level === 'error' || level === 'warn') && !this.mirroring) {
      this.mirroring = true;
      try {
        this.mirror(level, message);
      } catch {
        // The client is gone; the sink already has the line.
      } finally {
        this.mirroring = false;
      }
    }
  }
}

/** The message and stack of an error, or its string form. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
