/** Compatibility: the IAM error model lives with the offline IAM model (lib/iam-model/iam-errors.ts). */
export * from '../../iam-model/iam-errors';
