// The toolchain modules of lib/ and their cdktn twins as absolute source paths, from the one list
// scripts/build-cdktn.ts builds the `cce-workload-identity/cdktn` flavour with
// (scripts/cdktn-swaps.json), for the test-time swaps: the jest resolver and the toolchain runner.
const { join } = require('node:path');

const LIB = join(__dirname, '..', '..', 'lib');
module.exports = new Map(Object.entries(require('../../scripts/cdktn-swaps.json'))
  .map(([source, twin]) => [join(LIB, `${source}.ts`), join(LIB, `${twin}.ts`)]));
