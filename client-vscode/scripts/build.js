#!/usr/bin/env node
'use strict';
// Bundles the extension (dist/extension.js, with vscode-languageclient inside) and a copy of the server
// (server/: the launcher, every entry point the server loads at run time bundled into server/out/, a
// package.json naming it simple-lsp) with esbuild, so the .vsix needs no node_modules.
//
//   node scripts/build.js [--target universal|linux-x64|linux-arm64]
//
// universal (the default) carries no native addon: the server runs on its fs store and says why. A
// platform target also copies the N-API addon that `npm ci` built (it must be for that platform) to the
// place the server's loader looks for it relative to its package root, checks with `ldd` that it needs
// nothing beyond the C and C++ runtimes (liburing is linked statically: scripts/uring-link.js), and names
// it in server/package.json so the extension can tell the two packages apart.
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const repo = path.dirname(here);

/**
 * Every file the server starts at run time, by its name in server/out/. main.js is the process entry;
 * index-worker.js is the summary pool's worker (server/src/workspace/summary-pool.ts, WORKER_ENTRY), which
 * the pool loads from beside itself — a bundle without it has no workspace index. document-worker.js makes
 * `simple-lsp scip`'s documents (server/src/scip/parallel.ts, DOCUMENT_WORKER_ENTRY); without it scip runs
 * on one thread and says so.
 */
const SERVER_ENTRIES = {
  main: 'server/src/main.ts',
  'index-worker': 'server/src/workspace/index-worker.ts',
  'document-worker': 'server/src/scip/document-worker.ts',
};

const TARGETS = ['universal', 'linux-x64', 'linux-arm64'];

/** Shared libraries a packaged addon may need: the C and C++ runtimes every Linux with VS Code has. */
const ALLOWED_LIBS =
  /^(linux-vdso|linux-gate|ld-linux[-\w.]*|libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.so/;

function parseTarget(argv) {
  const i = argv.indexOf('--target');
  const target = i >= 0 ? argv[i + 1] : 'universal';
  if (!TARGETS.includes(target))
    throw new Error(`--target must be one of ${TARGETS.join(', ')}, got ${target}`);
  return target;
}

/** The addon node-gyp built: build/Release/<the binding's first non-executable target>.node. */
function addonRelativePath() {
  const gyp = fs.readFileSync(path.join(repo, 'binding.gyp'), 'utf8');
  const targets = [...gyp.matchAll(/'target_name':\s*'([^']+)'([^}]*)/g)];
  const addon = targets.find((m) => !/'type':\s*'executable'/.test(m[2]));
  if (!addon) throw new Error('binding.gyp names no addon target');
  return path.join('build', 'Release', `${addon[1]}.node`);
}

/** Checks the addon is for this target and needs no library a user's machine may lack. */
function checkAddon(file, target) {
  // ELF magic, then e_machine (little-endian u16 at offset 18): 0x3e x86-64, 0xb7 aarch64.
  const machine = { 'linux-x64': 0x3e, 'linux-arm64': 0xb7 }[target];
  const head = fs.readFileSync(file).subarray(0, 20);
  if (head.readUInt32BE(0) !== 0x7f454c46 || head.readUInt16LE(18) !== machine)
    throw new Error(
      `${file} is not a ${target} shared object (e_machine 0x${head.readUInt16LE(18).toString(16)})`,
    );
  const libs = execFileSync('ldd', [file], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const bad = libs.filter((l) => /not found/.test(l) || !ALLOWED_LIBS.test(path.basename(l.split(/\s/)[0])));
  if (bad.length > 0)
    throw new Error(
      `${file} needs libraries a user may not have (link them statically):\n  ${bad.join('\n  ')}`,
    );
  return libs.map((l) => l.split(/\s/)[0]);
}

async function main() {
  const target = parseTarget(process.argv.slice(2));
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
  const entryPoints = Object.fromEntries(
    Object.entries(SERVER_ENTRIES).map(([name, src]) => [name, path.join(repo, src)]),
  );
  await esbuild.build({
    entryPoints,
    outdir: path.join(serverDir, 'out'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
  });
  const root = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const pkg = { name: root.name, version: root.version, private: true, main: 'out/main.js', target };
  let note = 'no native addon (fs store)';
  if (target !== 'universal') {
    const rel = addonRelativePath();
    const from = path.join(repo, rel);
    if (!fs.existsSync(from))
      throw new Error(`--target ${target} needs the built addon ${from} (npm ci builds it)`);
    const to = path.join(serverDir, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    const libs = checkAddon(to, target);
    pkg.addon = rel.split(path.sep).join('/');
    note = `addon ${pkg.addon} (${Math.round(fs.statSync(to).size / 1024)} KiB; needs ${libs.join(', ')})`;
  }
  fs.writeFileSync(path.join(serverDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(
    path.join(serverDir, 'simple-lsp.js'),
    fs
      .readFileSync(path.join(repo, 'bin', 'simple-lsp.js'), 'utf8')
      .replace('../out/server/src/main.js', './out/main.js'),
  );
  process.stdout.write(
    `built ${path.relative(repo, path.join(here, 'dist'))} and ${path.relative(repo, serverDir)} for ${target}: ${note}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
