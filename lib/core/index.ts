export * from './constants';
export * from './issues';
export * from './jwks';
export * from './rules';
export * from './invariants';
export * from './service-account-binding';
export * from './workload-identity';
export * from './declarations';
