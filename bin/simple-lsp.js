#!/usr/bin/env node
'use strict';
// Launcher for the compiled server (npm run build writes out/). All logic lives in server/src/main.ts.
const { main } = require('../out/server/src/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`simple-lsp: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
