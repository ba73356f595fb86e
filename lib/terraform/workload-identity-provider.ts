import { Construct, IConstruct } from 'constructs';
import { crossDeclarationIssues } from '../core/validation/cross-declaration-checks';
import { grantPlan } from '../core/grant-plan';
import { GrantScopeKind } from '../core/grant-scope';
import { IdentityMode } from '../core/identity-mode';
import { providerAccessConfig } from '../core/invariants';
import { IssueSeverity, IssueSide, type ValidationIssue } from '../core/issues';
import { regionRule } from '../core/rules';
import type { IssueCode } from '../core/validation/issue-codes';
import type { WorkloadIdentity } from '../core/workload-identity';
import { renderedOnce } from '../constructs/render-pass';
import { addIssueValidation } from '../constructs/validation-hook';
import {
  Aspects, HuaweicloudProvider, IResolveContext, ITerraformDependable, TerraformDataSource, TerraformResource, TerraformStack, Token,
} from './huaweicloud';
import { markPlannedProvider, PlannedIdentityProvider, PlannedProviderConversion, terraformRenderPlan } from './render-plan';
import { type RenderedGroup, WorkloadIdentityGrants } from './workload-identity-grants';
import { addTerraformWarning } from './warnings';

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

  private readonly plannedProvider: PlannedIdentityProvider;
  private readonly plannedConversion: PlannedProviderConversion;
  /** The `depends_on` entries the last rendering added to the conversion (replaced by the next). */
  private addedDependsOn: readonly string[] = [];
  /** The key of this construct's rendering in a synthesis pass. */
  private readonly renderKey = {};

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
    // The signing key and the rules are set when the stack is rendered (the aspect below, after
    // validation), from the declaration as it is then: bindings added later are included and an
    // invalid JWKS is reported with every other error rather than thrown here. The other
    // access_config values are fixed when the declaration is created.
    const access = providerAccessConfig(identity.issuer, identity.clientId ?? '', '');
    // Without an OIDC binding (every binding uses pod identity) neither resource is written; decided
    // when the stack is rendered, so bindings added after construction count.
    const oidc = (): boolean => this.usesOidcFederation;
    this.identityProvider = this.plannedProvider = new PlannedIdentityProvider(this, 'Provider', {
      name: identity.providerName,
      protocol: 'oidc',
      status: identity.enabled,
      description: identity.description,
      accessConfig: { accessType: access.accessType, providerUrl: access.providerUrl, clientId: access.clientId, signingKey: '' },
    }, oidc);
    this.conversion = this.plannedConversion = new PlannedProviderConversion(this, 'Conversion', {
      // The provider's id is its name; referencing it orders creation after the provider.
      providerId: this.identityProvider.getStringAttribute('id'),
      conversionRules: [],
    }, oidc);

    this.grants = new WorkloadIdentityGrants(this, 'Grants', identity);
    markPlannedProvider(this);
    // Everything deferred is rendered here, once per stack synthesis (cdktf invokes aspects before
    // validating and writing a stack), once the declaration is complete.
    Aspects.of(this).add({ visit: (node: IConstruct) => { if (node === this) this._render(); } });

    addIssueValidation(this, () => this.collectIssues(), addTerraformWarning);
  }

  /** Whether any binding uses OIDC federation (and so needs the identity provider and its conversion). */
  public get usesOidcFederation(): boolean {
    return this.identity.usesOidcFederation;
  }

  /** @internal Renders the grants of `identities` under this construct (once) and returns their groups. */
  public _renderGrants(identities: readonly WorkloadIdentity[]): readonly RenderedGroup[] {
    return this.grants._render(identities);
  }

  /**
   * @internal Renders what is deferred: once per synthesis pass (`synthesizeApps` calls it before
   * cdktf synthesizes, where constructing resources is cheaper), on every stack synthesis outside one.
   */
  public _render(): void {
    renderedOnce(this, this.renderKey, () => this.renderNow());
  }

  private renderNow(): void {
    const identity = this.identity;
    // The clusters of a fleet share the account's groups: the construct owning them renders the
    // grants of all (./render-plan.ts), and every member's mapping waits for those groups.
    const groups = terraformRenderPlan(this).grantsOf(identity, this);
    if (!this.usesOidcFederation || identity.validate().some((i) => i.severity === IssueSeverity.ERROR)) return;
    const access = identity._accessConfig;
    this.plannedProvider.putAccessConfig({
      accessType: access.accessType, providerUrl: access.providerUrl, clientId: access.clientId, signingKey: access.signingKey,
    });
    // Bindings that use pod identity have no rule (their agency and association are in `grants`).
    this.plannedConversion.putConversionRules(identity.bindings.filter((b) => b.mode !== IdentityMode.POD_IDENTITY).map((b) => b.conversionRule));
    const ours = groups.map((g) => dependsOnAddress(this.conversion, g.node));
    const before = this.addedDependsOn;
    this.conversion.dependsOn = [...(this.conversion.dependsOn ?? []).filter((d) => !before.includes(d)), ...ours];
    this.addedDependsOn = ours;
  }

  /** The identity provider's ID (= its name), as a Terraform reference. */
  public get providerId(): string {
    return this.identityProvider.getStringAttribute('id');
  }

  private collectIssues(): ValidationIssue[] {
    const own = this.identity.validate().filter((i) => i.side !== IssueSide.KUBERNETES);
    // Checks between declarations are reported by the first provider construct of the app only.
    const all = terraformRenderPlan(this).providers;
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
 * A `depends_on` entry of `from`: the plain address (`huaweicloud_identity_group.<id>`, no `${}`),
 * as cdktf writes for the `dependsOn` of a resource's config, which it offers only at
 * construction. In the same stack the address is written directly, read when the stack is
 * resolved (so a logical ID overridden later counts); `fqn` would make a reference token, which
 * captures a stack trace, to resolve to the same text. Across stacks `fqn` lets cdktf decide.
 */
function dependsOnAddress(from: IConstruct, node: ITerraformDependable & IConstruct): string {
  const sameStack = TerraformStack.of(from) === TerraformStack.of(node);
  return Token.asString({
    creationStack: [],
    resolve: (context: IResolveContext) => {
      context.suppressBraces = true;
      if (!sameStack || !(TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node))) return node.fqn;
      const type = `${TerraformDataSource.isTerraformDataSource(node) ? 'data.' : ''}${node.terraformResourceType}`;
      return `${type}.${node.friendlyUniqueId}`;
    },
  });
}
