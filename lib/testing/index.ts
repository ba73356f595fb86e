// Synthesis helper for snapshot tests
export * from './synth';
// Offline verification: the IAM federation emulator, token minting and explain
export * from './emulator';
export * from './explain';
export * from './kube-token';
