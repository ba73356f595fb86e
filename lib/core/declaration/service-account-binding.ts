import { isJsonObject } from '../../contract/json';
import { DEFAULT_NAMESPACE, DEFAULT_TOKEN_EXPIRATION_SECONDS, DEFAULT_TOKEN_MOUNT_PATH, DEFAULT_TOKEN_PATH, TOKEN_FILE_MODE } from './constants';
import { GrantScope } from '../iam/grant-scope';
import type { Grant } from '../iam/grants';
import { IamGroup } from '../iam/iam-group';
import { IamRole } from '../iam/iam-role';
import { IdentityMode, MAX_AGENCY_NAME_LENGTH } from './identity-mode';
import { boundedName } from '../iam/bounded-name';
import { ConversionRule, conversionRule, sdkEnvironment, serviceAccountSubject, tokenAudience, tokenFilePath } from './invariants';
import { textOf } from '../validation/rules';
import type { WorkloadIdentity } from './workload-identity';

/** Options of the projected ServiceAccount token. */
export interface ProjectedTokenOptions {
  /**
   * Requested token lifetime in seconds (kube-apiserver minimum 600; the kubelet rotates the token
   * at 80% of its lifetime or after 24 h).
   * @default 7200
   */
  readonly expirationSeconds?: number;
  /**
   * File name of the token inside the mounted directory.
   * @default 'oidc-token'
   */
  readonly path?: string;
  /**
   * Directory the projected volume is mounted at, read-only.
   * @default '/var/run/secrets/tokens'
   */
  readonly mountPath?: string;
}

/** One ServiceAccount admitted by the identity provider, and whom it becomes in IAM. */
export interface ServiceAccountBindingProps {
  /**
   * Namespace of the ServiceAccount (and of every workload bound to it).
   * @default 'default'
   */
  readonly namespace?: string;
  /** Name of the ServiceAccount the workloads run as. */
  readonly serviceAccountName: string;
  /**
   * IAM federated user name the ServiceAccount is mapped to (shown in audit logs). IAM takes the
   * user name from the first matching rule and needs at least one matching rule that gives one;
   * the binding's rule is the only one matching its ServiceAccount, so it names a user. At least
   * one of `iamUser`, `iamGroups` must be given.
   * @default the ServiceAccount name (when it is a valid IAM user name)
   */
  readonly iamUser?: string;
  /**
   * IAM user groups the federated user joins; their permissions are what the workload gets.
   * @default []
   */
  readonly iamGroups?: string[];
  /**
   * Projected token options.
   * @default { expirationSeconds: 7200, path: 'oidc-token', mountPath: '/var/run/secrets/tokens' }
   */
  readonly token?: ProjectedTokenOptions;
  /**
   * Project ID injected as `HUAWEICLOUD_SDK_PROJECT_ID` for this binding's workloads.
   * @default the declaration's `projectId`
   */
  readonly projectId?: string;
  /**
   * Region injected as `HUAWEICLOUD_SDK_REGION` for this binding's workloads (read by this
   * package's runtime; the Huawei Cloud SDKs do not read it).
   * @default the declaration's `region`
   */
  readonly region?: string;
  /**
   * Roles granted to this ServiceAccount alone: they go into the binding's dedicated group
   * (`IamGroup.dedicatedGroupName`), which the binding's conversion rule adds to `iamGroups`.
   * @default [] (no dedicated group)
   */
  readonly grants?: Grant[];
  /**
   * The workloads call global services only (e.g. OBS, IAM) and need no project: the project ID
   * requirement is waived and the declaration's `domainId` (then required) is injected as
   * `HUAWEICLOUD_SDK_DOMAIN_ID` for the SDKs' global credentials.
   * @default false (a project ID is required)
   */
  readonly globalOnly?: boolean;
  /**
   * How this ServiceAccount's pods get credentials; modes may be mixed per binding (to migrate one
   * binding at a time). With `IdentityMode.POD_IDENTITY` the Terraform side writes an agency
   * holding the binding's grants (its own and those of the declared groups in `iamGroups`) and a
   * pod identity association in the declaration's `clusterId`, and no conversion rule; bound
   * workloads get neither a projected token nor SDK variables from the library.
   * @default the declaration's `mode`
   */
  readonly mode?: IdentityMode;
  /**
   * Name of the agency of a pod-identity binding (1–64 letters, digits and `_+=,.@-`).
   * @default `<providerName>.<namespace>.<serviceAccountName>`, cut and hashed to 64 characters like a dedicated group's name
   */
  readonly agencyName?: string;
}

/** The projected token with every default applied. */
export interface ResolvedTokenOptions {
  /** Token lifetime in seconds. */
  readonly expirationSeconds: number;
  /** File name inside the mount. */
  readonly path: string;
  /** Mount directory. */
  readonly mountPath: string;
  /** Audience: the provider's client ID. */
  readonly audience: string;
  /** Absolute path of the token file inside the container. */
  readonly filePath: string;
  /** File mode of the token (0644). */
  readonly mode: number;
}

/**
 * A ServiceAccount bound to a workload identity: the single source of the rule on the Terraform
 * side and of the ServiceAccount, projected token and environment on the Kubernetes side.
 * Created with `WorkloadIdentity.addBinding`.
 */
export class ServiceAccountBinding {
  /** The declaration this binding belongs to. */
  public readonly identity: WorkloadIdentity;
  /** Position in the declaration's bindings. */
  public readonly index: number;
  /** Namespace of the ServiceAccount. */
  public readonly namespace: string;
  /** ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** IAM federated user name (given, or the ServiceAccount name). */
  public readonly iamUser: string;
  /** Whether `iamUser` was given rather than derived. */
  public readonly iamUserGiven: boolean;
  /** The `iamGroups` prop, copied (validation reports a non-array). */
  private readonly iamGroupsProp: readonly string[];
  /** Project ID for the SDK environment, if any. */
  public readonly projectId?: string;
  /** Region for the SDK environment, if any. */
  public readonly region?: string;
  /** Whether the binding opted into global-only scope (no project ID needed). */
  public readonly globalOnly: boolean;
  /** @internal The token options as given, for validation (validation/binding-checks.ts). */
  public readonly _tokenProps: ProjectedTokenOptions;
  /** How the ServiceAccount's pods get credentials (given, or the declaration's). */
  public readonly mode: IdentityMode;
  /** `agencyName` as given, if it was. */
  public readonly agencyNameGiven?: string;
  /** @internal Whether `token` options were given (pod identity ignores them). */
  public readonly _tokenGiven: boolean;
  private readonly grantList: Grant[];
  /** @internal What `grants` was given as, for validation to report a non-array. */
  public readonly _grantsProp: unknown;
  /** @internal What was given where an object was due (the props, or `token`), for validation to report. */
  public readonly _notObjects: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;

  /** @internal */
  public constructor(identity: WorkloadIdentity, index: number, given: ServiceAccountBindingProps) {
    this.identity = identity;
    this.index = index;
    // Wrong types are reported by validation, never thrown here.
    const props: ServiceAccountBindingProps = isJsonObject(given) ? given : ({} as ServiceAccountBindingProps);
    this._notObjects = [
      ...(isJsonObject(given) ? [] : [{ field: '', value: given as unknown }]),
      ...(props.token === undefined || isJsonObject(props.token) ? [] : [{ field: '.token', value: props.token as unknown }]),
    ];
    this.namespace = props.namespace ?? DEFAULT_NAMESPACE;
    this.serviceAccountName = props.serviceAccountName;
    this.iamUserGiven = props.iamUser !== undefined;
    this.iamUser = props.iamUser ?? props.serviceAccountName;
    // A single group name passed as a string must not be spread into characters: keep it as given
    // so validation reports it.
    this.iamGroupsProp = props.iamGroups === undefined ? [] : Array.isArray(props.iamGroups) ? [...props.iamGroups] : props.iamGroups;
    this._tokenProps = isJsonObject(props.token) ? { ...props.token } : {};
    this.projectId = props.projectId ?? identity.projectId;
    this.region = props.region ?? identity.region;
    this.globalOnly = props.globalOnly ?? false;
    this._grantsProp = props.grants;
    this.mode = props.mode ?? identity.mode;
    this.agencyNameGiven = props.agencyName;
    this._tokenGiven = props.token !== undefined;
    this.grantList = Array.isArray(props.grants) ? [...props.grants] : [];
  }

  /** The roles granted to this ServiceAccount alone (its dedicated group's), in order. */
  public get grants(): Grant[] {
    return [...this.grantList];
  }

  /** Grants `role` within `scope` to this ServiceAccount alone (through its dedicated group); returns the binding. */
  public grant(role: IamRole, scope: GrantScope): ServiceAccountBinding {
    return this.addGrant({ role, scope });
  }

  /** Adds a ready-made grant (e.g. `Grants.kmsDecrypt(keyId)`) for this ServiceAccount alone; returns the binding. */
  public addGrant(grant: Grant): ServiceAccountBinding {
    this.grantList.push(grant);
    this.identity._changed();
    return this;
  }

  /**
   * The binding's dedicated group, when it has grants of its own: `<provider>_<namespace>_<name>`
   * (cut and hashed to 128 characters; see `IamGroup.dedicatedGroupName`). Only this
   * ServiceAccount's rule names it, so its rights reach no other ServiceAccount.
   */
  public get dedicatedGroupName(): string | undefined {
    if (this.grantList.length === 0 || this.mode === IdentityMode.POD_IDENTITY) return undefined;
    return IamGroup.dedicatedGroupName(String(this.identity.providerName), String(this.namespace), String(this.serviceAccountName));
  }

  /** IAM user groups, as given (a copy). */
  public get iamGroups(): string[] {
    return Array.isArray(this.iamGroupsProp) ? [...this.iamGroupsProp] : this.iamGroupsProp as string[];
  }

  /**
   * The agency of a pod-identity binding: `agencyName`, or `<provider>.<namespace>.<name>` (cut and
   * hashed to 64 characters). Undefined with OIDC federation.
   */
  public get agencyName(): string | undefined {
    if (this.mode !== IdentityMode.POD_IDENTITY) return undefined;
    // Agency names allow "." (agencyNameRule), unlike group names; at most 64 characters.
    return this.agencyNameGiven ?? boundedName(
      `${String(this.identity.providerName)}.${String(this.namespace)}.${String(this.serviceAccountName)}`,
      MAX_AGENCY_NAME_LENGTH,
    );
  }

  /** Every group the rule maps the ServiceAccount into: `iamGroups`, then the dedicated group. */
  public get groups(): string[] {
    const named = Array.isArray(this.iamGroups) ? [...this.iamGroups] : [];
    const dedicated = this.dedicatedGroupName;
    return dedicated === undefined || named.includes(dedicated) ? named : [...named, dedicated];
  }

  /** The token's `sub`: `system:serviceaccount:<namespace>:<name>`. */
  public get subject(): string {
    return serviceAccountSubject(textOf(this.namespace), textOf(this.serviceAccountName));
  }

  /** The projected token, defaults applied; audience and file path derived. */
  public get token(): ResolvedTokenOptions {
    const path = this._tokenProps.path ?? DEFAULT_TOKEN_PATH;
    const mountPath = this._tokenProps.mountPath ?? DEFAULT_TOKEN_MOUNT_PATH;
    return {
      expirationSeconds: this._tokenProps.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS,
      path,
      mountPath,
      // No client ID: validation refuses it for an OIDC binding; a pod-identity binding mounts no token.
      audience: tokenAudience(this.identity.clientId ?? ''),
      // Total even for values of the wrong type (validation reports them; nothing is written).
      filePath: typeof mountPath === 'string' && typeof path === 'string' ? tokenFilePath(mountPath, path) : `${textOf(mountPath)}/${textOf(path)}`,
      mode: TOKEN_FILE_MODE,
    };
  }

  /** The identity conversion rule admitting exactly this ServiceAccount. */
  public get conversionRule(): ConversionRule {
    return conversionRule(this.subject, this.iamUser, this.groups);
  }

  /** The environment injected into bound containers (none with pod identity: the platform injects its own). */
  public get environment(): Record<string, string> {
    if (this.mode === IdentityMode.POD_IDENTITY) return {};
    return sdkEnvironment({
      providerName: this.identity.providerName,
      tokenFile: this.token.filePath,
      projectId: this.projectId,
      domainId: this.identity.domainId,
      region: this.region,
      iamEndpoint: this.identity.iamEndpoint,
    });
  }

  /** A readable identification, e.g. `default/oidc-token`. */
  public toString(): string {
    return `${textOf(this.namespace)}/${textOf(this.serviceAccountName)}`;
  }
}
