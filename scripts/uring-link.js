#!/usr/bin/env node
// What binding.gyp links for io_uring: liburing's static archive when the system has one (Debian's
// liburing-dev does), so the addon needs no liburing.so on the machine that loads it — the linux-x64 .vsix
// ships it to machines without liburing. Else pkg-config's shared flags. Prints one line for `<!@(...)`.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function pkgConfig(...args) {
  return execFileSync('pkg-config', [...args, 'liburing'], { encoding: 'utf8' }).trim();
}

const archive = path.join(pkgConfig('--variable=libdir'), 'liburing.a');
process.stdout.write(`${fs.existsSync(archive) ? archive : pkgConfig('--libs')}\n`);
