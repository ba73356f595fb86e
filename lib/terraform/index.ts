export * from './workload-identity-provider';
export { WorkloadIdentityGrants } from './workload-identity-grants';
export { HuaweicloudProvider } from './huaweicloud';
export type { HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig } from './huaweicloud';
export * from './workload-identity-fleet-providers';
