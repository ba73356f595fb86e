/**
 * Rules and limits of IAM custom policies (policy version 1.1, the "role/policy-based" model that
 * `huaweicloud_identity_role` and `huaweicloud_identity_group_role_assignment` manage), each with
 * its source. Pure functions returning `undefined` when the value is allowed, or the rule broken.
 *
 * Sources (read 2026):
 * - IAM user guide "Policy Syntax" (iam_01_0017): Action = `<service>:<resource type>:<action>`;
 *   the service is lowercase letters; resource type and action are case-insensitive and may use
 *   `*` for all or part of them. Resource = `<service>:<region>:<account ID>:<resource type>:<resource path>`,
 *   `*` meaning "all" in its position. Condition = `{ <operator>: { <key>: [values] } }`, keys global
 *   (`g:`) or service-level (`<service>:`).
 * - IAM API "Creating a Custom Policy for Cloud Services" (iam_02_0013, POST /v3.0/OS-ROLE/roles):
 *   `type` AX (global services / account level) or XA (project level); `policy.Version` "1.1";
 *   `Statement[]` of `Action` (required), `Effect` Allow|Deny, optional `Condition`, `Resource`.
 * - OBS user guide "Configuring Fine-Grained Policies" (obs_03_0121): OBS is a global-level service,
 *   and a custom policy holding OBS items may hold other services' items only "at the same project
 *   level as OBS"; the DEW user guide (dew_01_0161) says the same for project-level services.
 * - IAM "Notes and Constraints" (productdesc-iam iam_01_0305, updated 2025): characters per custom
 *   policy 6,144; characters in a policy name 128; statements / actions / resources / conditions
 *   per statement "Unlimited". Earlier editions of that page and of iam_02_0013 gave 8 statements,
 *   100 actions, 10 resources and 10 conditions per statement and a 64-character name; those are
 *   reported as warnings (IAM may still enforce them in some regions: UNVERIFIED). [unverified:legacy-statement-limits]
 * - Examples with an empty resource-type segment (`swr::createLoginSecret`, SWR user guide
 *   "SWR Custom Policies" swr_01_0103; `kms::generateRandom`) and `*:*:*` (system policy
 *   "Tenant Administrator") show what the action pattern must accept.
 */
import { DOMAIN_ID_PATTERN } from '../../contract/names';
import type { RuleCheck } from '../validation/rules';

/** Largest custom policy IAM accepts, in characters (IAM "Notes and Constraints", iam_01_0305). */
export const MAX_POLICY_CHARACTERS = 6144;

/** Longest custom policy name (IAM "Notes and Constraints": 128 characters in a policy name). */
export const MAX_POLICY_NAME_LENGTH = 128;

/** Statement count earlier IAM documentation allowed per policy (iam_02_0013 before 2025): a warning above it. */
export const LEGACY_MAX_STATEMENTS = 8;

/** Actions per statement earlier IAM documentation allowed (iam_02_0013 before 2025): a warning above it. */
export const LEGACY_MAX_ACTIONS = 100;

/** Resources per statement earlier IAM documentation allowed (iam_01_0305 before 2025): a warning above it. */
export const LEGACY_MAX_RESOURCES = 10;

/** Conditions per statement earlier IAM documentation allowed (iam_02_0013 before 2025): a warning above it. */
export const LEGACY_MAX_CONDITIONS = 10;

/** The only policy version IAM accepts for custom policies (iam_02_0013). */
export const POLICY_VERSION = '1.1';

const ACTION = /^(?:\*|[a-z*]+):[A-Za-z0-9_*]*:[A-Za-z0-9_*]+$/;

/** `service:resourceType:action`, e.g. `obs:object:GetObject`, `kms:cmk:*`, `swr::createLoginSecret`, `*:*:*`. */
export const policyActionRule: RuleCheck = (v) =>
  ACTION.test(v)
    ? undefined
    : 'must be "<service>:<resource type>:<action>" (IAM "Policy Syntax"): a lowercase service name, then letters, digits, "_" or "*" in the other '
      + 'two parts (the resource type may be empty), e.g. "obs:object:GetObject"';

const URN_SERVICE = /^(?:\*|[A-Za-z]+)$/;
const URN_REGION = /^(?:\*|[a-z]{2}-[a-z0-9*-]+)$/;
const URN_ACCOUNT = /^(?:\*|[A-Za-z0-9*]+)$/;
const URN_TYPE = /^[A-Za-z0-9_*-]+$/;
// eslint-disable-next-line no-control-regex
const URN_PATH = /^[^\s\u0000-\u001f\u007f]+$/;

/**
 * Resource URN `<service>:<region>:<account ID>:<resource type>:<resource path>` (IAM "Policy
 * Syntax"), e.g. `OBS:*:*:bucket:my-bucket`, `OBS:*:*:object:my-bucket/*`, `KMS:*:*:KeyId:<id>`.
 * The path is everything after the fourth colon (OBS object names may hold colons).
 */
export const policyResourceRule: RuleCheck = (v) => {
  const parts = v.split(':');
  const ok = parts.length >= 5
    && URN_SERVICE.test(parts[0]) && URN_REGION.test(parts[1]) && URN_ACCOUNT.test(parts[2]) && URN_TYPE.test(parts[3])
    && URN_PATH.test(parts.slice(4).join(':'));
  if (ok) return undefined;
  if (v === '*') return 'is not a resource URN; a statement without resources already applies to every resource';
  return 'must be a URN "<service>:<region>:<account ID>:<resource type>:<resource path>" (IAM "Policy Syntax"), "*" allowed in each part, e.g. '
    + '"OBS:*:*:object:my-bucket/*"';
};

/** Whether a part of an action or URN is only `*` (not empty). */
const allStars = (part: string | undefined): boolean => part !== undefined && part !== '' && /^\*+$/.test(part);

/**
 * How broad an Allow of `action` is when its parts are only wildcards: `'every service'` when the
 * service is `*` (`*:*:*`, `*:*:Get*`), `'service'` when the resource type and action are
 * (`obs:*:*`: every action of OBS), otherwise `undefined` (a named or partly wildcarded action).
 */
export function wildcardAction(action: string): 'every service' | 'service' | undefined {
  const parts = action.split(':');
  if (parts.length !== 3) return undefined;
  if (allStars(parts[0])) return 'every service';
  return allStars(parts[1]) && allStars(parts[2]) ? 'service' : undefined;
}

/**
 * How broad a resource URN is when its parts are only wildcards: `'every service'` for a `*`
 * service (`*:*:*:*:*`), `'service'` when the resource type and path are `*` (`OBS:*:*:*:*`: every
 * resource of OBS in every region and account), otherwise `undefined`.
 */
export function wildcardResource(urn: string): 'every service' | 'service' | undefined {
  const parts = urn.split(':');
  if (parts.length < 5) return undefined;
  if (allStars(parts[0])) return 'every service';
  return allStars(parts[3]) && parts.slice(4).every(allStars) ? 'service' : undefined;
}

/** Condition operator, e.g. `StringEquals`, `StringStartWith`, `BoolIfExists`, `ForAnyValue:StringEquals`. */
export const policyConditionOperatorRule: RuleCheck = (v) =>
  /^(?:[A-Za-z]+:)?[A-Za-z]+$/.test(v) ? undefined : 'must be a condition operator such as "StringEquals" or "StringStartWith" (IAM "Policy Syntax")';

/** Condition key: global (`g:UserName`) or service-level (`obs:prefix`). */
export const policyConditionKeyRule: RuleCheck = (v) =>
  /^[A-Za-z0-9]+:[A-Za-z0-9_.:-]+$/.test(v)
    ? undefined
    : 'must be a condition key "g:<key>" (global) or "<service>:<key>", e.g. "g:UserName" or "obs:prefix" (IAM "Policy Syntax")';

/**
 * Custom policy name: 1–128 characters (IAM "Notes and Constraints") of letters, digits and
 * "-", "_", ".", "," (IAM console rule quoted by the OBS user guide "Configuring Fine-Grained
 * Policies", obs_03_0121: "Only letters, digits, and the following special characters are
 * allowed: -_.,").
 */
export const policyNameRule: RuleCheck = (v) =>
  /^[A-Za-z0-9_.,-]{1,128}$/.test(v)
    ? undefined
    : 'must be 1-128 characters of letters, digits, "-", "_", "." and "," (IAM custom policy names)';

/**
 * Custom policy description: the API requires one (iam_02_0013); IAM documents no limit, 255 keeps
 * to what other IAM descriptions allow (UNVERIFIED). [unverified:policy-description-length]
 */
export const policyDescriptionRule: RuleCheck = (v) =>
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the rule rejects
  v.length >= 1 && v.length <= 255 && !/[\u0000-\u001f\u007f]/.test(v) ? undefined : 'must be 1-255 characters without control characters';

/** Huawei Cloud domain (account) ID: 32 lowercase hexadecimal characters (IAM console > My Credentials). */
export const domainIdRule: RuleCheck = (v) =>
  DOMAIN_ID_PATTERN.test(v)
    ? undefined
    : 'must be an account (domain) ID of 32 lowercase hexadecimal characters (IAM console > My Credentials > Account ID)';

/**
 * Enterprise project ID: "0" (the default enterprise project) or a UUID (Enterprise Project
 * Management Service API, "Querying the Enterprise Project List": `id`, and "0" for "default").
 */
export const enterpriseProjectIdRule: RuleCheck = (v) =>
  /^(?:0|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(v)
    ? undefined
    : 'must be an enterprise project ID: "0" (default) or a UUID such as "1f7b0c4e-2d9a-4b3c-8e5f-6a7b8c9d0e1f"';

/**
 * OBS bucket name: 3–63 characters of lowercase letters, digits, "-" and ".", starting and ending
 * with a letter or digit, no ".." / ".-" / "-.", not formatted as an IP address (OBS API
 * reference, bucket name constraints, e.g. "Listing Objects in a Bucket").
 */
export const obsBucketNameRule: RuleCheck = (v) =>
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) && !/\.\.|\.-|-\./.test(v) && !/^\d+\.\d+\.\d+\.\d+$/.test(v)
    ? undefined
    : 'must be an OBS bucket name: 3-63 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, no "..", ".-" or '
      + '"-.", not an IP address';

/**
 * KMS key ID: 36 bytes matching `^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$`
 * (KMS API reference, `key_id` of every CMK operation, e.g. "Changing the Alias of a CMK").
 */
export const kmsKeyIdRule: RuleCheck = (v) =>
  /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/.test(v)
    ? undefined
    : 'must be a KMS key ID: 36 characters like "0d0466b0-e727-4d9c-b35d-f84bb474a37f" (the key ID, not its alias)';

/** SMN topic name: 1–255 letters, digits, "-" and "_", starting with a letter or digit (SMN API "Creating a Topic"). */
export const smnTopicNameRule: RuleCheck = (v) =>
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(v)
    ? undefined
    : 'must be an SMN topic name: 1-255 letters, digits, "-" and "_", starting with a letter or digit (the name, not the topic URN)';

/**
 * The length IAM sees. The provider re-marshals `policy` with Go's encoding/json before sending it
 * (`resource_huaweicloud_identity_role.go`), which escapes `<`, `>`, `&`, U+2028 and U+2029 as
 * six-character `\u00XX` sequences; otherwise it is the compact JSON rendered here. Whether IAM
 * counts the JSON text or something else is not documented (UNVERIFIED): this is the strict reading. [unverified:policy-length-counting]
 */
export function policyLengthAsSent(json: string): number {
  return json.replace(/[<>&\u2028\u2029]/g, '\\u0000').length;
}
