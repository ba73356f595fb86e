#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources through tsx in a source checkout (so a stale build is never used),
// and the compiled CLI (dist-lib/) in an installed package.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'lib', 'cli', 'main.ts');
let cli;
if (existsSync(source)) {
  require('tsx/cjs');
  cli = require(source);
} else {
  cli = require(join(__dirname, '..', 'dist-lib', 'cli', 'main.js'));
}
cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
