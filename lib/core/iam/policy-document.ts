/**
 * A typed IAM custom policy document (policy version 1.1): the `policy` JSON of
 * `huaweicloud_identity_role`. Sources and limits: see `iam-policy-rules.ts`.
 */
import {
  LEGACY_MAX_ACTIONS, LEGACY_MAX_CONDITIONS, LEGACY_MAX_RESOURCES, LEGACY_MAX_STATEMENTS, MAX_POLICY_CHARACTERS, POLICY_VERSION,
  policyActionRule, policyConditionKeyRule, policyConditionOperatorRule, policyLengthAsSent, policyResourceRule, wildcardAction, wildcardResource,
} from './iam-policy-rules';
import { IssueCollector, IssueSeverity, IssueSide } from '../issues/issues';
import { isJsonObject } from '../../contract/json';
import { FieldChecker } from '../validation/field-checker';

/** Whether a statement allows or denies its actions. An explicit Deny in any applicable policy wins. */
export enum Effect {
  /** Grants the actions. */
  ALLOW = 'Allow',
  /** Denies the actions, overriding any Allow (IAM "Policy Syntax": Deny statements take precedence). */
  DENY = 'Deny',
}

/** Props of one policy statement. */
export interface PolicyStatementProps {
  /**
   * Allow or deny.
   * @default Effect.ALLOW
   */
  readonly effect?: Effect;
  /** Actions, each `<service>:<resource type>:<action>`, e.g. `obs:object:GetObject`; `*` allowed in parts. */
  readonly actions: string[];
  /**
   * Resource URNs `<service>:<region>:<account ID>:<resource type>:<path>`, e.g.
   * `OBS:*:*:object:my-bucket/*`. Only services with resource-level authorization accept them.
   * @default every resource (no `Resource` member)
   */
  readonly resources?: string[];
  /**
   * Conditions: operator → condition key → values, e.g. `{ StringStartWith: { 'g:UserName': ['TestUser'] } }`.
   * @default none
   */
  readonly conditions?: { [operator: string]: { [key: string]: string[] } };
}

/** One statement of a custom policy. */
export class PolicyStatement {
  /** A statement allowing `actions` (on `resources`, or on every resource when omitted). */
  public static allow(actions: string[], resources?: string[]): PolicyStatement {
    return new PolicyStatement({ effect: Effect.ALLOW, actions, resources });
  }

  /** A statement denying `actions` (on `resources`, or on every resource when omitted). */
  public static deny(actions: string[], resources?: string[]): PolicyStatement {
    return new PolicyStatement({ effect: Effect.DENY, actions, resources });
  }

  /** Allow or deny. */
  public readonly effect: Effect;
  /** The actions. */
  public readonly actions: string[];
  /** The resource URNs, or undefined for every resource. */
  public readonly resources?: string[];
  /** The conditions, if any. */
  public readonly conditions?: { [operator: string]: { [key: string]: string[] } };

  public constructor(props: PolicyStatementProps) {
    this.effect = props.effect ?? Effect.ALLOW;
    this.actions = Array.isArray(props.actions) ? [...props.actions] : props.actions;
    this.resources = props.resources === undefined ? undefined : Array.isArray(props.resources) ? [...props.resources] : props.resources;
    this.conditions = props.conditions;
  }

  /** @internal The statement as IAM's JSON object, members in the order of IAM's examples. */
  public _toJson(): Record<string, unknown> {
    return {
      Effect: this.effect,
      Action: this.actions,
      ...(this.resources === undefined ? {} : { Resource: this.resources }),
      ...(this.conditions === undefined ? {} : { Condition: this.conditions }),
    };
  }

  /** @internal Checks the statement; `path` names it in messages. */
  public _check(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    const fields = new FieldChecker(out, path, { side });
    if (this.effect !== Effect.ALLOW && this.effect !== Effect.DENY) {
      out.error({
        code: 'INVALID_POLICY_EFFECT',
        path: `${path}.effect`,
        value: this.effect,
        rule: 'must be "Allow" or "Deny"',
        fix: 'use Effect.ALLOW or Effect.DENY',
        side,
      });
    }
    if (!Array.isArray(this.actions) || this.actions.length === 0) {
      out.error({
        code: 'POLICY_STATEMENT_WITHOUT_ACTIONS',
        path: `${path}.actions`,
        rule: 'must be a non-empty list: IAM requires "Action" in every statement',
        fix: 'list the actions, e.g. ["obs:object:GetObject"]',
        side,
      });
    } else {
      this.actions.forEach((action, i) => {
        fields.string(
          `actions[${i}]`,
          action,
          policyActionRule,
          'INVALID_POLICY_ACTION',
          'copy the action from the service\'s "Permissions and Supported Actions" page, e.g. "obs:object:GetObject"',
        );
      });
      if (this.actions.length > LEGACY_MAX_ACTIONS) {
        out.warn({
          code: 'POLICY_OVER_LEGACY_LIMIT',
          path: `${path}.actions`,
          value: `${this.actions.length} actions`,
          rule: `exceeds the ${LEGACY_MAX_ACTIONS} actions per statement that earlier IAM documentation allowed (the current quota `
            + 'page says unlimited)',
          fix: 'split the statement if IAM rejects the policy',
          side,
        });
      }
    }
    if (this.resources !== undefined) {
      if (!Array.isArray(this.resources) || this.resources.length === 0) {
        out.error({
          code: 'POLICY_STATEMENT_EMPTY_RESOURCES',
          path: `${path}.resources`,
          rule: 'is an empty list: it would match no resource',
          fix: 'omit resources to apply the statement to every resource, or list URNs',
          side,
        });
      } else {
        this.resources.forEach((urn, i) => {
          fields.string(
            `resources[${i}]`,
            urn,
            policyResourceRule,
            'INVALID_POLICY_RESOURCE',
            'write the URN as the service documents it, e.g. "OBS:*:*:bucket:my-bucket" or "OBS:*:*:object:my-bucket/*"',
          );
        });
        if (this.resources.length > LEGACY_MAX_RESOURCES) {
          out.warn({
            code: 'POLICY_OVER_LEGACY_LIMIT',
            path: `${path}.resources`,
            value: `${this.resources.length} resources`,
            rule: `exceeds the ${LEGACY_MAX_RESOURCES} resources per statement that earlier IAM documentation allowed (the current quota `
              + 'page says unlimited)',
            fix: 'split the statement if IAM rejects the policy',
            side,
          });
        }
      }
    }
    if (this.conditions !== undefined) this.checkConditions(out, `${path}.conditions`);
    if (this.effect === Effect.ALLOW) this.checkWildcards(out, path);
  }

  /** Warns about an Allow of every action or every resource of a service, or of every service (a Deny that broad only narrows). */
  private checkWildcards(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    const preset = 'or use a preset such as Grants.obsReadOnly(bucket), Grants.swrImagePull() or Grants.kmsDecrypt(keyId)';
    (Array.isArray(this.actions) ? this.actions : []).forEach((action: unknown, i) => {
      const broad = typeof action === 'string' ? wildcardAction(action) : undefined;
      if (broad !== undefined) out.warn({
        code: 'POLICY_WILDCARD_ACTION',
        path: `${path}.actions[${i}]`,
        value: action,
        rule: broad === 'every service'
          ? 'allows actions of every cloud service (the reach of "Tenant Administrator")'
          : 'allows every action of the service, including deleting and changing its resources and their permissions',
        fix: `list only the actions the workload calls, e.g. "obs:object:GetObject", ${preset}`,
        side,
      });
    });
    (Array.isArray(this.resources) ? this.resources : []).forEach((urn: unknown, i) => {
      const broad = typeof urn === 'string' ? wildcardResource(urn) : undefined;
      if (broad !== undefined) out.warn({
        code: 'POLICY_WILDCARD_RESOURCE',
        path: `${path}.resources[${i}]`,
        value: urn,
        rule: broad === 'every service'
          ? 'matches every resource of every service'
          : 'matches every resource of the service in every region and account',
        fix: `name the resources, e.g. "OBS:*:*:object:my-bucket/*" or "KMS:*:*:KeyId:<key id>", ${preset}`,
        side,
      });
    });
  }

  private checkConditions(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    const conditions: unknown = this.conditions;
    if (!isJsonObject(conditions) || Object.keys(conditions).length === 0) {
      out.error({
        code: 'INVALID_POLICY_CONDITION',
        path,
        rule: 'must be a non-empty object { <operator>: { <key>: [values] } }',
        fix: 'omit conditions, or write e.g. { StringEquals: { "obs:prefix": ["public"] } }',
        side,
      });
      return;
    }
    let count = 0;
    for (const [operator, keys] of Object.entries(conditions)) {
      const brokenOperator = policyConditionOperatorRule(operator);
      if (brokenOperator) out.error({
        code: 'INVALID_POLICY_CONDITION',
        path: `${path}`,
        value: operator,
        rule: brokenOperator,
        fix: 'use an operator from the IAM "Policy Syntax" page, e.g. "StringEquals"',
        side,
      });
      if (!isJsonObject(keys) || Object.keys(keys).length === 0) {
        out.error({
          code: 'INVALID_POLICY_CONDITION',
          path: `${path}.${operator}`,
          rule: 'must be a non-empty object { <condition key>: [values] }',
          fix: 'write e.g. { "g:UserName": ["TestUser"] }',
          side,
        });
        continue;
      }
      for (const [key, values] of Object.entries(keys)) {
        count += 1;
        const brokenKey = policyConditionKeyRule(key);
        if (brokenKey) out.error({
          code: 'INVALID_POLICY_CONDITION',
          path: `${path}.${operator}`,
          value: key,
          rule: brokenKey,
          fix: 'use a global key such as "g:UserName" or a service key such as "obs:prefix"',
          side,
        });
        if (!Array.isArray(values) || values.length === 0) {
          out.error({
            code: 'INVALID_POLICY_CONDITION',
            path: `${path}.${operator}.${key}`,
            rule: 'must be a non-empty list of strings',
            fix: 'write the values as a list, e.g. ["public"]',
            side,
          });
        } else {
          // Values are free text compared by IAM (spaces allowed), but never control characters.
          const fields = new FieldChecker(out, `${path}.${operator}.${key}`, { side });
          values.forEach((value: unknown, i) => {
            fields.text(`[${i}]`, value, () => undefined, 'INVALID_POLICY_CONDITION', 'write each value as a string on one line, e.g. "public"');
          });
        }
      }
    }
    if (count > LEGACY_MAX_CONDITIONS) {
      out.warn({
        code: 'POLICY_OVER_LEGACY_LIMIT',
        path,
        value: `${count} conditions`,
        rule: `exceeds the ${LEGACY_MAX_CONDITIONS} conditions per statement that earlier IAM documentation allowed (the current quota `
          + 'page says unlimited)',
        fix: 'split the statement if IAM rejects the policy',
        side,
      });
    }
  }
}

/** Props of a policy document. */
export interface PolicyDocumentProps {
  /** The statements (at least one). */
  readonly statements: PolicyStatement[];
}

/**
 * An IAM custom policy document: `{"Version":"1.1","Statement":[…]}`. Rendered as compact JSON,
 * which is what `huaweicloud_identity_role.policy` holds and what IAM's 6,144-character limit is
 * checked against.
 */
export class PolicyDocument {
  /** A document of the given statements. */
  public static of(...statements: PolicyStatement[]): PolicyDocument {
    return new PolicyDocument({ statements });
  }

  private readonly list: PolicyStatement[];

  public constructor(props: PolicyDocumentProps) {
    this.list = Array.isArray(props.statements) ? [...props.statements] : props.statements;
  }

  /** The statements, in order. */
  public get statements(): PolicyStatement[] {
    return Array.isArray(this.list) ? [...this.list] : this.list;
  }

  /** The compact JSON written to `huaweicloud_identity_role.policy`. */
  public render(): string {
    const statements = Array.isArray(this.list) ? this.list : [];
    return JSON.stringify({ Version: POLICY_VERSION, Statement: statements.map((s) => (s instanceof PolicyStatement ? s._toJson() : s)) });
  }

  /** @internal Checks every statement and the document's size; `path` names the document in messages. */
  public _check(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    if (!Array.isArray(this.list) || this.list.length === 0) {
      out.error({
        code: 'POLICY_WITHOUT_STATEMENTS',
        path: `${path}.statements`,
        rule: 'must hold at least one statement (IAM requires "Statement")',
        fix: 'add e.g. PolicyStatement.allow(["obs:object:GetObject"], ["OBS:*:*:object:my-bucket/*"])',
        side,
      });
      return;
    }
    const before = out.issues.length;
    this.list.forEach((statement, i) => {
      if (statement instanceof PolicyStatement) statement._check(out, `${path}.statements[${i}]`);
      else out.error({
        code: 'INVALID_POLICY_STATEMENT',
        path: `${path}.statements[${i}]`,
        rule: 'must be a PolicyStatement',
        fix: 'create it with new PolicyStatement({...}), PolicyStatement.allow or PolicyStatement.deny',
        side,
      });
    });
    if (this.list.length > LEGACY_MAX_STATEMENTS) {
      out.warn({
        code: 'POLICY_OVER_LEGACY_LIMIT',
        path: `${path}.statements`,
        value: `${this.list.length} statements`,
        rule: `exceeds the ${LEGACY_MAX_STATEMENTS} statements per policy that earlier IAM documentation allowed (the current quota `
          + 'page says unlimited)',
        fix: 'split the policy into several if IAM rejects it',
        side,
      });
    }
    // A member of the wrong type (a BigInt breaks JSON.stringify) is already reported by its field:
    // the document's length is only measured once its statements are valid.
    if (out.issues.slice(before).some((i) => i.severity === IssueSeverity.ERROR)) return;
    const length = policyLengthAsSent(this.render());
    if (length > MAX_POLICY_CHARACTERS) {
      out.error({
        code: 'POLICY_TOO_LONG',
        path,
        value: `${length} characters`,
        rule: `exceeds IAM's limit of ${MAX_POLICY_CHARACTERS} characters per custom policy (IAM "Notes and Constraints")`,
        fix: 'split it into several custom policies, or use wildcards ("obs:object:Get*") and fewer resources',
        side,
      });
    }
  }
}
