const { existsSync } = require('node:fs');
const { availableParallelism } = require('node:os');

// Set before jest starts its workers, so every test process and child inherits it. Tests never
// reach the network: cdktf's telemetry stays off. The provider generator asks a local terraform
// (if any) for its version at import time; give it an empty CLI configuration when the configured
// one does not exist, so it does not warn on every run.
process.env.CHECKPOINT_DISABLE = '1';
if (!process.env.TF_CLI_CONFIG_FILE || !existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  process.env.TF_CLI_CONFIG_FILE = '/dev/null';
}

/** Shared by both projects. */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // jose 6 ships ES modules only; jest before Node 24.9 needs them compiled to CommonJS. The
    // library loads jose only when a token is signed or verified (lib/iam-model/jose.ts); these tests
    // import it directly and do so. test/package shows a consumer's ts-jest needs no transform for
    // synthWorkloadIdentity, and this one (as the README says) for the token tools.
    '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // console.warn/console.error are captured: a test asserts the warnings it expects
  // (test/support/warnings.ts) and fails on any other, so nothing is printed or swallowed.
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
};

/**
 * The Terraform-side and invariant tests that run a second time on CDK Terrain (cdktn), through
 * test/support/cdktn-resolver.js. Their snapshots are the cdktf run's: the same file, so a
 * difference in what the two toolchains synthesize fails here (except the toolchain's own version
 * stamp: test/support/cdktn-snapshot-serializer.js). The README apps run on both
 * toolchains in test/core/readme-toolchains.test.ts (child processes, which no resolver reaches).
 */
// Not re-run, as they never reach a flavour module (one with a counterpart under lib/cdktn/:
// test/support/flavour.js), so the second run would execute the same code: core/app-registry (cdk8s apps and the construct-tree registry only)
// and conformance/terraform-schema-checker (hand-written JSON against the committed schema;
// lib/testing/terraform-schema imports no toolchain).
const CDKTN_TESTS = [
  'core/invariants', 'core/synthesize', 'core/pod-identity', 'core/pod-identity-only', 'core/grants', 'core/example',
  'fleet/fleet', 'validation/bad-declarations', 'validation/bad-grants', 'validation/shared-provider', 'validation/warnings',
  'conformance/example', 'core/snapshot-stamp', 'core/render-plan',
];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  // jest's default, cores - 1, runs everything in one process on a 2-core machine (CI's), where
  // the slowest suites mostly wait for child processes (npm install, tsc, tsx, cdktf synth) that
  // a second worker's suites can run beside. More cores: jest's default.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // `npm test` (its step `npm run test:jest`) prints the failures and the totals, not a line per
  // passing file; a bare `npx jest` keeps the default reporter.
  ...(process.env.npm_lifecycle_event === 'test:jest' ? { reporters: ['summary'] } : {}),
  projects: [
    { ...common, displayName: 'cdktf', testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'cdktn',
      testMatch: CDKTN_TESTS.map((t) => `<rootDir>/test/${t}.test.ts`),
      resolver: '<rootDir>/test/support/cdktn-resolver.js',
      snapshotSerializers: ['<rootDir>/test/support/cdktn-snapshot-serializer.js'],
    },
  ],
};
