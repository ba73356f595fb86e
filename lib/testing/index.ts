// Says which peer dependencies to install when any is missing (must stay the first import)
import '../peer-dependencies';
// Synthesis helper for snapshot tests
export * from './synth';
// Offline verification: the IAM federation emulator, token minting and explain
export * from './emulator';
export * from './explain';
export * from './kube-token';
// Conformance: Terraform JSON against a provider schema, manifests against the Kubernetes schema
export * from './terraform-schema';
export * from './kubernetes-schema';
