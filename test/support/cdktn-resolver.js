// The jest resolver of the `cdktn` project (jest.config.js): the library's sources as
// `cce-workload-identity/cdktn` runs them. Each module resolved to a toolchain module of lib/
// (scripts/cdktn-swaps.json) is replaced by its cdktn twin, and a test's own `cdktf` import
// becomes `cdktn`, so a test that builds a cdktf App or Testing stack builds a cdktn one instead.
// Nothing then loads cdktf (test/package/cdktn-flavour.test.ts checks the built flavour likewise).
const SWAPS = require('./cdktn-swaps');

module.exports = (request, options) => {
  const target = request === 'cdktf' || request.startsWith('cdktf/') ? `cdktn${request.slice('cdktf'.length)}` : request;
  const resolved = options.defaultResolver(target, options);
  return SWAPS.get(resolved) ?? resolved;
};
