/**
 * The one registry of issue codes: every code a check reports (`ValidationIssue.code`) is listed
 * here with its severity, side, meaning and fix, so an unregistered code is a compile error at the
 * check (`IssueCollector`, `FieldChecker` and every other reporter take an {@link IssueCode}), and
 * docs/error-codes.md is generated from it (`npm run docs:codes`).
 */
import { CROSS_DECLARATION_CODES } from './codes/cross-declaration-codes';
import { DECLARATION_CODES } from './codes/declaration-codes';
import { IAM_CODES } from './codes/iam-codes';
import type { IssueCodeInfo } from './codes/issue-code-info';
import { JWKS_CODES } from './codes/jwks-codes';
import { KUBERNETES_CODES } from './codes/kubernetes-codes';

export type { IssueCodeInfo } from './codes/issue-code-info';

/** Every issue code, by concern. */
export const ISSUE_CODE_GROUPS = {
  'The declaration': DECLARATION_CODES,
  'Several declarations, fleets and pod identity': CROSS_DECLARATION_CODES,
  'Grants, roles and policies': IAM_CODES,
  'The JWKS': JWKS_CODES,
  'The Kubernetes side': KUBERNETES_CODES,
} as const;

/** Every issue code. */
export const ISSUE_CODES = {
  ...DECLARATION_CODES,
  ...CROSS_DECLARATION_CODES,
  ...IAM_CODES,
  ...JWKS_CODES,
  ...KUBERNETES_CODES,
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;

/** A registered issue code, e.g. `'DUPLICATE_BINDING'`. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** Whether `code` is a registered issue code. */
export function isIssueCode(code: string): code is IssueCode {
  return Object.prototype.hasOwnProperty.call(ISSUE_CODES, code);
}
