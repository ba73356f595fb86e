/**
 * IAM user groups of a declaration: where grants land and what conversion rules name. A group is
 * created by the library (`huaweicloud_identity_group`) unless declared as existing, in which case
 * it is looked up (data `huaweicloud_identity_group`) so a missing group fails `terraform plan`
 * rather than the pod.
 */
import { boundedName } from './bounded-name';
import { GrantScope } from './grant-scope';
import type { Grant } from './grants';
import { IamRole } from './iam-role';

/** Props of a declared IAM user group. */
export interface IamGroupProps {
  /** The group name (1–64 letters, digits, spaces, "-", "_", "."). */
  readonly name: string;
  /**
   * Whether the group already exists in the account: it is then looked up by name (the plan fails
   * when it does not exist) instead of created.
   * @default false (the library creates it)
   */
  readonly existing?: boolean;
  /**
   * Description of a created group (not allowed for an existing one, which is looked up by name only).
   * @default 'Managed by cce-workload-identity'
   */
  readonly description?: string;
  /**
   * Roles granted to the group (more with `grant`).
   * @default []
   */
  readonly grants?: Grant[];
}

/** The default description of groups the library creates. */
export const DEFAULT_GROUP_DESCRIPTION = 'Managed by cce-workload-identity';

/** Longest IAM user group name the library writes (IAM "Creating a User Group"). */
export const MAX_GROUP_NAME_LENGTH = 64;

/**
 * An IAM user group of a declaration. Created with `WorkloadIdentity.addGroup` (or the `groups`
 * prop); bindings name it in `iamGroups`.
 */
export class IamGroup {
  /**
   * The name of a binding's dedicated group: `<provider>.<namespace>.<serviceAccount>`, e.g.
   * `workload_identity.default.oidc-token`. Provider names and namespaces hold no ".", so the name
   * is unambiguous, and the provider name keeps two clusters' bindings of the same
   * ServiceAccount apart. Names over IAM's 64 characters are cut to 55 and end in "-" and the
   * first 8 hex digits of the SHA-256 of the full name.
   */
  public static dedicatedGroupName(providerName: string, namespace: string, serviceAccountName: string): string {
    return boundedName(`${providerName}.${namespace}.${serviceAccountName}`, MAX_GROUP_NAME_LENGTH);
  }

  /** The group name. */
  public readonly name: string;
  /** Whether the group exists already (looked up) rather than created. */
  public readonly existing: boolean;
  /** Description of a created group. */
  public readonly description?: string;
  /** Position in the declaration's groups. */
  public readonly index: number;
  /** @internal The `grants` prop as given (validation reports a non-list). */
  public readonly _grantsProp: unknown;
  private readonly grantList: Grant[];
  private readonly onChange: () => void;

  /**
   * Declares a group of `identity`: call `WorkloadIdentity.addGroup`.
   * @internal
   */
  public static _create(index: number, props: IamGroupProps, onChange: () => void): IamGroup {
    return new IamGroup(index, props, onChange);
  }

  private constructor(index: number, props: IamGroupProps, onChange: () => void) {
    this.index = index;
    this.name = props.name;
    this.existing = props.existing ?? false;
    this.description = props.description;
    this._grantsProp = props.grants;
    this.grantList = Array.isArray(props.grants) ? [...props.grants] : [];
    this.onChange = onChange;
  }

  /** The roles granted to this group, in order. */
  public get grants(): Grant[] {
    return [...this.grantList];
  }

  /** Grants `role` to this group within `scope`; returns the group. */
  public grant(role: IamRole, scope: GrantScope): IamGroup {
    return this.addGrant({ role, scope });
  }

  /** Adds a ready-made grant (e.g. `Grants.obsReadOnly(bucket)`); returns the group. */
  public addGrant(grant: Grant): IamGroup {
    this.grantList.push(grant);
    this.onChange();
    return this;
  }

  /** A readable identification, e.g. `group "demo"`. */
  public toString(): string {
    return `group ${JSON.stringify(this.name)}`;
  }
}
