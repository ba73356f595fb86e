/**
 * IAM user groups of a declaration: where grants land and what conversion rules name. A group is
 * created by the library (`huaweicloud_identity_group`) unless declared as existing, in which case
 * it is looked up (data `huaweicloud_identity_group`) so a missing group fails `terraform plan`
 * rather than the pod.
 */
import { createHash } from 'node:crypto';
import { GrantScope } from './grant-scope';
import type { Grant } from './grants';
import { IamRole } from './iam-role';

/** Props of a declared IAM user group. */
export interface IamGroupProps {
  /**
   * The group name: 1–128 letters, digits, spaces (not at either end), "-" and "_" (no "."; see
   * `iamGroupNameRule`).
   */
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

/**
 * Longest IAM user group name: 128 characters (IAM "Notes and Constraints", iam_01_0305;
 * terraform-provider-huaweicloud v1.97.1 docs/resources/identity_group.md; IAM v5 CreateGroupV5).
 */
export const MAX_GROUP_NAME_LENGTH = 128;

/** Hex digits of SHA-256 that end a dedicated group name too long to write whole (128 bits). */
const DEDICATED_HASH_HEX = 32;

/**
 * An IAM user group of a declaration. Created with `WorkloadIdentity.addGroup` (or the `groups`
 * prop); bindings name it in `iamGroups`.
 */
export class IamGroup {
  /**
   * The name of a binding's dedicated group: `<provider>_<namespace>_<serviceAccount>`, each "." of
   * the ServiceAccount name written as "__", e.g. `workload_identity_default_oidc-token`, or
   * `workload_identity_shop_orders__v2` for ServiceAccount `orders.v2`. Only letters, digits, "_"
   * and "-", the characters IAM allows in group names (no "."; see `iamGroupNameRule`).
   *
   * Distinct (provider, namespace, ServiceAccount) never give the same name:
   * - written whole (at most 127 characters) the name reads back uniquely from the right. A
   *   namespace (DNS-1123 label) and a ServiceAccount name (DNS-1123 subdomain) hold no "_" and
   *   start and end with a letter or digit; the ServiceAccount part holds "_" only as "__" (from
   *   "."), so it ends at the last single "_"; the namespace is the run of characters without "_"
   *   before it, and what precedes that run and one more "_" is the provider name (which may hold
   *   "_" of its own).
   * - longer names are cut to 95 characters and end in "-" and 32 hex digits (128 bits) of the
   *   SHA-256 of the whole name: always exactly 128 characters, so never equal to a name written
   *   whole, and equal to another cut name only if SHA-256 collided in 128 bits.
   * The provider name keeps two clusters' bindings of the same ServiceAccount apart.
   * `test/core/dedicated-group-name.test.ts` checks both properties.
   */
  public static dedicatedGroupName(providerName: string, namespace: string, serviceAccountName: string): string {
    const full = `${providerName}_${namespace}_${serviceAccountName.split('.').join('__')}`;
    if (full.length < MAX_GROUP_NAME_LENGTH) return full;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, DEDICATED_HASH_HEX);
    return `${full.slice(0, MAX_GROUP_NAME_LENGTH - DEDICATED_HASH_HEX - 1)}-${hash}`;
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
