export * from './workload-service-account';
export * from './workload-identity-fleet-apps';
