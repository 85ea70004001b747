#!/usr/bin/env node
'use strict';
// Builds and packages the extension offline (`vsce package --no-dependencies`: the bundle carries its
// dependencies, nothing is fetched), twice:
//   client-vscode/simple-lsp-vscode.vsix            universal: no native addon, the server's fs store
//   client-vscode/simple-lsp-vscode-linux-x64.vsix  (or -linux-arm64 on such a machine): the N-API addon
//                                                   `npm ci` built, liburing linked statically
// VS Code's marketplace picks the platform package where it matches and the universal one elsewhere. The
// platform package is skipped, with the reason, where the addon is not built — an error under
// SIMPLE_LSP_REQUIRE_NATIVE=1 (CI). server/ is left as the last package built.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const vsce = require.resolve('@vscode/vsce/vsce');
const pkg = require(path.join(here, 'package.json'));

function run(args) {
  execFileSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
}

function packageFor(target) {
  const out = path.join(here, target === 'universal' ? `${pkg.name}.vsix` : `${pkg.name}-${target}.vsix`);
  fs.rmSync(out, { force: true });
  run([path.join(__dirname, 'build.js'), '--target', target]);
  const flags = target === 'universal' ? [] : ['--target', target];
  run([vsce, 'package', '--no-dependencies', ...flags, '--out', out]);
  return out;
}

function platformTarget() {
  if (process.platform !== 'linux') return { reason: `no native package on ${process.platform}` };
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (arch === undefined) return { reason: `no native package for ${process.arch}` };
  const addon = path.join(here, '..', 'build', 'Release');
  if (!fs.existsSync(addon) || !fs.readdirSync(addon).some((f) => f.endsWith('.node')))
    return { reason: `the native addon is not built (${addon}): \`npm ci\` builds it` };
  return { target: `linux-${arch}` };
}

const built = [packageFor('universal')];
const platform = platformTarget();
if (platform.target !== undefined) built.push(packageFor(platform.target));
else if (process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1')
  throw new Error(`SIMPLE_LSP_REQUIRE_NATIVE=1 but the platform package cannot be built: ${platform.reason}`);
else process.stdout.write(`skipped the platform package: ${platform.reason}\n`);
for (const file of built)
  process.stdout.write(
    `${path.relative(process.cwd(), file)}: ${(fs.statSync(file).size / 1024).toFixed(0)} KiB\n`,
  );
