import { CCE_ISSUER } from './constants';
import { providerAccessConfig, ProviderAccessConfig, tokenAudience } from './invariants';
import { IssueCollector, showLabel, ValidationIssue, WorkloadIdentityValidationError } from './issues';
import { Jwks } from './jwks';
import {
  checkExactString, checkText, clientIdRule, describeType, iamEndpointPlainHttpRule, iamEndpointRule, issuerRule, issuerTrailingSlashRule, projectIdRule,
  providerNameRule, regionRule, RuleCheck, signingKeyRule,
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
   * Region injected as `HUAWEICLOUD_SDK_REGION`.
   * @default not injected
   */
  readonly region?: string;
  /**
   * Project ID injected as `HUAWEICLOUD_SDK_PROJECT_ID` (the SDKs need it for regional services).
   * @default not injected
   */
  readonly projectId?: string;
  /**
   * IAM endpoint injected as `HUAWEICLOUD_SDK_IAM_ENDPOINT`.
   * @default not injected (the SDKs use the region's IAM endpoint)
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
  /** IAM endpoint for the SDK environment, if any. */
  public readonly iamEndpoint?: string;
  /** Description of the identity provider. */
  public readonly description: string;
  /** Whether the identity provider is enabled. */
  public readonly enabled: boolean;
  private readonly bindingList: ServiceAccountBinding[] = [];
  /** What `props.bindings` was when it was not an array (reported by validation). */
  private readonly bindingsProp?: unknown;
  /** The last `validate()` result and the binding count it saw (`addBinding` is the only mutation). */
  private validated?: { readonly bindings: number; readonly issues: readonly ValidationIssue[] };

  public constructor(props: WorkloadIdentityProps) {
    this.providerName = props.providerName;
    this.clientId = props.clientId;
    this.issuer = props.issuer ?? CCE_ISSUER;
    this.jwks = props.jwks;
    this.region = props.region;
    this.projectId = props.projectId;
    this.iamEndpoint = props.iamEndpoint;
    this.description = props.description ?? 'CCE workload identity (managed by cce-workload-identity)';
    this.enabled = props.enabled ?? true;
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
    return binding;
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
    if (this.validated?.bindings !== this.bindingList.length) {
      this.validated = { bindings: this.bindingList.length, issues: this.check() };
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
    return [...out.issues];
  }

  /** Throws a `WorkloadIdentityValidationError` listing every error; returns the warnings. */
  public assertValid(): ValidationIssue[] {
    const issues = this.validate();
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new WorkloadIdentityValidationError(errors);
    return issues.filter((i) => i.severity === 'warning');
  }
}
