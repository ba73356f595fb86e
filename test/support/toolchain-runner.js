// Runs a TypeScript app (through tsx) on one Terraform toolchain of this checkout's sources:
//   node test/support/toolchain-runner.js <cdktf|cdktn> <app.ts>
// For cdktn, lib/'s toolchain modules resolve to their cdktn twins (as in the built
// `cce-workload-identity/cdktn`, scripts/build-cdktn.ts) and `cdktf` cannot be resolved at all, so
// a stray cdktf import fails the run. The jest counterpart is test/support/cdktn-resolver.js.
const Module = require('node:module');
const { resolve } = require('node:path');

const [toolchain, app] = process.argv.slice(2);
if (toolchain !== 'cdktf' && toolchain !== 'cdktn') throw new Error('usage: toolchain-runner.js <cdktf|cdktn> <app.ts>');
require('tsx/cjs');
if (toolchain === 'cdktn') {
  const SWAPS = require('./cdktn-swaps');
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'cdktf' || request.startsWith('cdktf/')) {
      throw Object.assign(new Error(`Cannot find module '${request}' (the cdktn run has no cdktf)`), { code: 'MODULE_NOT_FOUND' });
    }
    const resolved = resolveFilename.call(this, request, ...rest);
    return SWAPS.get(resolved) ?? resolved;
  };
}
require(resolve(app));
