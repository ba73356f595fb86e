// Says which peer dependencies to install when any is missing (must stay the first import)
import '../peer-dependencies';

// The public API of `cce-workload-identity/testing` (lib/testing/index.ts, cdktf) and
// `cce-workload-identity/cdktn/testing` (lib/cdktn/testing/index.ts, CDK Terrain): the same text but
// for the import paths. Listed name by name: api/testing.api.md records it (api/cdktn-testing.api.md
// what differs on cdktn) and `npm run api:check` fails on any change not committed there. The
// emulator's building blocks (token verification, request signing, the mapping engine, the policy
// evaluator) stay internal.

// What does not name a toolchain (the emulator, explain, schemas, tokens, access review)
export * from './shared-api';

// Synthesis helper for snapshot tests (its options name the toolchain's TerraformStack)
export { synthWorkloadIdentity } from './synth';
export type { SynthWorkloadIdentityOptions } from './synth';
