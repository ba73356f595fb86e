const { existsSync } = require('node:fs');

// Set before jest starts its workers, so every test process and child inherits it. Tests never
// reach the network: cdktf's telemetry stays off. The provider generator asks a local terraform
// (if any) for its version at import time; give it an empty CLI configuration when the configured
// one does not exist, so it does not warn on every run.
process.env.CHECKPOINT_DISABLE = '1';
if (!process.env.TF_CLI_CONFIG_FILE || !existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  process.env.TF_CLI_CONFIG_FILE = '/dev/null';
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // jose 6 ships ES modules only; jest (on Node 20) needs them compiled to CommonJS.
    '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60000,
};
