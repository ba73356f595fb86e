// Runs a TypeScript app (through tsx) on one Terraform toolchain of this checkout's sources:
//   node test/support/toolchain-runner.js <cdktf|cdktn> <app.ts>
// The app imports the flavour's own entry (lib/ or lib/cdktn/, as `cce-workload-identity` and
// `cce-workload-identity/cdktn`); for cdktn, `cdktf` cannot be resolved at all, so a stray cdktf
// import in the flavour fails the run.
const Module = require('node:module');
const { resolve } = require('node:path');

const [toolchain, app] = process.argv.slice(2);
if (toolchain !== 'cdktf' && toolchain !== 'cdktn') throw new Error('usage: toolchain-runner.js <cdktf|cdktn> <app.ts>');
require('tsx/cjs');
if (toolchain === 'cdktn') {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'cdktf' || request.startsWith('cdktf/')) {
      throw Object.assign(new Error(`Cannot find module '${request}' (the cdktn run has no cdktf)`), { code: 'MODULE_NOT_FOUND' });
    }
    return resolveFilename.call(this, request, ...rest);
  };
}
require(resolve(app));
