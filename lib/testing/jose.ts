/** Compatibility: the lazy jose loader lives with the offline IAM model (lib/iam-model/jose.ts). */
export * from '../iam-model/jose';
