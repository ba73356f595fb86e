/**
 * The declaration's two classes: `WorkloadIdentity` and the `ServiceAccountBinding`s it holds. They
 * name each other in their public API (`addBinding` returns a binding, `binding.identity` is the
 * declaration), so they share this module; their props and the views the plans and checks read
 * are in types.ts (the classes match the views structurally: `validate()` passes `this` to the checks,
 * so the type check fails if a view asks for a member the classes lack).
 */
import { isJsonObject } from '../../contract/json';
import { boundedName } from '../iam/bounded-name';
import { GrantScope } from '../iam/grant-scope';
import type { Grant } from '../iam/grants';
import { IamGroup, IamGroupProps } from '../iam/iam-group';
import { IamRole } from '../iam/iam-role';
import { IssueSeverity, showName, ValidationIssue, WorkloadIdentityValidationError } from '../issues/issues';
import type { Jwks } from '../jwks/jwks';
import { providerNameRule, textOf } from '../validation/rules';
import { checkWorkloadIdentity } from '../validation/workload-identity-checks';
import {
  CCE_ISSUER, DEFAULT_NAMESPACE, DEFAULT_TOKEN_EXPIRATION_SECONDS, DEFAULT_TOKEN_MOUNT_PATH, DEFAULT_TOKEN_PATH, PLACEHOLDER_DOMAIN_ID,
  PLACEHOLDER_PROJECT_ID, TOKEN_FILE_MODE,
} from './constants';
import { IdentityMode, MAX_AGENCY_NAME_LENGTH, PLACEHOLDER_CLUSTER_ID } from './identity-mode';
import {
  ConversionRule, conversionRule, providerAccessConfig, ProviderAccessConfig, sdkEnvironment, serviceAccountSubject, tokenAudience, tokenFilePath,
} from './invariants';
import type { DeclarationGroup, ProjectedTokenOptions, ResolvedTokenOptions, ServiceAccountBindingProps, WorkloadIdentityProps } from './types';

/**
 * One typed declaration of CCE workload identity. It is plain data shared by both sides: the
 * Terraform side (`WorkloadIdentityProvider`) renders the IAM identity provider and its conversion
 * rules from it, the Kubernetes side (`WorkloadServiceAccount`) the ServiceAccounts, projected
 * tokens and SDK environment. Values that must agree are derived, never repeated.
 */
export class WorkloadIdentity {
  /**
   * A well-formed but non-existent project ID, 32 zeros, for examples that must synthesize without
   * an account; declarations using it synthesize with a `PLACEHOLDER_PROJECT_ID` warning.
   */
  public static readonly PLACEHOLDER_PROJECT_ID: string = PLACEHOLDER_PROJECT_ID;
  /** A well-formed but non-existent account (domain) ID, 32 zeros; synthesizes with a `PLACEHOLDER_DOMAIN_ID` warning. */
  public static readonly PLACEHOLDER_DOMAIN_ID: string = PLACEHOLDER_DOMAIN_ID;
  /** A well-formed but non-existent CCE cluster ID (a zero UUID); synthesizes with a `PLACEHOLDER_CLUSTER_ID` warning. */
  public static readonly PLACEHOLDER_CLUSTER_ID: string = PLACEHOLDER_CLUSTER_ID;

  /** Identity provider name (= `X-Idp-Id` = `HUAWEICLOUD_SDK_IDP_ID`). */
  public readonly providerName: string;
  /** OIDC client ID (= token audience); undefined when not given (allowed when no binding uses OIDC federation). */
  public readonly clientId?: string;
  /** Token issuer (= provider URL). */
  public readonly issuer: string;
  /** The cluster's public signing keys; undefined when not given (allowed when no binding uses OIDC federation). */
  public readonly jwks?: Jwks;
  /** Region for the SDK environment, if any. */
  public readonly region?: string;
  /** Project ID for the SDK environment, if any. */
  public readonly projectId?: string;
  /** Account (domain) ID, if any. */
  public readonly domainId?: string;
  /** IAM endpoint for the SDK environment, if any. */
  public readonly iamEndpoint?: string;
  /** Description of the identity provider. */
  public readonly description: string;
  /** Whether the identity provider is enabled. */
  public readonly enabled: boolean;
  /** How the bindings' pods get credentials, unless a binding says otherwise. */
  public readonly mode: IdentityMode;
  /** The CCE cluster ID, if given (pod identity). */
  public readonly clusterId?: string;
  private readonly bindingList: ServiceAccountBinding[] = [];
  private readonly groupList: IamGroup[] = [];
  /** @internal The declarations this one belongs with (a fleet's clusters); set by the fleet (declaration-groups.ts). */
  public _group?: DeclarationGroup;
  /** @internal What `props.groups` was, for validation to report a non-array. */
  public readonly _groupsProp: unknown;
  /** Counts mutations (bindings, groups, grants added) so `validate()` can cache its result. */
  private revision = 0;
  /** The last `validate()` result and the revision it saw. */
  private validated?: { readonly revision: number; readonly issues: readonly ValidationIssue[] };
  /** @internal What `props.bindings` was when it was not an array (reported by validation). */
  public readonly _bindingsProp?: unknown;

  public constructor(props: WorkloadIdentityProps) {
    this.providerName = props.providerName;
    this.clientId = props.clientId;
    this.issuer = props.issuer ?? CCE_ISSUER;
    this.jwks = props.jwks;
    this.region = props.region;
    this.projectId = props.projectId;
    this.domainId = props.domainId;
    this.iamEndpoint = props.iamEndpoint;
    this.description = props.description ?? 'CCE workload identity (managed by cce-workload-identity)';
    this.enabled = props.enabled ?? true;
    this.mode = props.mode ?? IdentityMode.OIDC_FEDERATION;
    this.clusterId = props.clusterId;
    this._groupsProp = props.groups;
    for (const group of Array.isArray(props.groups) ? props.groups : []) {
      this.addGroup(group);
    }
    // A non-array `bindings` (or a non-object entry) is reported by validation, not thrown here.
    if (props.bindings === undefined || Array.isArray(props.bindings)) {
      for (const binding of props.bindings ?? []) this.addBinding(binding);
    } else {
      this._bindingsProp = props.bindings;
    }
  }

  /** The audience of every projected token: the client ID (undefined when it is not given). */
  public get audience(): string | undefined {
    return this.clientId === undefined ? undefined : tokenAudience(this.clientId);
  }

  /**
   * Whether the declaration renders an IAM identity provider: some binding uses OIDC federation
   * (with no binding yet, the declaration's own mode decides). Pod identity needs no provider, no
   * conversion rules, no client ID and no JWKS.
   */
  public get usesOidcFederation(): boolean {
    const bindings = this.bindingList;
    return bindings.length === 0 ? this.mode !== IdentityMode.POD_IDENTITY : bindings.some((b) => b.mode !== IdentityMode.POD_IDENTITY);
  }

  /**
   * The provider's `access_config`. Throws if the client ID or the JWKS is missing or invalid (validate first).
   * @internal
   */
  public get _accessConfig(): ProviderAccessConfig {
    if (this.clientId === undefined || this.jwks === undefined) {
      throw new Error(`${this.path}: the identity provider needs clientId and jwks (validate first)`);
    }
    return providerAccessConfig(this.issuer, this.clientId, this.jwks.json);
  }

  /** Every binding, in declaration order (a copy: add bindings with `addBinding`). */
  public get bindings(): ServiceAccountBinding[] {
    return [...this.bindingList];
  }

  /** Admits one more ServiceAccount and returns its binding. */
  public addBinding(props: ServiceAccountBindingProps): ServiceAccountBinding {
    const binding = new ServiceAccountBinding(this, this.bindingList.length, props);
    this.bindingList.push(binding);
    this._changed();
    return binding;
  }

  /** Every declared group, in declaration order (groups only named by bindings are not listed). */
  public get groups(): IamGroup[] {
    return [...this.groupList];
  }

  /** Declares an IAM user group (created, or `existing`), to grant roles to and name in bindings. */
  public addGroup(props: IamGroupProps): IamGroup {
    const group = IamGroup._create(this.groupList.length, props, () => this._changed());
    this.groupList.push(group);
    this._changed();
    return group;
  }

  /** The declared group of that name, if any. */
  public findGroup(name: string): IamGroup | undefined {
    return this.groupList.find((g) => g.name === name);
  }

  /** @internal Records a mutation (a binding, group or grant added). */
  public _changed(): void {
    this.revision += 1;
  }

  /** The binding of a ServiceAccount, if it is bound. */
  public findBinding(namespace: string, serviceAccountName: string): ServiceAccountBinding | undefined {
    return this.bindingList.find((b) => b.namespace === namespace && b.serviceAccountName === serviceAccountName);
  }

  /** Path prefix of this declaration in messages. */
  public get path(): string {
    // The provider name is user input: a pasted token is not echoed, an odd type does not throw; a
    // valid name is shown as it is, whatever its shape.
    return `WorkloadIdentity(${showName(this.providerName, providerNameRule)})`;
  }

  /**
   * Every problem of this declaration (errors and warnings), without throwing. The result is
   * computed once per set of bindings: every construct rendering the declaration asks for it
   * during validation, which would otherwise cost O(bindings²).
   */
  public validate(): ValidationIssue[] {
    if (this.validated?.revision !== this.revision) {
      this.validated = { revision: this.revision, issues: checkWorkloadIdentity(this) };
    }
    return [...this.validated.issues];
  }

  /** Throws a `WorkloadIdentityValidationError` listing every error; returns the warnings. */
  public assertValid(): ValidationIssue[] {
    const issues = this.validate();
    const errors = issues.filter((i) => i.severity === IssueSeverity.ERROR);
    if (errors.length > 0) throw new WorkloadIdentityValidationError(errors);
    return issues.filter((i) => i.severity === IssueSeverity.WARNING);
  }
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
