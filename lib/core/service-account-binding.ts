import {
  DEFAULT_API_TOKEN_MOUNT_PATH, DEFAULT_NAMESPACE, DEFAULT_TOKEN_EXPIRATION_SECONDS, DEFAULT_TOKEN_MOUNT_PATH, DEFAULT_TOKEN_PATH,
  KUBELET_MAX_REFRESH_SECONDS, MAX_GROUPS_PER_USER, MAX_TOKEN_EXPIRATION_SECONDS, MIN_TOKEN_EXPIRATION_SECONDS, PLACEHOLDER_PROJECT_ID, TOKEN_FILE_MODE,
} from './constants';
import { bindingContext, checkGrants } from './grant-plan';
import { GrantScope } from './grant-scope';
import type { Grant } from './grants';
import { IamGroup } from './iam-group';
import { IamRole } from './iam-role';
import { IdentityMode } from './identity-mode';
import { ConversionRule, conversionRule, sdkEnvironment, serviceAccountSubject, tokenAudience, tokenFilePath } from './invariants';
import { IssueCollector } from './issues';
import {
  checkExactString, describeType, iamGroupNameRule, iamUserNameRule, mountPathRule, namespaceRule, projectIdRule, regionRule, RuleCheck, secretKind,
  serviceAccountNameRule, suggestDnsName, tokenPathRule,
} from './rules';
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
  readonly iamGroups?: readonly string[];
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
  /** IAM user groups. */
  public readonly iamGroups: readonly string[];
  /** Project ID for the SDK environment, if any. */
  public readonly projectId?: string;
  /** Region for the SDK environment, if any. */
  public readonly region?: string;
  /** Whether the binding opted into global-only scope (no project ID needed). */
  public readonly globalOnly: boolean;
  /** How the ServiceAccount's pods get credentials (given, or the declaration's). */
  public readonly mode: IdentityMode;
  /** `agencyName` as given, if it was. */
  public readonly agencyNameGiven?: string;
  /** @internal Whether `token` options were given (pod identity ignores them). */
  public readonly _tokenGiven: boolean;
  private readonly tokenProps: ProjectedTokenOptions;
  private readonly grantList: Grant[];
  private readonly grantsProp: unknown;
  /** What was given where an object was due (the props, or `token`), for validation to report. */
  private readonly notObjects: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;

  /** @internal */
  public constructor(identity: WorkloadIdentity, index: number, given: ServiceAccountBindingProps) {
    this.identity = identity;
    this.index = index;
    // Wrong types are reported by validation, never thrown here.
    const isObject = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x);
    const props: ServiceAccountBindingProps = isObject(given) ? given : ({} as ServiceAccountBindingProps);
    this.notObjects = [
      ...(isObject(given) ? [] : [{ field: '', value: given as unknown }]),
      ...(props.token === undefined || isObject(props.token) ? [] : [{ field: '.token', value: props.token as unknown }]),
    ];
    this.namespace = props.namespace ?? DEFAULT_NAMESPACE;
    this.serviceAccountName = props.serviceAccountName;
    this.iamUserGiven = props.iamUser !== undefined;
    this.iamUser = props.iamUser ?? props.serviceAccountName;
    // A single group name passed as a string must not be spread into characters: keep it as given
    // so validation reports it.
    this.iamGroups = props.iamGroups === undefined ? [] : Array.isArray(props.iamGroups) ? [...props.iamGroups] : props.iamGroups;
    this.tokenProps = isObject(props.token) ? { ...props.token } : {};
    this.projectId = props.projectId ?? identity.projectId;
    this.region = props.region ?? identity.region;
    this.globalOnly = props.globalOnly ?? false;
    this.mode = props.mode ?? identity.mode;
    this.agencyNameGiven = props.agencyName;
    this._tokenGiven = props.token !== undefined;
    this.grantsProp = props.grants;
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
   * The binding's dedicated group, when it has grants of its own: `<provider>.<namespace>.<name>`
   * (cut and hashed to 64 characters; see `IamGroup.dedicatedGroupName`). Only this
   * ServiceAccount's rule names it, so its rights reach no other ServiceAccount.
   */
  public get dedicatedGroupName(): string | undefined {
    if (this.grantList.length === 0 || this.mode === IdentityMode.POD_IDENTITY) return undefined;
    return IamGroup.dedicatedGroupName(String(this.identity.providerName), String(this.namespace), String(this.serviceAccountName));
  }

  /**
   * The agency of a pod-identity binding: `agencyName`, or `<provider>.<namespace>.<name>` (cut and
   * hashed to 64 characters). Undefined with OIDC federation.
   */
  public get agencyName(): string | undefined {
    if (this.mode !== IdentityMode.POD_IDENTITY) return undefined;
    return this.agencyNameGiven ?? IamGroup.dedicatedGroupName(String(this.identity.providerName), String(this.namespace), String(this.serviceAccountName));
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
    const path = this.tokenProps.path ?? DEFAULT_TOKEN_PATH;
    const mountPath = this.tokenProps.mountPath ?? DEFAULT_TOKEN_MOUNT_PATH;
    return {
      expirationSeconds: this.tokenProps.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS,
      path,
      mountPath,
      audience: tokenAudience(this.identity.clientId),
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

  /** @internal Checks this binding's own fields. */
  public _check(out: IssueCollector, base: string): void {
    const path = `${base}.bindings[${this.index}]`;
    const bindingIndex = this.index;
    // The exact string is checked, then the field's rule; the collector never echoes a credential.
    const name = (field: string, value: unknown, rule: RuleCheck, code: string, fix: string, side: 'both' | 'terraform' | 'kubernetes' = 'both'): void => {
      const broken = checkExactString(value, rule, rule === iamUserNameRule || rule === iamGroupNameRule);
      if (broken) out.error({ code, path: `${path}.${field}`, value, rule: broken, fix, side, bindingIndex });
    };
    for (const { field, value } of this.notObjects) {
      out.error({ code: 'INVALID_BINDING', path: `${path}${field}`, rule: `must be an object (got ${describeType(value)})`, fix: field === '' ? 'pass { namespace, serviceAccountName, iamGroups }' : 'pass token: { expirationSeconds, path, mountPath }, or omit it', side: 'both', bindingIndex });
    }
    // The suggested name is derived from the bad one (never from a value that looks like a secret).
    const like = (value: unknown, kind: 'label' | 'subdomain', fallback: string): string =>
      (typeof value === 'string' && secretKind(value) === undefined ? suggestDnsName(value, kind) : undefined) ?? fallback;
    name('namespace', this.namespace, namespaceRule, 'INVALID_NAMESPACE', `use the namespace exactly as Kubernetes shows it, e.g. "${like(this.namespace, 'label', 'default')}"`);
    name('serviceAccountName', this.serviceAccountName, serviceAccountNameRule, 'INVALID_SERVICE_ACCOUNT_NAME', `use a lowercase name such as "${like(this.serviceAccountName, 'subdomain', 'oidc-token')}"`);
    const oidc = this.mode !== IdentityMode.POD_IDENTITY;
    if (this.iamUserGiven) {
      name('iamUser', this.iamUser, iamUserNameRule, 'INVALID_IAM_USER', 'use a name such as "test" or "app-reader"', 'terraform');
    } else if (oidc && typeof this.serviceAccountName === 'string' && serviceAccountNameRule(this.serviceAccountName) === undefined) {
      const broken = iamUserNameRule(this.serviceAccountName);
      if (broken) {
        out.error({ code: 'IAM_USER_REQUIRED', path: `${path}.iamUser`, value: this.serviceAccountName, rule: `is not set, and the ServiceAccount name it defaults to is not a valid IAM user name (it ${broken})`, fix: 'set iamUser, e.g. "app-reader"', side: 'terraform', bindingIndex });
      }
    }
    if (!Array.isArray(this.iamGroups)) {
      out.error({ code: 'INVALID_IAM_GROUPS', path: `${path}.iamGroups`, rule: 'must be an array of group names', fix: 'pass e.g. ["demo"]', side: 'terraform', bindingIndex });
    } else {
      const seen = new Set<string>();
      this.iamGroups.forEach((group, i) => {
        name(`iamGroups[${i}]`, group, iamGroupNameRule, 'INVALID_IAM_GROUP', 'use the IAM user group name, e.g. "demo"', 'terraform');
        if (seen.has(group)) {
          out.error({ code: 'DUPLICATE_IAM_GROUP', path: `${path}.iamGroups[${i}]`, value: group, rule: 'is listed twice', fix: 'list each group once', side: 'terraform', bindingIndex });
        }
        seen.add(group);
      });
    }
    const groups = this.groups;
    if (!oidc) {
      // Pod identity: no user, no groups; the agency's checks are in pod-identity-plan.ts.
    } else if (!this.iamUserGiven && Array.isArray(this.iamGroups) && groups.length === 0) {
      out.error({ code: 'BINDING_MAPS_TO_NOTHING', path, value: this.toString(), rule: 'maps the ServiceAccount to neither an IAM user nor a group, so the rule would admit it with no identity', fix: 'set iamUser and/or iamGroups (groups carry the permissions), or grant roles with grants', side: 'terraform', bindingIndex });
    } else if (groups.length === 0) {
      out.warn({ code: 'BINDING_WITHOUT_GROUPS', path: `${path}.iamGroups`, rule: 'is empty and the binding has no grants: the federated user gets an IAM token but no permissions (permissions come from groups)', fix: 'add the user group whose permissions the workload needs, or grants', side: 'terraform', bindingIndex });
    } else if (groups.length > MAX_GROUPS_PER_USER) {
      out.warn({ code: 'TOO_MANY_GROUPS', path: `${path}.iamGroups`, value: `${groups.length} groups`, rule: `exceeds the ${MAX_GROUPS_PER_USER} groups IAM lets a user belong to (IAM "Notes and Constraints"; whether federated users are held to it is not documented)`, fix: 'merge groups, or grant the roles to fewer groups', side: 'terraform', bindingIndex });
    }
    if (this.grantsProp !== undefined || this.grantList.length > 0) {
      checkGrants(out, Array.isArray(this.grantsProp) || this.grantsProp === undefined ? this.grantList : this.grantsProp, `${path}.grants`, bindingContext(this), bindingIndex);
    }
    if (this.projectId !== undefined) name('projectId', this.projectId, projectIdRule, 'INVALID_PROJECT_ID', 'copy the project ID from the console (My Credentials > Projects)', 'kubernetes');
    if (this.region !== undefined) name('region', this.region, regionRule, 'INVALID_REGION', 'use a region ID such as "cn-north-4"', 'kubernetes');
    this.checkScope(out, path, bindingIndex);
    this.checkToken(out, `${path}.token`, bindingIndex);
  }

  /**
   * The SDKs need the project for regional services: the Node SDK cannot fill `{project_id}`
   * without HUAWEICLOUD_SDK_PROJECT_ID, and Go, Python and Java look it up with
   * `GET /v3/projects?name=<region>`, which a federated identity is normally not allowed to call.
   */
  private checkScope(out: IssueCollector, path: string, bindingIndex: number): void {
    if (typeof this.globalOnly !== 'boolean') {
      out.error({ code: 'INVALID_GLOBAL_ONLY', path: `${path}.globalOnly`, value: this.globalOnly, rule: 'must be true or false', fix: 'pass a boolean, or omit it (false)', side: 'kubernetes', bindingIndex });
      return;
    }
    if (this.globalOnly) {
      if (this.identity.domainId === undefined) {
        out.error({ code: 'GLOBAL_ONLY_NEEDS_DOMAIN_ID', path: `${path}.globalOnly`, value: true, rule: 'is set, but the declaration has no domainId to inject as HUAWEICLOUD_SDK_DOMAIN_ID (the SDKs\' global credentials otherwise call GET /v3/auth/domains, which federated identities are normally not allowed to)', fix: 'set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters)', side: 'kubernetes', bindingIndex });
      }
      return;
    }
    if (this.projectId === undefined) {
      out.error({
        code: 'PROJECT_ID_REQUIRED',
        path: `${path}.projectId`,
        rule: `is not set (neither on the binding of ${this} nor on the declaration), so its pods get no HUAWEICLOUD_SDK_PROJECT_ID: the Node SDK cannot fill {project_id} in regional URLs, and the Go, Python and Java SDKs look the project up with GET /v3/projects?name=<region>, which the federated identity is normally not allowed to call`,
        fix: 'set projectId (32 hex characters) on the declaration or the binding; find it in the console under My Credentials > Projects (the row of your region), with Terraform data "huaweicloud_identity_projects" { name = "<region>" }, or with the IAM API GET /v3/projects?name=<region> called with administrator credentials; or set globalOnly: true (with domainId) if the workloads only call global services',
        side: 'kubernetes',
        bindingIndex,
      });
    } else if (this.projectId === PLACEHOLDER_PROJECT_ID && this.projectId !== this.identity.projectId) {
      out.warn({ code: 'PLACEHOLDER_PROJECT_ID', path: `${path}.projectId`, value: this.projectId, rule: 'is the placeholder project ID: pods get a project that does not exist, and every regional call fails', fix: 'set the real project ID (My Credentials > Projects) before deploying', side: 'kubernetes', bindingIndex });
    }
  }

  private checkToken(out: IssueCollector, path: string, bindingIndex: number): void {
    const t = this.tokenProps;
    const side = 'kubernetes';
    if (t.expirationSeconds !== undefined) {
      const x = t.expirationSeconds;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < MIN_TOKEN_EXPIRATION_SECONDS || x > MAX_TOKEN_EXPIRATION_SECONDS) {
        out.error({ code: 'INVALID_TOKEN_EXPIRATION', path: `${path}.expirationSeconds`, value: x, rule: `must be a whole number of seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} (kube-apiserver's minimum) to ${MAX_TOKEN_EXPIRATION_SECONDS} (2^32)`, fix: `use ${DEFAULT_TOKEN_EXPIRATION_SECONDS} (the CCE guide's value) or at least ${MIN_TOKEN_EXPIRATION_SECONDS}`, side, bindingIndex });
      } else if (x > KUBELET_MAX_REFRESH_SECONDS) {
        out.warn({ code: 'LONG_TOKEN_EXPIRATION', path: `${path}.expirationSeconds`, value: x, rule: `exceeds 24 h; the kubelet rotates projected tokens after 24 h anyway, so a longer lifetime only widens the window a leaked token stays valid`, fix: `use at most ${KUBELET_MAX_REFRESH_SECONDS}`, side, bindingIndex });
      }
    }
    if (t.path !== undefined) {
      const broken = checkExactString(t.path, tokenPathRule);
      if (broken) out.error({ code: 'INVALID_TOKEN_PATH', path: `${path}.path`, value: t.path, rule: broken, fix: `use a file name such as "${DEFAULT_TOKEN_PATH}"`, side, bindingIndex });
    }
    if (t.mountPath !== undefined) {
      const m = t.mountPath;
      const broken = checkExactString(m, mountPathRule);
      if (broken || typeof m !== 'string') {
        out.error({ code: 'INVALID_MOUNT_PATH', path: `${path}.mountPath`, value: m, rule: broken ?? 'must be a string', fix: `use "${DEFAULT_TOKEN_MOUNT_PATH}"`, side, bindingIndex });
      } else if (overlaps(m, DEFAULT_API_TOKEN_MOUNT_PATH) || overlaps(m.replace(/^\/run(?=\/|$)/, '/var/run'), DEFAULT_API_TOKEN_MOUNT_PATH)) {
        // /var/run is a symlink to /run in most images, so /run/secrets/... is the same directory.
        out.error({ code: 'MOUNT_PATH_COLLIDES_WITH_API_TOKEN', path: `${path}.mountPath`, value: m, rule: `overlaps "${DEFAULT_API_TOKEN_MOUNT_PATH}" (or its /run alias), where Kubernetes mounts the default API token`, fix: `use "${DEFAULT_TOKEN_MOUNT_PATH}"`, side, bindingIndex });
      }
    }
  }
}

/** A value as text for derived strings (`subject`, `toString`): strings as they are, anything else described. Never throws. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : `<${describeType(value)}>`;
}

/** Whether one directory is the other or contains it. */
function overlaps(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}
