import { CCE_ISSUER, PLACEHOLDER_DOMAIN_ID, PLACEHOLDER_PROJECT_ID } from './constants';
import { checkGrants, customPolicyIdentity } from './grant-plan';
import { IamGroup, IamGroupProps } from './iam-group';
import { IdentityMode } from './identity-mode';
import { checkPodIdentity } from './pod-identity-plan';
import { domainIdRule } from './iam-policy-rules';
import type { IamRole } from './iam-role';
import { providerAccessConfig, ProviderAccessConfig, tokenAudience } from './invariants';
import { IssueCollector, showLabel, ValidationIssue, WorkloadIdentityValidationError } from './issues';
import { Jwks } from './jwks';
import {
  checkExactString, checkText, clientIdRule, describeType, iamEndpointPlainHttpRule, iamEndpointRule, iamGroupNameRule, issuerRule, issuerTrailingSlashRule,
  projectIdRule, providerNameRule, regionRule, RuleCheck, signingKeyRule,
} from './rules';
import { ServiceAccountBinding, ServiceAccountBindingProps } from './service-account-binding';

/** Props of a workload identity declaration. */
export interface WorkloadIdentityProps {
  /**
   * Name of the IAM identity provider. It is also its ID, the `X-Idp-Id` header of the token
   * exchange and the `HUAWEICLOUD_SDK_IDP_ID` environment variable.
   */
  readonly providerName: string;
  /**
   * OIDC client ID of the identity provider; every projected token's audience is set to it.
   */
  readonly clientId: string;
  /**
   * Token issuer, the identity provider URL.
   * @default 'https://kubernetes.default.svc.cluster.local' (every CCE cluster)
   */
  readonly issuer?: string;
  /** The cluster's public signing keys (`kubectl get --raw /openid/v1/jwks`). */
  readonly jwks: Jwks;
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
   * ServiceAccounts admitted by the provider; more can be added with `addBinding`.
   * @default []
   */
  readonly bindings?: readonly ServiceAccountBindingProps[];
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

/**
 * One typed declaration of CCE workload identity. It is plain data shared by both sides: the
 * Terraform side (`WorkloadIdentityProvider`) renders the IAM identity provider and its conversion
 * rules from it, the Kubernetes side (`WorkloadServiceAccount`) the ServiceAccounts, projected
 * tokens and SDK environment. Values that must agree are derived, never repeated.
 */
export class WorkloadIdentity {
  /** Identity provider name (= `X-Idp-Id` = `HUAWEICLOUD_SDK_IDP_ID`). */
  public readonly providerName: string;
  /** OIDC client ID (= token audience). */
  public readonly clientId: string;
  /** Token issuer (= provider URL). */
  public readonly issuer: string;
  /** The cluster's public signing keys. */
  public readonly jwks: Jwks;
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
  private readonly groupsProp: unknown;
  /** Counts mutations (bindings, groups, grants added) so `validate()` can cache its result. */
  private revision = 0;
  /** The last `validate()` result and the revision it saw. */
  private validated?: { readonly revision: number; readonly issues: readonly ValidationIssue[] };
  /** What `props.bindings` was when it was not an array (reported by validation). */
  private readonly bindingsProp?: unknown;

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
    this.groupsProp = props.groups;
    for (const group of Array.isArray(props.groups) ? props.groups : []) {
      this.addGroup(group);
    }
    // A non-array `bindings` (or a non-object entry) is reported by validation, not thrown here.
    if (props.bindings === undefined || Array.isArray(props.bindings)) {
      for (const binding of props.bindings ?? []) this.addBinding(binding);
    } else {
      this.bindingsProp = props.bindings;
    }
  }

  /** The audience of every projected token: the client ID. */
  public get audience(): string {
    return tokenAudience(this.clientId);
  }

  /** The provider's `access_config`. Throws if the JWKS is invalid (validate first). */
  public get accessConfig(): ProviderAccessConfig {
    return providerAccessConfig(this.issuer, this.clientId, this.jwks.json);
  }

  /** Every binding, in declaration order. */
  public get bindings(): readonly ServiceAccountBinding[] {
    return this.bindingList;
  }

  /** Admits one more ServiceAccount and returns its binding. */
  public addBinding(props: ServiceAccountBindingProps): ServiceAccountBinding {
    const binding = new ServiceAccountBinding(this, this.bindingList.length, props);
    this.bindingList.push(binding);
    this._changed();
    return binding;
  }

  /** Every declared group, in declaration order (groups only named by bindings are not listed). */
  public get groups(): readonly IamGroup[] {
    return this.groupList;
  }

  /** Declares an IAM user group (created, or `existing`), to grant roles to and name in bindings. */
  public addGroup(props: IamGroupProps): IamGroup {
    const group = new IamGroup(this.groupList.length, props, () => this._changed());
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
    // The provider name is user input: a pasted token is not echoed, an odd type does not throw.
    return `WorkloadIdentity(${showLabel(this.providerName)})`;
  }

  /**
   * Every problem of this declaration (errors and warnings), without throwing. The result is
   * computed once per set of bindings: every construct rendering the declaration asks for it
   * during validation, which would otherwise cost O(bindings²).
   */
  public validate(): ValidationIssue[] {
    if (this.validated?.revision !== this.revision) {
      this.validated = { revision: this.revision, issues: this.check() };
    }
    return [...this.validated.issues];
  }

  private check(): ValidationIssue[] {
    const out = new IssueCollector();
    const base = this.path;
    // The exact string is checked (no whitespace or control characters), then the field's rule.
    // A credential pasted into a field (a token as the client ID) is never echoed: the collector hides it.
    const field = (name: string, value: unknown, rule: RuleCheck, code: string, fix: string, side: 'both' | 'terraform' | 'kubernetes'): void => {
      const broken = checkExactString(value, rule);
      if (broken) out.error({ code, path: `${base}.${name}`, value, rule: broken, fix, side });
    };
    field('providerName', this.providerName, providerNameRule, 'INVALID_PROVIDER_NAME', 'use e.g. "workload_identity"', 'both');
    field('clientId', this.clientId, clientIdRule, 'INVALID_CLIENT_ID', 'use the client ID you chose for the identity provider, e.g. "cce-workload-identity"', 'both');
    field('issuer', this.issuer, issuerRule, 'INVALID_ISSUER', 'omit it to use the CCE issuer "https://kubernetes.default.svc.cluster.local"', 'terraform');
    if (this.region !== undefined) field('region', this.region, regionRule, 'INVALID_REGION', 'use a region ID such as "cn-north-4"', 'kubernetes');
    if (this.projectId !== undefined) field('projectId', this.projectId, projectIdRule, 'INVALID_PROJECT_ID', 'copy the project ID from the console (My Credentials > Projects)', 'kubernetes');
    if (this.projectId === PLACEHOLDER_PROJECT_ID) {
      out.warn({ code: 'PLACEHOLDER_PROJECT_ID', path: `${base}.projectId`, value: this.projectId, rule: 'is the placeholder project ID: pods get a project that does not exist, and every regional call fails', fix: 'set the real project ID (IAM console > My Credentials > Projects) before deploying', side: 'both' });
    }
    if (this.domainId !== undefined) field('domainId', this.domainId, domainIdRule, 'INVALID_DOMAIN_ID', 'copy the account ID from the console (My Credentials > Account ID)', 'both');
    if (this.domainId === PLACEHOLDER_DOMAIN_ID) {
      out.warn({ code: 'PLACEHOLDER_DOMAIN_ID', path: `${base}.domainId`, value: this.domainId, rule: 'is the placeholder account ID: domain grants (e.g. OBS) and global credentials would target an account that does not exist', fix: 'set the real account ID (IAM console > My Credentials) before deploying', side: 'both' });
    }
    if (this.iamEndpoint !== undefined) field('iamEndpoint', this.iamEndpoint, iamEndpointRule, 'INVALID_IAM_ENDPOINT', 'omit it, or use "https://iam.<region>.myhuaweicloud.com"', 'kubernetes');
    if (typeof this.iamEndpoint === 'string' && !checkExactString(this.iamEndpoint, iamEndpointRule)) {
      const http = iamEndpointPlainHttpRule(this.iamEndpoint);
      if (http) out.warn({ code: 'IAM_ENDPOINT_PLAIN_HTTP', path: `${base}.iamEndpoint`, value: this.iamEndpoint, rule: http, fix: 'for a local emulator use `cce-workload-identity emulate --tls` and its https:// URL', side: 'kubernetes' });
    }
    if (typeof this.issuer === 'string' && !checkExactString(this.issuer, issuerRule)) {
      const slash = issuerTrailingSlashRule(this.issuer);
      if (slash) out.warn({ code: 'ISSUER_TRAILING_SLASH', path: `${base}.issuer`, value: this.issuer, rule: slash, fix: `remove the trailing "/" unless the cluster's --service-account-issuer really has one (compare with the "iss" of a token); CCE uses "${CCE_ISSUER}"`, side: 'terraform' });
    }
    if (typeof this.enabled !== 'boolean') {
      out.error({ code: 'INVALID_ENABLED', path: `${base}.enabled`, value: this.enabled, rule: 'must be true or false', fix: 'pass a boolean, or omit it (enabled)', side: 'terraform' });
    }
    const description = checkText(this.description, (v) => (v.length > 255 ? 'must be a string of at most 255 characters' : undefined));
    if (description) {
      out.error({ code: 'INVALID_DESCRIPTION', path: `${base}.description`, value: this.description, rule: description, fix: 'shorten it, on one line', side: 'terraform' });
    }
    if (!(this.jwks instanceof Jwks)) {
      out.error({ code: 'INVALID_JWKS', path: `${base}.jwks`, rule: 'must be a Jwks (Jwks.fromFile, Jwks.fromJson or Jwks.fromObject)', fix: 'pass jwks: Jwks.fromFile("jwks.json")', side: 'terraform' });
    } else {
      this.jwks.check(out, `${base}.jwks`);
      const json = this.jwks.validJson;
      const tooLong = json === undefined ? undefined : signingKeyRule(json);
      if (tooLong) {
        out.error({ code: 'INVALID_SIGNING_KEY_LENGTH', path: `${base}.jwks`, rule: tooLong, fix: 'list only the keys that sign tokens still in use (kubectl get --raw /openid/v1/jwks)', side: 'terraform' });
      }
    }
    if (this.bindingsProp !== undefined) {
      out.error({ code: 'INVALID_BINDINGS', path: `${base}.bindings`, rule: `must be an array of bindings (got ${describeType(this.bindingsProp)})`, fix: 'pass bindings: [{ namespace, serviceAccountName, iamGroups }]', side: 'both' });
    } else if (this.bindingList.length === 0) {
      out.error({ code: 'NO_BINDINGS', path: `${base}.bindings`, rule: 'is empty: the provider would admit no ServiceAccount', fix: 'add a binding, e.g. { namespace: "default", serviceAccountName: "oidc-token", iamGroups: ["demo"] }', side: 'both' });
    }
    this.checkGroups(out, base);
    const seen = new Map<string, number>();
    for (const binding of this.bindingList) {
      binding._check(out, base);
      if (typeof binding.namespace !== 'string' || typeof binding.serviceAccountName !== 'string') continue;
      const key = binding.subject;
      const first = seen.get(key);
      if (first !== undefined) {
        out.error({ code: 'DUPLICATE_BINDING', path: `${base}.bindings[${binding.index}]`, value: binding.toString(), rule: `binds the same ServiceAccount as bindings[${first}]; one ServiceAccount maps to one IAM identity`, fix: 'merge the two bindings (list all groups in one)', side: 'both', bindingIndex: binding.index });
      } else {
        seen.set(key, binding.index);
      }
    }
    this.checkGroupNames(out, base);
    this.checkCustomPolicies(out, base);
    checkPodIdentity(this, out, base);
    return [...out.issues];
  }

  /** Declared groups: names, flags, their grants. */
  private checkGroups(out: IssueCollector, base: string): void {
    const side = 'terraform';
    if (this.groupsProp !== undefined && !Array.isArray(this.groupsProp)) {
      out.error({ code: 'INVALID_GROUPS', path: `${base}.groups`, rule: 'must be a list of groups', fix: 'pass e.g. [{ name: "demo", grants: [...] }]', side });
    }
    const byName = new Map<string, IamGroup>();
    for (const group of this.groupList) {
      const path = `${base}.groups[${group.index}]`;
      const brokenName = typeof group.name === 'string' ? iamGroupNameRule(group.name) : 'must be a string';
      if (brokenName) out.error({ code: 'INVALID_IAM_GROUP', path: `${path}.name`, value: group.name, rule: brokenName, fix: 'use the IAM user group name, e.g. "demo"', side });
      if (typeof group.existing !== 'boolean') {
        out.error({ code: 'INVALID_GROUP_EXISTING', path: `${path}.existing`, value: group.existing, rule: 'must be true or false', fix: 'pass a boolean, or omit it (the library creates the group)', side });
      }
      if (group.description !== undefined) {
        if (group.existing === true) {
          out.error({ code: 'EXISTING_GROUP_DESCRIPTION', path: `${path}.description`, value: group.description, rule: 'is set on an existing group, which is looked up by name only and never changed', fix: 'remove the description, or let the library create the group (existing: false)', side });
        } else if (typeof group.description !== 'string' || group.description.length > 255) {
          out.error({ code: 'INVALID_GROUP_DESCRIPTION', path: `${path}.description`, value: group.description, rule: 'must be a string of at most 255 characters (IAM "Creating a User Group")', fix: 'shorten it', side });
        }
      }
      const first = byName.get(group.name);
      if (first !== undefined) {
        const conflict = first.existing !== group.existing;
        out.error({
          code: conflict ? 'GROUP_CREATED_AND_EXISTING' : 'DUPLICATE_GROUP',
          path: `${path}.name`,
          value: group.name,
          rule: conflict
            ? `is declared as existing in one place and to be created in another (groups[${first.index}]): a group is either looked up or created, never both`
            : `is declared twice (also groups[${first.index}])`,
          fix: conflict ? 'declare the group once, with existing: true if it already exists in the account' : 'declare the group once and put all its grants there',
          side,
        });
      } else {
        byName.set(group.name, group);
      }
      checkGrants(out, group._grantsProp === undefined || Array.isArray(group._grantsProp) ? group.grants : group._grantsProp, `${path}.grants`, { projectId: this.projectId, domainId: this.domainId, projectFrom: 'the declaration' });
    }
  }

  /** A dedicated group's name must not be any other group's. */
  private checkGroupNames(out: IssueCollector, base: string): void {
    const dedicated = new Map<string, ServiceAccountBinding>();
    for (const binding of this.bindingList) {
      const name = binding.dedicatedGroupName;
      if (name === undefined) continue;
      const taken = this.findGroup(name) !== undefined
        || this.bindingList.some((other) => Array.isArray(other.iamGroups) && other.iamGroups.includes(name))
        || dedicated.has(name);
      if (taken) {
        out.error({ code: 'DEDICATED_GROUP_NAME_TAKEN', path: `${base}.bindings[${binding.index}].grants`, value: name, rule: 'needs a dedicated group of this name, which the declaration also uses as a shared group, so other ServiceAccounts would get these rights', fix: 'rename the shared group, or grant through a declared group instead of the binding', side: 'terraform', bindingIndex: binding.index });
      }
      dedicated.set(name, binding);
    }
  }

  /** Custom policies are created once per name: two different ones may not share it. */
  private checkCustomPolicies(out: IssueCollector, base: string): void {
    const byName = new Map<string, { role: IamRole; rendered: string; path: string }>();
    const visit = (grants: readonly unknown[], path: string): void => {
      grants.forEach((grant, i) => {
        const role = (grant as { role?: IamRole } | undefined)?.role;
        if (!role || typeof role !== 'object' || !role.isCustom) return;
        const rendered = customPolicyIdentity(role);
        const first = byName.get(role.name);
        if (first === undefined) byName.set(role.name, { role, rendered, path: `${path}[${i}]` });
        else if (first.rendered !== rendered) {
          out.error({ code: 'CONFLICTING_CUSTOM_POLICY', path: `${path}[${i}].role.name`, value: role.name, rule: `names a custom policy that differs from the one of the same name at ${first.path}; each name is created once`, fix: 'give the policies different names, or use the same one', side: 'terraform' });
        }
      });
    };
    this.groupList.forEach((g) => visit(g.grants, `${base}.groups[${g.index}].grants`));
    this.bindingList.forEach((b) => visit(b.grants, `${base}.bindings[${b.index}].grants`));
  }

  /** Throws a `WorkloadIdentityValidationError` listing every error; returns the warnings. */
  public assertValid(): ValidationIssue[] {
    const issues = this.validate();
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new WorkloadIdentityValidationError(errors);
    return issues.filter((i) => i.severity === 'warning');
  }
}

