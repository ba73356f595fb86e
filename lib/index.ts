// Says which peer dependencies to install when any is missing (must stay the first import)
import './peer-dependencies';
// The declaration shared by both sides
export * from './core';
// Terraform side (cdktf + generated Huawei Cloud provider bindings)
export * from './terraform';
// Kubernetes side (cdk8s + cdk8s-plus-28)
export * from './kubernetes';
// Warning metadata type on Kubernetes-side constructs
export { WARNING_METADATA_TYPE } from './constructs/validation-hook';
// Validating and writing both sides together
export * from './synthesize';
