#!/usr/bin/env node
// Runs when `node-gyp rebuild` fails during `npm install`: the package still installs, and the server runs
// on the fs store (it logs which store is active and why). With SIMPLE_LSP_REQUIRE_NATIVE=1 (CI), a failed
// build is an error instead, so a fallback can never hide a broken build.
'use strict';
const required = process.env.SIMPLE_LSP_REQUIRE_NATIVE === '1';
process.stderr.write(
  'simple-lsp: the native file store addon did not build (see the node-gyp output above); ' +
    (required
      ? 'SIMPLE_LSP_REQUIRE_NATIVE=1, so this is an error.\n'
      : 'the server will use the fs store. Install a C++ toolchain, python3 and liburing-dev, then `npm rebuild`.\n'),
);
process.exitCode = required ? 1 : 0;
