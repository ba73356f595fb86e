/** Compatibility: token verification lives with the offline IAM model (lib/iam-model/token-verifier.ts), which `explain` uses. */
export * from '../../iam-model/token-verifier';
