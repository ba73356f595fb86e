// Where the two flavours of the library differ: a module of lib/ with a counterpart at the same
// path under lib/cdktn/ (lib/index.ts ↔ lib/cdktn/index.ts, lib/terraform/huaweicloud.ts ↔
// lib/cdktn/terraform/huaweicloud.ts, …) is a flavour module; every other module is shared by both.
// tsc compiles lib/cdktn/ to dist-lib/cdktn/, the `./cdktn` entries, so the tests' swap
// (cdktn-resolver.js) and the build follow the same layout, and nothing is listed by hand.
const { existsSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const LIB = join(__dirname, '..', '..', 'lib');
const CDKTN = join(LIB, 'cdktn');

/** The lib/cdktn/ counterpart of `file` (an absolute path), or undefined when `file` is shared or already cdktn's. */
function cdktnCounterpart(file) {
  const path = relative(LIB, file);
  if (path.startsWith('..') || path === 'cdktn' || path.startsWith(`cdktn${sep}`)) return undefined;
  const counterpart = join(CDKTN, path);
  return existsSync(counterpart) ? counterpart : undefined;
}

module.exports = { cdktnCounterpart };
