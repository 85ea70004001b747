#!/usr/bin/env node
'use strict';
// `vsce package` offline: the bundle carries its dependencies (--no-dependencies), nothing is fetched.
// Writes client-vscode/simple-lsp-vscode.vsix.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const vsce = require.resolve('@vscode/vsce/vsce');
const pkg = require(path.join(here, 'package.json'));
const out = path.join(here, `${pkg.name}.vsix`);
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: here,
  stdio: ['ignore', 'inherit', 'inherit'],
});
