// The core-type prelude (types/prelude.ts) as a real file, so "go to definition" on `xs.len()` or
// `s.split(...)` can show where the server's description of that member lives, as pyright shows its
// bundled typeshed stubs. Written once per process into the user's private cache directory, named by a
// hash of its text (two server versions never share a file), through a temporary file renamed over it,
// and rewritten when its bytes differ (an edit is undone). Where it cannot be written, definitions of
// core-type members are simply not offered (the server says why once in the log).
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { preludeText } from '../types';
import { preparePrivateDirSync } from './index-cache';

/** Writes the prelude under `dir` when it is missing or differs; its path, or undefined when it cannot. */
export function writePrelude(dir: string, logger: Logger): string | undefined {
  const text = preludeText();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const file = path.join(path.resolve(dir), `core-types-${hash}.spl`);
  try {
    preparePrivateDirSync(path.dirname(file));
    let current: string | undefined;
    try {
      const st = fs.lstatSync(file);
      if (st.isFile()) current = fs.readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) return file;
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      fs.writeSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return file;
  } catch (e) {
    logger.warn(
      `core types: cannot write ${file}: ${(e as Error).message}; no definitions for their members`,
    );
    return undefined;
  }
}
