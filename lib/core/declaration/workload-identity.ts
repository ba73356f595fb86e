import { CCE_ISSUER, PLACEHOLDER_DOMAIN_ID, PLACEHOLDER_PROJECT_ID } from './constants';
import { PLACEHOLDER_CLUSTER_ID } from './identity-mode';
import type { DeclarationGroup } from './declaration-groups';
import { IamGroup, IamGroupProps } from '../iam/iam-group';
import { IdentityMode } from './identity-mode';
import { providerAccessConfig, ProviderAccessConfig, tokenAudience } from './invariants';
import { IssueSeverity, showName, ValidationIssue, WorkloadIdentityValidationError } from '../issues/issues';
import { providerNameRule } from '../validation/rules';
import type { Jwks } from '../jwks/jwks';
import { ServiceAccountBinding, ServiceAccountBindingProps } from './service-account-binding';
import { checkWorkloadIdentity } from '../validation/workload-identity-checks';

/**
 * The settings of a declaration besides its provider name, keys and bindings: what the clusters of
 * a `WorkloadIdentityFleet` share.
 */
export interface WorkloadIdentitySettings {
  /**
   * OIDC client ID of the identity provider; every projected token's audience is set to it.
   * Required as soon as one binding uses OIDC federation (checked at synthesis, so bindings added
   * later count); a declaration whose bindings all use pod identity renders no identity provider
   * and needs none.
   * @default none: required when any binding uses `IdentityMode.OIDC_FEDERATION`
   */
  readonly clientId?: string;
  /**
   * Token issuer, the identity provider URL.
   * @default 'https://kubernetes.default.svc.cluster.local' (every CCE cluster)
   */
  readonly issuer?: string;
  /**
   * Region injected as `HUAWEICLOUD_SDK_REGION`, which this package's runtime reads (token scope by
   * project name, regional IAM endpoint). The Huawei Cloud SDKs do not read it: they take the
   * region from code.
   * @default not injected
   */
  readonly region?: string;
  /**
   * Project ID injected as `HUAWEICLOUD_SDK_PROJECT_ID`. Every binding needs one (here or on the
   * binding) unless it is `globalOnly`: without it the SDKs cannot call regional services.
   * Find it under IAM console > My Credentials > Projects.
   * @default none: synthesis fails for bindings that are not `globalOnly`
   */
  readonly projectId?: string;
  /**
   * The account (domain) ID, 32 hex characters (IAM console > My Credentials). Injected as
   * `HUAWEICLOUD_SDK_DOMAIN_ID` (the SDKs' global credentials) and used by grants on the domain
   * (`GrantScope.domain()`, e.g. OBS).
   * @default none (required by domain grants and `globalOnly` bindings)
   */
  readonly domainId?: string;
  /**
   * IAM endpoint injected as `HUAWEICLOUD_SDK_IAM_ENDPOINT`.
   * @default not injected: the SDKs use the global `https://iam.myhuaweicloud.com`, the runtime
   * `https://iam.<region>.myhuaweicloud.com`
   */
  readonly iamEndpoint?: string;
  /**
   * Description of the identity provider.
   * @default 'CCE workload identity (managed by cce-workload-identity)'
   */
  readonly description?: string;
  /**
   * Whether the identity provider is enabled.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * IAM user groups with their grants; more with `addGroup`. A group a binding names in
   * `iamGroups` without declaring it here is created by the library (with no grants); declare it
   * with `existing: true` when it already exists.
   * @default []
   */
  readonly groups?: IamGroupProps[];
  /**
   * How the bindings' pods get credentials: OIDC federation (an IAM identity provider and
   * conversion rules; projected tokens) or CCE pod identity (an agency and a pod identity
   * association per binding; the platform injects the credentials endpoint). A binding's own
   * `mode` overrides it.
   * @default IdentityMode.OIDC_FEDERATION
   */
  readonly mode?: IdentityMode;
  /**
   * The CCE cluster ID (a UUID; CCE console > cluster > Overview), required when any binding uses
   * pod identity: the associations name it.
   * @default none
   */
  readonly clusterId?: string;
}

/** Props of a workload identity declaration. */
export interface WorkloadIdentityProps extends WorkloadIdentitySettings {
  /**
   * Name of the IAM identity provider. It is also its ID and the `HUAWEICLOUD_SDK_IDP_ID`
   * environment variable, which the Go, Python and Java SDKs and this package's runtime send as the
   * `X-Idp-Id` header of `POST /v3.0/OS-AUTH/id-token/tokens`, and the Node SDK puts in the URL path
   * of `POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/oidc/auth` (`Authorization: Bearer`).
   */
  readonly providerName: string;
  /**
   * The cluster's public signing keys (`kubectl get --raw /openid/v1/jwks`), which the identity
   * provider trusts. Required as soon as one binding uses OIDC federation (checked at synthesis);
   * pod identity trusts no keys of the library's.
   * @default none: required when any binding uses `IdentityMode.OIDC_FEDERATION`
   */
  readonly jwks?: Jwks;
  /**
   * ServiceAccounts admitted by the provider; more can be added with `addBinding`.
   * @default []
   */
  readonly bindings?: ServiceAccountBindingProps[];
}

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

