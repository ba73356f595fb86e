// The declaration shared by both sides
export * from './core';
// Terraform side (cdktf + generated Huawei Cloud provider bindings)
export * from './terraform';
// Kubernetes side (cdk8s + cdk8s-plus-28)
export * from './kubernetes';
// Validating and writing both sides together
export * from './synthesize';
