export * from './workload-identity-provider';
export { HuaweicloudProvider, HuaweicloudProviderConfig } from './huaweicloud';
