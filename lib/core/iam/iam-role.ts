/**
 * What a grant gives: an IAM system role / system policy looked up by name, or a custom policy
 * created from a typed document (`huaweicloud_identity_role`, IAM API iam_02_0013).
 */
import { policyDescriptionRule, policyNameRule } from './iam-policy-rules';
import { IssueCollector, IssueSide } from '../issues/issues';
import { PolicyDocument } from './policy-document';
import type { RuleCheck } from '../validation/rules';
import { FieldChecker } from '../validation/field-checker';
import type { IssueCode } from '../validation/issue-codes';

/**
 * Where a custom policy applies (`huaweicloud_identity_role.type`): IAM shows and assigns AX
 * policies for global services and XA policies in region-specific projects (iam_02_0013).
 */
export enum PolicyScopeType {
  /** `AX`: global services (e.g. OBS), assigned on the account (domain). */
  GLOBAL = 'AX',
  /** `XA`: project-level services (e.g. KMS, SMN, SWR), assigned in projects. */
  PROJECT = 'XA',
}

/** How a role is identified. */
export enum IamRoleKind {
  /** A system role or system policy by its `name` (data `huaweicloud_identity_role.name`, e.g. `kms_adm`). */
  SYSTEM_NAME = 'name',
  /** A system role or system policy by its display name (data `huaweicloud_identity_role.display_name`, e.g. `OBS ReadOnlyAccess`). */
  SYSTEM_DISPLAY_NAME = 'display_name',
  /** A custom policy created by the library. */
  CUSTOM = 'custom',
}

/** Props of a custom policy. */
export interface CustomPolicyProps {
  /** Display name of the policy (1–128 characters); unique among the declaration's custom policies. */
  readonly name: string;
  /** Global services (AX) or project-level services (XA). */
  readonly type: PolicyScopeType;
  /** The policy document. */
  readonly document: PolicyDocument;
  /**
   * Description (IAM requires one).
   * @default 'Managed by cce-workload-identity'
   */
  readonly description?: string;
}

/** The default description of custom policies. */
export const DEFAULT_POLICY_DESCRIPTION = 'Managed by cce-workload-identity';

/**
 * Service levels the library knows from the services' own documentation ("<service> is a global
 * service" / "a project-level service", section "Permissions Management" of each user guide):
 * OBS global; KMS (DEW), SMN and SWR project-level. Used to reject a custom policy whose type can
 * never let its actions apply. Other services are not checked.
 */
const KNOWN_SERVICE_LEVELS: Readonly<Record<string, PolicyScopeType>> = {
  obs: PolicyScopeType.GLOBAL,
  kms: PolicyScopeType.PROJECT,
  smn: PolicyScopeType.PROJECT,
  swr: PolicyScopeType.PROJECT,
};

/** A system role's name or display name: 1-255 characters, not starting or ending with a space. */
const systemRoleNameRule: RuleCheck = (v) =>
  v.length >= 1 && v.length <= 255 && v.trim() === v
    ? undefined
    : 'must be the non-empty name of a system role or policy (at most 255 characters), without surrounding spaces';

/** A parameter of a preset, checked with the declaration (so a bad bucket name is reported at synth like any field). */
interface PresetParameter {
  readonly field: string;
  readonly value: unknown;
  readonly rule: RuleCheck;
  readonly code: IssueCode;
  readonly fix: string;
}

/** An IAM role or policy that grants assign to groups. Create it with the static methods. */
export class IamRole {
  /** A system role or system policy by its name (e.g. `kms_adm`), looked up by data `huaweicloud_identity_role`. */
  public static fromSystemName(name: string): IamRole {
    return new IamRole(IamRoleKind.SYSTEM_NAME, name);
  }

  /** A system role or system policy by its display name (e.g. `OBS ReadOnlyAccess`), looked up by data `huaweicloud_identity_role`. */
  public static fromDisplayName(displayName: string): IamRole {
    return new IamRole(IamRoleKind.SYSTEM_DISPLAY_NAME, displayName);
  }

  /** A custom policy the library creates (`huaweicloud_identity_role`). */
  public static custom(props: CustomPolicyProps): IamRole {
    return new IamRole(IamRoleKind.CUSTOM, props.name, props.type, props.document, props.description ?? DEFAULT_POLICY_DESCRIPTION);
  }

  /** @internal A custom policy made by a preset, whose parameters are checked with the declaration. */
  public static _preset(props: CustomPolicyProps, parameters: PresetParameter[]): IamRole {
    const role = IamRole.custom(props);
    role.parameters.push(...parameters);
    return role;
  }

  /** How the role is identified. */
  public readonly kind: IamRoleKind;
  /** The name, display name, or custom policy name. */
  public readonly name: string;
  /** For custom policies: AX (global) or XA (project). */
  public readonly type?: PolicyScopeType;
  /** For custom policies: the document. */
  public readonly document?: PolicyDocument;
  /** For custom policies: the description. */
  public readonly description?: string;
  private readonly parameters: PresetParameter[] = [];

  private constructor(kind: IamRoleKind, name: string, type?: PolicyScopeType, document?: PolicyDocument, description?: string) {
    this.kind = kind;
    this.name = name;
    this.type = type;
    this.document = document;
    this.description = description;
  }

  /** Whether the library creates this policy (rather than looking up a system role). */
  public get isCustom(): boolean {
    return this.kind === IamRoleKind.CUSTOM;
  }

  /** A readable identification, e.g. `custom policy "cce-wi-obs-read-demo"` or `system role "OBS ReadOnlyAccess"`. */
  public toString(): string {
    return this.isCustom ? `custom policy ${JSON.stringify(this.name)}` : `system role ${JSON.stringify(this.name)}`;
  }

  /** @internal Checks the role; `path` names it in messages. */
  public _check(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    const fields = new FieldChecker(out, path, { side });
    for (const p of this.parameters) fields.string(p.field, p.value, p.rule, p.code, p.fix);
    if (!this.isCustom) {
      // Looked up by exact match: no whitespace or control characters, except the inner spaces of
      // display names ("OBS ReadOnlyAccess").
      const display = this.kind === IamRoleKind.SYSTEM_DISPLAY_NAME;
      fields.exact(
        'name',
        this.name,
        systemRoleNameRule,
        'INVALID_ROLE_NAME',
        display ? 'use the display name as the IAM console shows it, e.g. "OBS ReadOnlyAccess"' : 'use the role\'s name as IAM '
          + 'lists it, e.g. "kms_adm"',
        { innerSpaces: display },
      );
      return;
    }
    fields.string('name', this.name, policyNameRule, 'INVALID_POLICY_NAME', 'use a name such as "app-obs-read"');
    fields.text('description', this.description, policyDescriptionRule, 'INVALID_POLICY_DESCRIPTION', 'shorten it, or omit it for the default');
    if (this.type !== PolicyScopeType.GLOBAL && this.type !== PolicyScopeType.PROJECT) {
      out.error({
        code: 'INVALID_POLICY_TYPE',
        path: `${path}.type`,
        value: this.type,
        rule: 'must be "AX" (global services) or "XA" (project-level services)',
        fix: 'use PolicyScopeType.GLOBAL or PolicyScopeType.PROJECT',
        side,
      });
    }
    if (!(this.document instanceof PolicyDocument)) {
      out.error({
        code: 'INVALID_POLICY_DOCUMENT',
        path: `${path}.document`,
        rule: 'must be a PolicyDocument',
        fix: 'pass PolicyDocument.of(PolicyStatement.allow([...], [...]))',
        side,
      });
      return;
    }
    this.document._check(out, `${path}.document`);
    this.checkServiceLevels(out, path);
  }

  /** A policy typed for the other level never applies to its known services' actions. */
  private checkServiceLevels(out: IssueCollector, path: string): void {
    if (this.type !== PolicyScopeType.GLOBAL && this.type !== PolicyScopeType.PROJECT) return;
    const wrong = new Set<string>();
    for (const statement of this.document!.statements) {
      if (!Array.isArray(statement?.actions)) continue;
      for (const action of statement.actions) {
        const service = typeof action === 'string' ? action.split(':')[0] : '';
        const level = KNOWN_SERVICE_LEVELS[service];
        if (level !== undefined && level !== this.type) wrong.add(service);
      }
    }
    for (const service of wrong) {
      const global = KNOWN_SERVICE_LEVELS[service] === PolicyScopeType.GLOBAL;
      out.error({
        code: 'POLICY_TYPE_MISMATCH',
        path: `${path}.type`,
        value: this.type,
        rule: global
          ? `is project-level (XA), but the policy holds "${service}:" actions and ${service.toUpperCase()} is a global service (its permissions are `
            + 'granted in the global services project), so they would never apply'
          : `is global (AX), but the policy holds "${service}:" actions and ${service.toUpperCase()} is a project-level service (its permissions are `
            + 'granted in region-specific projects), so they would never apply',
        fix: global
          ? 'use PolicyScopeType.GLOBAL and assign it with GrantScope.domain()'
          : 'use PolicyScopeType.PROJECT and assign it to a project (GrantScope.project, projectByName, allProjects or workloadProject)',
        side: IssueSide.TERRAFORM,
      });
    }
  }
}
