// The package's name, version and root directory, read from package.json at run time so that the
// compiled server (out/server/src) and the sources agree without copying the file into out/.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  root: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === 'simple-lsp' && typeof json.version === 'string') {
        cached = { name: json.name, version: json.version, root: dir };
        return cached;
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`simple-lsp package.json not found above ${__dirname}`);
  }
}
