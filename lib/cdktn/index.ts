// Says which peer dependencies to install when any is missing (must stay the first import)
import './peer-dependencies';

// The public API of `cce-workload-identity` (lib/index.ts, cdktf) and `cce-workload-identity/cdktn`
// (lib/cdktn/index.ts, CDK Terrain): the same text but for the import paths, each naming its own
// toolchain's modules. Listed name by name: api/cce-workload-identity.api.md records it (and
// api/cdktn.api.md what differs on cdktn); `npm run api:check` fails on any change not committed
// there. Validators, invariant helpers and constants stay internal (tests import them by file path).

// What does not name a toolchain (the declaration, the Kubernetes side, errors …)
export * from '../shared-api';

// Terraform side (the toolchain + its generated Huawei Cloud provider bindings)
export { WorkloadIdentityProvider } from './terraform/workload-identity-provider';
export { WorkloadIdentityFleetProviders } from './terraform/workload-identity-fleet-providers';
export { HuaweicloudProvider } from './terraform/huaweicloud';
export type { HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig } from './terraform/huaweicloud';

// Validating and writing both sides together (the options name the toolchain's App)
export { WorkloadIdentitySynthesis } from './synthesize';
// Deprecated free-function form of WorkloadIdentitySynthesis.synthesizeApps (TypeScript/JavaScript only)
export { synthesizeApps } from './synthesize';
export type { SynthesizeAppsOptions } from './synthesize';
