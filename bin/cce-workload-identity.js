#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist-lib/), or the TypeScript sources through tsx in a source checkout.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist-lib', 'cli', 'main.js');
let cli;
if (existsSync(built)) {
  cli = require(built);
} else {
  require('tsx/cjs');
  cli = require(join(__dirname, '..', 'lib', 'cli', 'main.ts'));
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
