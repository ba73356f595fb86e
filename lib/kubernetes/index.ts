export * from './workload-service-account';
