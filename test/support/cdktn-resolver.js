// The jest resolver of the `cdktn` project (jest.config.js): the tests run on the library as
// `cce-workload-identity/cdktn` is built. The flavour modules of lib/ (the entries and the modules
// that name a toolchain's types) have their CDK Terrain counterpart at the same path under
// lib/cdktn/ (test/support/flavour.js); a module resolved to one of them is replaced by its
// counterpart, and a test's own `cdktf` import becomes `cdktn`, so a test that builds a cdktf App or
// Testing stack builds a cdktn one instead. Nothing then loads cdktf (test/package/cdktn-flavour.test.ts
// checks the built flavour likewise). The README runner (toolchain-runner.js) needs no such swap: it
// imports the entries themselves.
const { cdktnCounterpart } = require('./flavour');

module.exports = (request, options) => {
  const target = request === 'cdktf' || request.startsWith('cdktf/') ? `cdktn${request.slice('cdktf'.length)}` : request;
  const resolved = options.defaultResolver(target, options);
  return cdktnCounterpart(resolved) ?? resolved;
};
