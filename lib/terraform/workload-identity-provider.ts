import { Construct, IConstruct } from 'constructs';
import { crossDeclarationIssues } from '../core/validation/cross-declaration-checks';
import { declarationGroupOf } from '../core/declaration/declaration-groups';
import { grantPlan } from '../core/iam/grant-plan';
import { GrantScopeKind } from '../core/iam/grant-scope';
import { IdentityMode } from '../core/declaration/identity-mode';
import { providerAccessConfig } from '../core/declaration/invariants';
import { IssueSeverity, IssueSide, type ValidationIssue } from '../core/issues/issues';
import { regionRule } from '../core/validation/rules';
import type { IssueCode } from '../core/validation/issue-codes';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import { addIssueValidation, findAllInApp } from '../constructs/validation-hook';
import {
  Annotations, Aspects, HuaweicloudProvider, IdentityProvider, IdentityProviderConversion, IResolveContext, ITerraformDependable, Lazy,
  TerraformResource, TerraformStack, Token,
} from './huaweicloud';
import { WorkloadIdentityGrants } from './workload-identity-grants';

/** Props of `WorkloadIdentityProvider`. */
export interface WorkloadIdentityProviderProps {
  /** The declaration to render. */
  readonly identity: WorkloadIdentity;
}

const IS_PROVIDER = Symbol.for('cce-workload-identity.WorkloadIdentityProvider');

/**
 * The rule of the missing-provider error (code `HUAWEICLOUD_PROVIDER_MISSING`, by which
 * `WorkloadIdentitySynthesis.synthesizeApps` leaves out cdktf's generic message for the same stack).
 */
const MISSING_PROVIDER_MARK = 'has no huaweicloud provider block';

/**
 * The Terraform side of a workload identity: the IAM OIDC identity provider (programmatic access,
 * trusting the cluster's JWKS), exactly one conversion resource holding one rule per binding
 * (IAM keeps one mapping per provider; two conversion resources would overwrite each other), and
 * the grants (`WorkloadIdentityGrants`: groups, custom policies, assignments). The conversion
 * depends on the groups its rules name, so they exist before the mapping does. Goes into any
 * `TerraformStack`; bindings, groups and grants added to the declaration later are included.
 */
export class WorkloadIdentityProvider extends Construct {
  /** Whether `x` is a `WorkloadIdentityProvider`. */
  public static isWorkloadIdentityProvider(x: unknown): x is WorkloadIdentityProvider {
    return typeof x === 'object' && x !== null && IS_PROVIDER in x;
  }

  /** The rendered declaration. */
  public readonly identity: WorkloadIdentity;
  /** The `huaweicloud_identity_provider` resource (escape hatch: `addOverride`). */
  public readonly identityProvider: TerraformResource;
  /** The single `huaweicloud_identity_provider_conversion` resource (escape hatch: `addOverride`). */
  public readonly conversion: TerraformResource;
  /** The groups, policies and assignments; its resources are written at synthesis. */
  public readonly grants: WorkloadIdentityGrants;

  public constructor(scope: Construct, id: string, props: WorkloadIdentityProviderProps) {
    super(scope, id);
    Object.defineProperty(this, IS_PROVIDER, { value: true });
    const identity = props.identity;
    this.identity = identity;

    // The signing key and the rules come from the declaration at synthesis (after validation), so
    // bindings added later are included and an invalid JWKS is reported with every other error
    // rather than thrown here. The other access_config values are fixed when the declaration is
    // created and are set directly: each cdktf Lazy captures a full stack trace, which costs
    // ~0.3-0.8 ms under tsx's source maps (see BENCHMARKS.md).
    // Without a client ID (allowed when every binding uses pod identity) the provider is removed at
    // synthesis; with an OIDC binding, validation refuses it before anything is written.
    const access = providerAccessConfig(identity.issuer, identity.clientId ?? '', '');
    this.identityProvider = new IdentityProvider(this, 'Provider', {
      name: identity.providerName,
      protocol: 'oidc',
      status: identity.enabled,
      description: identity.description,
      accessConfig: {
        accessType: access.accessType,
        providerUrl: access.providerUrl,
        clientId: access.clientId,
        // No JWKS: the provider is removed (pod identity only), or validation refuses it; either way nothing is written.
        signingKey: Lazy.stringValue({ produce: () => (identity.jwks === undefined ? '' : identity._accessConfig.signingKey) }),
      },
    });
    this.conversion = new IdentityProviderConversion(this, 'Conversion', {
      // The provider's id is its name; referencing it orders creation after the provider.
      providerId: this.identityProvider.getStringAttribute('id'),
      // Bindings that use pod identity have no rule (their agency and association are in `grants`).
      conversionRules: Lazy.anyValue({ produce: () => identity.bindings.filter((
        b,
      ) => b.mode !== IdentityMode.POD_IDENTITY).map((b) => b.conversionRule) }),
    });

    this.grants = new WorkloadIdentityGrants(this, 'Grants', identity);
    // Grants become resources at synthesis (cdktf invokes aspects first), once the declaration is
    // complete and valid.
    Aspects.of(this).add({ visit: (node: IConstruct) => { if (node === this) this.renderGrants(); } });

    addIssueValidation(this, () => this.collectIssues(), (c, m) => Annotations.of(c).addWarning(m));
  }

  /** Whether any binding uses OIDC federation (and so needs the identity provider and its conversion). */
  public get usesOidcFederation(): boolean {
    return this.identity.usesOidcFederation;
  }

  private renderGrants(): void {
    // Every binding uses pod identity: no identity provider and no conversion are written (the
    // constructs are removed at synthesis, so bindings added after construction still count).
    if (!this.usesOidcFederation) {
      this.node.tryRemoveChild(this.identityProvider.node.id);
      this.node.tryRemoveChild(this.conversion.node.id);
    }
    // The clusters of a fleet share the account's groups: the first of them in the app renders the
    // grants of all, and every member's mapping waits for those groups.
    const group = declarationGroupOf(this.identity);
    const peers = group === undefined ? [] : findAllInApp(this, (c: IConstruct): c is WorkloadIdentityProvider =>
      WorkloadIdentityProvider.isWorkloadIdentityProvider(c) && group.members.includes(c.identity));
    const groups = peers.length > 1 ? peers[0].grants._render(peers.map((p) => p.identity)) : this.grants._render();
    if (groups.length === 0 || !this.usesOidcFederation) return;
    this.conversion.dependsOn = [...(this.conversion.dependsOn ?? []), ...groups.map((g) => dependsOnAddress(g.node))];
  }

  /** The identity provider's ID (= its name), as a Terraform reference. */
  public get providerId(): string {
    return this.identityProvider.getStringAttribute('id');
  }

  private collectIssues(): ValidationIssue[] {
    const own = this.identity.validate().filter((i) => i.side !== IssueSide.KUBERNETES);
    // Checks between declarations are reported by the first provider construct of the app only.
    const all = findAllInApp(this, (c: IConstruct): c is WorkloadIdentityProvider => WorkloadIdentityProvider.isWorkloadIdentityProvider(c));
    const cross = all[0] === this ? crossDeclarationIssues(all.map((p) => p.identity), (i) => all.find((p) => p.identity === i)?.node.path) : [];
    return [...own, ...cross, ...this.providerBlockIssues(), ...this.providerIssues(own)];
  }

  /**
   * `project_id = "all"` makes the provider call IAM with the domain ID of its own configuration
   * (`resource_huaweicloud_identity_group_role_assignment.go`: "the domain_id must be specified in
   * the provider configuration").
   */
  private providerIssues(own: readonly ValidationIssue[]): ValidationIssue[] {
    if (own.some((i) => i.severity === IssueSeverity.ERROR)) return [];
    const agencies = this.identity.bindings.some((b) => b.mode === IdentityMode.POD_IDENTITY);
    if (agencies && !TerraformStack.of(this).node.findAll().some((c) => c instanceof HuaweicloudProvider && c.domainId !== undefined)) {
      return [{
        severity: IssueSeverity.WARNING,
        code: 'AGENCY_NEEDS_PROVIDER_DOMAIN_ID' satisfies IssueCode,
        path: `${this.identity.path}`,
        rule: 'has pod-identity bindings, whose huaweicloud_identity_agency the provider creates with the domain_id of its own configuration ("the '
          + 'parameter \'domain_id\' in provider-level configuration must be specified before creating agency"); the stack\'s '
          + 'provider block sets none',
        fix: 'set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs)',
        side: IssueSide.TERRAFORM,
      }, ...this.allProjectsIssues()];
    }
    return this.allProjectsIssues();
  }

  private allProjectsIssues(): ValidationIssue[] {
    if (!grantPlan(this.identity).assignments.some((a) => a.scope.kind === GrantScopeKind.ALL_PROJECTS)) return [];
    const providers = TerraformStack.of(this).node.findAll().filter((c): c is HuaweicloudProvider => c instanceof HuaweicloudProvider);
    if (providers.some((p) => p.domainId !== undefined)) return [];
    return [{
      severity: IssueSeverity.WARNING,
      code: 'ALL_PROJECTS_NEEDS_PROVIDER_DOMAIN_ID' satisfies IssueCode,
      path: `${this.identity.path}`,
      rule: 'grants in all projects (project_id = "all"), which the huaweicloud provider resolves with the domain_id of its own configuration; the '
        + 'stack\'s provider block sets none',
      fix: 'set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs)',
      side: IssueSide.TERRAFORM,
    }];
  }

  /** The stack needs a `huaweicloud` provider block; say so by name (cdktf's own message cites RandomProvider). */
  private providerBlockIssues(): ValidationIssue[] {
    const stack = TerraformStack.of(this);
    if (stack.node.findAll().some((c) => c instanceof HuaweicloudProvider)) return [];
    const region = typeof this.identity.region === 'string' && regionRule(this.identity.region) === undefined
      ? `, { region: '${this.identity.region}' }`
      : '';
    return [{
      severity: IssueSeverity.ERROR,
      code: 'HUAWEICLOUD_PROVIDER_MISSING' satisfies IssueCode,
      path: `TerraformStack(${JSON.stringify(stack.node.id)})`,
      rule: `${MISSING_PROVIDER_MARK} (no HuaweicloudProvider construct), which the identity provider and conversion resources need`,
      fix: `add new HuaweicloudProvider(stack, 'huaweicloud'${region}) to the stack (import { HuaweicloudProvider } from 'cce-workload-identity')`,
      side: IssueSide.TERRAFORM,
    }];
  }
}

/**
 * A `depends_on` entry: the plain address (`huaweicloud_identity_group.<id>`, no `${}`), as cdktf
 * writes for the `dependsOn` of a resource's config, which it offers only at construction.
 */
function dependsOnAddress(node: ITerraformDependable): string {
  return Token.asString({
    creationStack: [],
    resolve: (context: IResolveContext) => {
      context.suppressBraces = true;
      return node.fqn;
    },
  });
}
