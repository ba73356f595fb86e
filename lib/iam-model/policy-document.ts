/**
 * IAM custom policies (IAM "fine-grained policies", `Version` `1.1`) as the synthesized Terraform
 * writes them into `huaweicloud_identity_role.policy`, parsed for offline evaluation. Pure.
 *
 * Syntax, from Huawei Cloud's IAM user guide "Policy Syntax" (iam_01_0017) / "Policy Grammar"
 * (iam_01_0019) and the IAM API "Creating a Custom Policy for Cloud Services" (iam_02_0013):
 *
 * ```json
 * {"Version": "1.1",
 *  "Statement": [{"Effect": "Allow" | "Deny",
 *                 "Action": ["<service>:<resource type>:<operation>", …],
 *                 "Resource": ["<service>:<region>:<account id>:<resource type>:<resource path>", …],
 *                 "Condition": {"<operator>": {"<condition key>": ["<value>", …]}}}]}
 * ```
 * - `Version` `1.1` marks a fine-grained policy (`1.0` are the RBAC system roles); custom policies use `1.1`.
 * - `Effect` and `Action` are required; `Action` and `Resource` are arrays of strings (iam_02_0013).
 * - `Resource` and `Condition` are optional. A statement without `Resource` applies to every resource.
 *
 * What the offline reader does NOT evaluate, and says so: `Condition` (its keys — `g:CurrentTime`,
 * `g:MFAPresent`, `obs:prefix`, … — describe the live request), and any element IAM 1.1 does not
 * document (e.g. `NotAction`, `NotResource`, `Principal`), which are listed in
 * {@link PolicyStatement.unevaluated}. `Sid` is ignored (it is a label, it has no effect).
 */
import { EmulatorConfigError, EmulatorConfigErrorCode } from './iam-errors';
import { isJsonObject } from '../contract/json';
import { parseBoundedJson } from './reader/input';

/** Effect of a policy statement. */
export type PolicyEffect = 'Allow' | 'Deny';

/** One statement of a custom policy. */
export interface PolicyStatement {
  /** Index in `Statement` (0-based), as reports name it: `statement #0`. */
  readonly index: number;
  /** `Allow` or `Deny`. */
  readonly effect: PolicyEffect;
  /** `Action` patterns, e.g. `obs:object:GetObject`, `obs:*:*`. */
  readonly actions: readonly string[];
  /** `Resource` patterns (URNs, `*` wildcards); undefined when the statement has no `Resource` (= every resource). */
  readonly resources: readonly string[] | undefined;
  /** The `Condition` element, when the statement has a non-empty one. Never evaluated offline. */
  readonly condition: Readonly<Record<string, unknown>> | undefined;
  /** Names of the elements present that the offline evaluator does not evaluate (`Condition`, `NotAction`, …). */
  readonly unevaluated: readonly string[];
}

/** A parsed custom policy. */
export interface PolicyDocument {
  /** `Version` (always `1.1` for a custom policy). */
  readonly version: string;
  /** Statements, in order. */
  readonly statements: readonly PolicyStatement[];
  /** Patterns that can never match (malformed action or resource patterns), as readable notes. */
  readonly warnings: readonly string[];
}

const KNOWN_ELEMENTS = new Set(['Effect', 'Action', 'Resource', 'Condition', 'Sid']);

/**
 * Parses the `policy` JSON string of a `huaweicloud_identity_role`. `where` names the attribute in
 * errors. Throws {@link EmulatorConfigError} (`ERR_EMULATOR_TERRAFORM_INVALID`) for a document IAM
 * would reject: not JSON, no `Version` `1.1`, no statements, an `Effect` other than `Allow`/`Deny`,
 * `Action`/`Resource` not arrays of non-empty strings.
 */
export function parsePolicyDocument(text: string, where: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(text, where, EmulatorConfigErrorCode.TerraformInvalid);
  } catch (error) {
    if (error instanceof EmulatorConfigError && /nests JSON deeper/.test(error.message)) throw error;
    throw invalid(`${where} is not valid JSON (expected {"Version":"1.1","Statement":[…]})`);
  }
  if (!isJsonObject(parsed)) throw invalid(`${where} must be a JSON object {"Version":"1.1","Statement":[…]}`);
  if (parsed.Version !== '1.1') {
    throw invalid(`${where}.Version must be "1.1" (a custom fine-grained policy), got ${JSON.stringify(parsed.Version)}`);
  }
  const statements = parsed.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    throw invalid(`${where}.Statement must be a non-empty array of statements`);
  }
  const warnings: string[] = [];
  const parsedStatements = statements.map((statement, index) => parseStatement(statement, index, `${where}.Statement[${index}]`, warnings));
  return { version: '1.1', statements: parsedStatements, warnings };
}

function parseStatement(value: unknown, index: number, at: string, warnings: string[]): PolicyStatement {
  if (!isJsonObject(value)) throw invalid(`${at} must be an object`);
  const effect = value.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw invalid(`${at}.Effect must be "Allow" or "Deny", got ${JSON.stringify(effect)}`);
  }
  const unevaluated: string[] = [];
  let actions: string[] = [];
  if (value.Action === undefined) {
    if (value.NotAction === undefined) throw invalid(`${at}.Action is required (an array like ["obs:object:GetObject"])`);
  } else {
    actions = stringArray(value.Action, `${at}.Action`);
    for (const action of actions) {
      if (!isActionPattern(action)) warnings.push(`statement #${index}: action pattern ${JSON.stringify(action)} is not "<service>:<resource `
        + 'type>:<operation>" (or "*"); it matches nothing');
    }
  }
  const resources = value.Resource === undefined ? undefined : stringArray(value.Resource, `${at}.Resource`);
  for (const resource of resources ?? []) {
    if (!isResourcePattern(resource)) warnings.push(`statement #${index}: resource pattern ${JSON.stringify(resource)} is not `
      + '"<service>:<region>:<account id>:<resource type>:<path>" (or "*"); it matches nothing');
  }
  let condition: Record<string, unknown> | undefined;
  if (value.Condition !== undefined) {
    if (!isJsonObject(value.Condition)) throw invalid(`${at}.Condition must be an object`);
    if (Object.keys(value.Condition).length > 0) {
      condition = value.Condition;
      unevaluated.push('Condition');
    }
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_ELEMENTS.has(key)) unevaluated.push(key);
  }
  return { index, effect, actions, resources, condition, unevaluated };
}

/** Whether a string is a usable `Action` pattern: `*`, or three non-empty `:`-separated segments. Pure. */
export function isActionPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  // By index, not split: called for every action of every statement.
  const first = pattern.indexOf(':');
  const second = first === -1 ? -1 : pattern.indexOf(':', first + 1);
  return first > 0 && second > first + 1 && second < pattern.length - 1 && pattern.indexOf(':', second + 1) === -1;
}

/** Whether a string is a usable `Resource` pattern: `*`, or five or more `:`-separated segments (the path may hold `:`). Pure. */
export function isResourcePattern(pattern: string): boolean {
  if (pattern === '*') return true;
  // Four non-empty segments, each ended by `:`, then a non-empty path (which may hold `:`).
  let start = 0;
  for (let segment = 0; segment < 4; segment += 1) {
    const end = pattern.indexOf(':', start);
    if (end <= start) return false;
    start = end + 1;
  }
  return start < pattern.length;
}

function stringArray(value: unknown, at: string): string[] {
  if (!Array.isArray(value)) throw invalid(`${at} must be an array of strings (IAM does not take a single string here)`);
  if (value.length === 0) throw invalid(`${at} must not be empty`);
  return value.map((item, i) => {
    if (typeof item !== 'string' || item === '') throw invalid(`${at}[${i}] must be a non-empty string`);
    return item;
  });
}

function invalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, message);
}
