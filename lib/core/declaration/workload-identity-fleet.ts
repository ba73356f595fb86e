/**
 * The same bindings for several clusters. Every CCE cluster signs its tokens with the same issuer,
 * `https://kubernetes.default.svc.cluster.local`, so one identity provider trusting two clusters'
 * keys would admit a ServiceAccount of either cluster under the other's rules. A fleet therefore
 * declares one identity provider per cluster, each trusting that cluster's keys only.
 */
import { MAX_IDENTITY_PROVIDERS_PER_ACCOUNT } from './constants';
import { registerDeclarationGroup } from './declaration-groups';
import { validateDeclarations } from './declarations';
import {
  IssueCollector, IssueSeverity, IssueSide, publicProviderNames, showLabel, ValidationIssue, WorkloadIdentityValidationError,
} from '../issues/issues';
import type { Jwks } from '../jwks/jwks';
import { describeType, namespaceRule, providerNameRule, redactSecrets, textOf } from '../validation/rules';
import type { IamGroupProps } from '../iam/iam-group';
import type { IdentityMode } from './identity-mode';
import { FieldChecker } from '../validation/field-checker';
import type { DeclarationGroup, ServiceAccountBindingProps, WorkloadIdentityProps, WorkloadIdentitySettings } from './types';
import { type ServiceAccountBinding, WorkloadIdentity } from './workload-identity';

/**
 * One cluster of a fleet. Every setting of {@link WorkloadIdentitySettings} may be given again
 * here to override the fleet's for this cluster.
 */
export interface WorkloadIdentityFleetClusterProps {
  /**
   * Name of the cluster in the fleet: a DNS-1123 label (at most 63 lowercase letters, digits and
   * "-"). It names the cluster's identity provider (`<providerNamePrefix><name>`) and its
   * Kubernetes output directory (`dist/<name>/`).
   */
  readonly name: string;
  /**
   * This cluster's public signing keys (`cce-workload-identity jwks fetch --context <its context> --out <file>`).
   * Required as soon as one of the cluster's bindings uses OIDC federation (checked at synthesis).
   * @default none: required when any binding uses `IdentityMode.OIDC_FEDERATION`
   */
  readonly jwks?: Jwks;
  /**
   * Name of this cluster's identity provider.
   * @default `<providerNamePrefix><name>`, e.g. 'workload_identity_prod-a'
   */
  readonly providerName?: string;
  /** This cluster's OIDC client ID. @default the fleet's `settings.clientId` */
  readonly clientId?: string;
  /** This cluster's token issuer. @default the fleet's `settings.issuer` */
  readonly issuer?: string;
  /** This cluster's region. @default the fleet's `settings.region` */
  readonly region?: string;
  /** This cluster's project ID. @default the fleet's `settings.projectId` */
  readonly projectId?: string;
  /** The account (domain) ID. @default the fleet's `settings.domainId` */
  readonly domainId?: string;
  /** This cluster's IAM endpoint. @default the fleet's `settings.iamEndpoint` */
  readonly iamEndpoint?: string;
  /** Description of this cluster's identity provider. @default the fleet's `settings.description` */
  readonly description?: string;
  /** Whether this cluster's identity provider is enabled. @default the fleet's `settings.enabled` */
  readonly enabled?: boolean;
  /** IAM user groups with their grants. @default the fleet's `settings.groups` */
  readonly groups?: IamGroupProps[];
  /** How this cluster's bindings get credentials. @default the fleet's `settings.mode` */
  readonly mode?: IdentityMode;
  /** This cluster's CCE cluster ID (pod identity associations name it). @default the fleet's `settings.clusterId` */
  readonly clusterId?: string;
}

/** Props of a fleet. */
export interface WorkloadIdentityFleetProps {
  /** The settings every cluster shares (a cluster may override each). */
  readonly settings: WorkloadIdentitySettings;
  /** The clusters; each gets its own identity provider. */
  readonly clusters: WorkloadIdentityFleetClusterProps[];
  /**
   * Prefix of the derived provider names.
   * @default 'workload_identity_'
   */
  readonly providerNamePrefix?: string;
  /**
   * How many identity providers the account may hold; IAM's default quota is 10 per account. Count
   * the providers the account has outside this app too: lower the value by their number.
   * @default 10
   */
  readonly identityProviderQuota?: number;
  /**
   * ServiceAccounts every cluster's provider admits; more can be added with `addBinding`.
   * @default []
   */
  readonly bindings?: ServiceAccountBindingProps[];
}

/** One cluster of a fleet and its declaration. */
export class WorkloadIdentityFleetCluster {
  /** Name of the cluster in the fleet. */
  public readonly name: string;
  /** Position in the fleet. */
  public readonly index: number;
  /** The cluster's declaration: its identity provider, keys and bindings. */
  public readonly identity: WorkloadIdentity;

  /** @internal */
  public constructor(name: string, index: number, identity: WorkloadIdentity) {
    this.name = name;
    this.index = index;
    this.identity = identity;
  }

  /** The binding of a ServiceAccount in this cluster; throws when it is not bound. */
  public binding(namespace: string, serviceAccountName: string): ServiceAccountBinding {
    const found = this.identity.findBinding(namespace, serviceAccountName);
    if (!found) {
      throw new Error(redactSecrets(`cluster ${showLabel(this.name)} has no binding for ServiceAccount `
        + `${showLabel(`${namespace}/${serviceAccountName}`)}; add it with fleet.addBinding()`));
    }
    return found;
  }
}

/**
 * The same bindings declared for several clusters: one `WorkloadIdentity` per cluster, each with
 * its own JWKS and a derived provider name. Render it with `WorkloadIdentityFleetProviders`
 * (Terraform: every provider in one app, since they share the account) and
 * `WorkloadIdentityFleetApps` (Kubernetes: one cdk8s app per cluster, `dist/<cluster>/`).
 *
 * Checked at synthesis with every other error: cluster names, distinct provider names, none
 * containing `mapping_`, the account's identity-provider quota, no signing key trusted by two
 * providers, and every cluster rendered.
 */
export class WorkloadIdentityFleet {
  /** Prefix of derived provider names unless `providerNamePrefix` is given. */
  public static readonly DEFAULT_PROVIDER_NAME_PREFIX = 'workload_identity_';

  /** The clusters, in declaration order (a copy). */
  public get clusters(): WorkloadIdentityFleetCluster[] {
    return [...this.clusterList];
  }

  private readonly clusterList: readonly WorkloadIdentityFleetCluster[];
  /** Prefix of the derived provider names. */
  public readonly providerNamePrefix: string;
  /** How many identity providers the account may hold. */
  public readonly identityProviderQuota: number;
  private readonly clusterProps: readonly unknown[];
  private readonly bindingsProp: unknown;

  public constructor(props: WorkloadIdentityFleetProps) {
    this.providerNamePrefix = props.providerNamePrefix ?? WorkloadIdentityFleet.DEFAULT_PROVIDER_NAME_PREFIX;
    this.identityProviderQuota = props.identityProviderQuota ?? MAX_IDENTITY_PROVIDERS_PER_ACCOUNT;
    this.clusterProps = Array.isArray(props.clusters) ? [...props.clusters] : [];
    this.clusterList = this.clusterProps.map((given, index) => {
      // A cluster that is not an object (null, a string) is reported by groupIssues; the fleet is
      // still built, so every error is found at synth.
      const cluster: Partial<WorkloadIdentityFleetClusterProps> = isObject(given) ? given : {};
      const { name, jwks, providerName, ...overrides } = cluster;
      const identity = new WorkloadIdentity({
        ...props.settings,
        ...withoutUndefined(overrides),
        // textOf: a prefix or name of the wrong type is reported by groupIssues, not thrown here.
        providerName: providerName ?? `${textOf(this.providerNamePrefix)}${textOf(name)}`,
        jwks,
      } as WorkloadIdentityProps);
      return new WorkloadIdentityFleetCluster(name as string, index, identity);
    });
    const group: DeclarationGroup = {
      path: this.path,
      members: this.clusters.map((c) => c.identity),
      identityProviderQuota: this.identityProviderQuota,
      groupIssues: () => this.groupIssues(),
      memberLabel: (member) => {
        const cluster = this.clusters.find((c) => c.identity === member);
        return cluster ? `clusters[${cluster.index}]` : member.path;
      },
    };
    registerDeclarationGroup(group);
    this.bindingsProp = props.bindings;
    for (const binding of Array.isArray(props.bindings) ? props.bindings : []) this.addBinding(binding);
  }

  /** Path prefix of the fleet in messages. */
  public get path(): string {
    return `WorkloadIdentityFleet(${JSON.stringify(textOf(this.providerNamePrefix))})`;
  }

  /** Every cluster's declaration, in cluster order. */
  public get identities(): WorkloadIdentity[] {
    return this.clusters.map((c) => c.identity);
  }

  /** The cluster named `name`; throws when there is none. */
  public cluster(name: string): WorkloadIdentityFleetCluster {
    const found = this.clusters.find((c) => c.name === name);
    if (!found) throw new Error(redactSecrets(`no cluster named ${showLabel(name)} in ${this.path} (clusters: `
      + `${this.clusters.map((c) => showLabel(c.name)).join(', ')})`));
    return found;
  }

  /** Admits one more ServiceAccount in every cluster; returns its binding per cluster, in cluster order. */
  public addBinding(props: ServiceAccountBindingProps): ServiceAccountBinding[] {
    return this.clusters.map((c) => c.identity.addBinding(props));
  }

  /** Every problem of the fleet and its declarations (errors and warnings), without throwing. */
  public validate(): ValidationIssue[] {
    // The fleet's own checks come with its declarations' (validation/cross-declaration-checks.ts finds the group through
    // them); a fleet without clusters has none to be found through.
    return this.clusters.length === 0 ? this.groupIssues() : validateDeclarations(this.identities);
  }

  /** Throws a `WorkloadIdentityValidationError` listing every error; returns the warnings. */
  public assertValid(): ValidationIssue[] {
    const issues = this.validate();
    const errors = issues.filter((i) => i.severity === IssueSeverity.ERROR);
    if (errors.length > 0) throw new WorkloadIdentityValidationError(errors);
    return issues.filter((i) => i.severity === IssueSeverity.WARNING);
  }

  private groupIssues(): ValidationIssue[] {
    // The prefix is shown in the fleet's label; one that would pass as a provider name is kept like one.
    const out = new IssueCollector(publicProviderNames([this.providerNamePrefix, ...this.identities.map((i) => i.providerName)]));
    const base = this.path;
    if (this.clusters.length === 0) {
      out.error({
        code: 'FLEET_NO_CLUSTERS',
        path: `${base}.clusters`,
        rule: 'is empty: the fleet declares no identity provider',
        fix: 'list each cluster with its name and JWKS, e.g. { name: "prod-a", jwks: Jwks.fromFile("jwks/prod-a.json") }',
        side: IssueSide.BOTH,
      });
    }
    const prefixBroken = this.providerNamePrefix !== WorkloadIdentityFleet.DEFAULT_PROVIDER_NAME_PREFIX
      && new FieldChecker(out, base, { side: IssueSide.BOTH }).exact(
        'providerNamePrefix',
        this.providerNamePrefix,
        () => undefined,
        'FLEET_INVALID_PROVIDER_NAME_PREFIX',
        'pass a prefix of letters, digits, "_" and "-", e.g. "workload_identity_", or omit it',
      ) !== undefined;
    if (this.bindingsProp !== undefined && !Array.isArray(this.bindingsProp)) {
      out.error({
        code: 'FLEET_INVALID_BINDINGS',
        path: `${base}.bindings`,
        rule: `must be an array of bindings (got ${describeType(this.bindingsProp)})`,
        fix: 'pass bindings: [{ namespace, serviceAccountName, iamGroups }], or omit it',
        side: IssueSide.BOTH,
      });
    }
    const quota = this.identityProviderQuota;
    // Only clusters with an OIDC binding render an identity provider (pod identity needs none).
    const providerCount = this.clusters.filter((c) => c.identity.usesOidcFederation).length;
    if (!Number.isSafeInteger(quota) || quota < 1) {
      out.error({
        code: 'FLEET_INVALID_QUOTA',
        path: `${base}.identityProviderQuota`,
        value: quota,
        rule: 'must be a whole number of at least 1',
        fix: 'omit it (IAM\'s default quota, 10) or give the quota of the account',
        side: IssueSide.TERRAFORM,
      });
    } else if (providerCount > quota) {
      const count = providerCount;
      out.error({
        code: 'FLEET_QUOTA_EXCEEDED', path: `${base}.clusters`,
        value: `${count} clusters${count === this.clusters.length ? '' : ` using OIDC federation (of ${this.clusters.length})`}`,
        rule: `need one identity provider each, more than the account's quota of ${quota} identity providers; IAM refuses the providers beyond it`,
        fix: 'split the clusters over several accounts (one fleet each), or ask Huawei Cloud for a higher quota and set '
          + 'identityProviderQuota', side: IssueSide.TERRAFORM,
      });
    }
    const names = new Map<string, number>();
    const providers = new Map<string, number>();
    for (const cluster of this.clusters) {
      const at = `${base}.clusters[${cluster.index}]`;
      const given = this.clusterProps[cluster.index];
      if (!isObject(given)) {
        out.error({
          code: 'FLEET_INVALID_CLUSTER',
          path: at,
          rule: `must be an object (got ${describeType(given)})`,
          fix: 'pass { name: "prod-a", jwks: Jwks.fromFile("jwks/prod-a.json") }',
          side: IssueSide.BOTH,
        });
        continue;
      }
      const name = cluster.name;
      const broken = new FieldChecker(out, at, { side: IssueSide.BOTH })
        .string(
          'name',
          name,
          namespaceRule,
          'FLEET_INVALID_CLUSTER_NAME',
          'name the cluster as in CCE, in lowercase, e.g. "prod-a"; it also names its output directory dist/<name>/',
        );
      if (broken === undefined && names.has(name)) {
        out.error({
          code: 'FLEET_DUPLICATE_CLUSTER',
          path: `${at}.name`,
          value: name,
          rule: `repeats clusters[${names.get(name)}]; each cluster has its own provider and output directory`,
          fix: 'list each cluster once',
          side: IssueSide.BOTH,
        });
      } else if (broken === undefined) {
        names.set(name, cluster.index);
      }
      const providerName = cluster.identity.providerName;
      const derived = (given as { providerName?: unknown }).providerName === undefined;
      if (typeof providerName !== 'string') continue;
      if (derived && !prefixBroken && providerNameRule(providerName)) {
        out.error({
          code: 'FLEET_INVALID_PROVIDER_NAME',
          path: `${at}.name`,
          value: providerName,
          rule: `derives the provider name shown, which ${providerNameRule(providerName)}`,
          fix: 'shorten providerNamePrefix or the cluster name, or give the cluster a providerName',
          side: IssueSide.BOTH,
        });
      }
      const first = providers.get(providerName);
      if (first !== undefined) {
        out.error({
          code: 'FLEET_DUPLICATE_PROVIDER_NAME',
          path: `${at}.${derived ? 'name' : 'providerName'}`,
          value: providerName,
          rule: `is also the provider name of clusters[${first}]; each cluster needs its own identity provider, or one would `
            + `trust both clusters' keys`,
          fix: 'give each cluster a distinct name (or providerName)',
          side: IssueSide.BOTH,
        });
      } else {
        providers.set(providerName, cluster.index);
      }
    }
    return [...out.issues];
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
