#!/usr/bin/env node
'use strict';
// Bundles the extension (dist/extension.js, with vscode-languageclient inside) and a copy of the server
// (server/: the launcher, one bundled main.js, a package.json naming it simple-lsp) with esbuild, so the
// .vsix needs no node_modules. The bundled server has no native addon: it runs on its fs store and says so.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const repo = path.dirname(here);

async function main() {
  await esbuild.build({
    entryPoints: [path.join(here, 'src', 'extension.ts')],
    outfile: path.join(here, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: false,
    minify: true,
    logLevel: 'warning',
  });
  const serverDir = path.join(here, 'server');
  fs.rmSync(serverDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(repo, 'server', 'src', 'main.ts')],
    outfile: path.join(serverDir, 'out', 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
  });
  const root = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  fs.writeFileSync(
    path.join(serverDir, 'package.json'),
    JSON.stringify({ name: root.name, version: root.version, private: true, main: 'out/main.js' }, null, 2) +
      '\n',
  );
  fs.writeFileSync(
    path.join(serverDir, 'simple-lsp.js'),
    fs
      .readFileSync(path.join(repo, 'bin', 'simple-lsp.js'), 'utf8')
      .replace('../out/server/src/main.js', './out/main.js'),
  );
  process.stdout.write(
    `built ${path.relative(repo, path.join(here, 'dist'))} and ${path.relative(repo, serverDir)}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
