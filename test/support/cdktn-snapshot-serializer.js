// Snapshot serializer of the `cdktn` jest project. The cdktn run compares against the cdktf run's
// snapshots, and the Terraform JSON the two toolchains write differs in exactly one place: the
// toolchain stamps its own version into `terraform["//"].metadata.version` (cdktf 0.21.0, cdktn
// 0.24.0). This serializer prints that one stamp as the cdktf version, so every other byte of
// the synthesized JSON must be identical between the toolchains.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const version = (pkg) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
const CDKTN = version('cdktn');
const CDKTF = version('cdktf');

module.exports = {
  test: (val) => val !== null && typeof val === 'object' && !Array.isArray(val)
    && val.version === CDKTN && typeof val.backend === 'string' && typeof val.stackName === 'string',
  serialize: (val, config, indentation, depth, refs, printer) => printer({ ...val, version: CDKTF }, config, indentation, depth, refs),
};
