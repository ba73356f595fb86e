/**
 * What `WorkloadIdentityProvider` does, shared by both flavours: each flavour declares the class
 * with its toolchain's types (lib/terraform/workload-identity-provider.ts for cdktf,
 * lib/cdktn/terraform/workload-identity-provider.ts for cdktn) and calls `renderWorkloadIdentityProvider`
 * with its toolchain object (lib/terraform/toolchain.ts).
 */
import type { Construct, IConstruct } from 'constructs';
import { crossDeclarationIssues } from '../core/validation/cross-declaration-checks';
import { declarationGroupOf } from '../core/declaration/declaration-groups';
import { grantPlan } from '../core/iam/grant-plan';
import { GrantScopeKind } from '../core/iam/grant-scope';
import { IdentityMode } from '../core/declaration/identity-mode';
import { providerAccessConfig } from '../core/declaration/invariants';
import { IssueSeverity, IssueSide, type ValidationIssue } from '../core/issues/issues';
import { namespaceRule, regionRule } from '../core/validation/rules';
import type { IssueCode } from '../core/validation/issue-codes';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import type { WorkloadIdentityFleet } from '../core/declaration/workload-identity-fleet';
import { firstInPass } from '../constructs/render-pass';
import { addIssueValidation } from '../constructs/validation-hook';
import {
  libraryAspect, markGrantsOwner, markPlannedProvider, type PlannedProvider, plannedProviderOf, terraformRenderPlan, writtenWhile,
} from './render-plan';
import type { ResolveContextLike, TerraformElementLike, TerraformResourceLike, TerraformToolchain } from './toolchain';
import { terraformWarningSink } from './warnings';
import { WorkloadIdentityGrants } from './workload-identity-grants';

/** Props of `WorkloadIdentityProvider`. */
export interface WorkloadIdentityProviderProps {
  /** The declaration to render. */
  readonly identity: WorkloadIdentity;
}

/** Props of `WorkloadIdentityFleetProviders`. */
export interface WorkloadIdentityFleetProvidersProps {
  /** The fleet to render. */
  readonly fleet: WorkloadIdentityFleet;
}

const IS_PROVIDER = Symbol.for('cce-workload-identity.WorkloadIdentityProvider');

/** A `WorkloadIdentityProvider` of either flavour, as the shared code sees it. */
export interface WorkloadIdentityProviderLike extends IConstruct {
  readonly identity: WorkloadIdentity;
  readonly grants: WorkloadIdentityGrants;
}

/** Whether `x` is a `WorkloadIdentityProvider` of either flavour. */
export function isWorkloadIdentityProvider(x: unknown): x is WorkloadIdentityProviderLike {
  return typeof x === 'object' && x !== null && IS_PROVIDER in x;
}

/**
 * The rule of the missing-provider error (code `HUAWEICLOUD_PROVIDER_MISSING`, by which
 * `WorkloadIdentitySynthesis.synthesizeApps` leaves out cdktf's generic message for the same stack).
 */
const MISSING_PROVIDER_MARK = 'has no huaweicloud provider block';

/** The children a provider construct gets. */
export interface RenderedProvider<Resource extends TerraformResourceLike> {
  readonly identityProvider: Resource;
  readonly conversion: Resource;
  readonly grants: WorkloadIdentityGrants;
}

/**
 * Marks `provider` (a `WorkloadIdentityProvider` being constructed) and adds its identity provider,
 * conversion, grants, the aspect that renders what is deferred at synthesis and its validation.
 */
export function renderWorkloadIdentityProvider<Resource extends TerraformResourceLike>(
  provider: Construct, identity: WorkloadIdentity, toolchain: TerraformToolchain<Resource>,
): RenderedProvider<Resource> {
  Object.defineProperty(provider, IS_PROVIDER, { value: true });
  // The signing key and the rules are set when the stack is rendered (the aspect below, after
  // validation), from the declaration as it is then: bindings added later are included and an
  // invalid JWKS is reported with every other error rather than thrown here. The other
  // access_config values are fixed when the declaration is created. No Lazy: each captures a full
  // stack trace, which costs ~0.3-0.8 ms under tsx's source maps (see BENCHMARKS.md).
  const access = providerAccessConfig(identity.issuer, identity.clientId ?? '', '');
  // Without an OIDC binding (every binding uses pod identity) neither resource is written; decided
  // when the stack is rendered, so bindings added after construction count. Without a client ID
  // (allowed when every binding uses pod identity) nothing is written either; with an OIDC
  // binding, validation refuses it before anything is written.
  const oidc = (): boolean => identity.usesOidcFederation;
  const identityProvider = new (writtenWhile(toolchain.IdentityProvider))(provider, 'Provider', {
    name: identity.providerName,
    protocol: 'oidc',
    status: identity.enabled,
    description: identity.description,
    accessConfig: { accessType: access.accessType, providerUrl: access.providerUrl, clientId: access.clientId, signingKey: '' },
  }, oidc);
  const conversion = new (writtenWhile(toolchain.IdentityProviderConversion))(provider, 'Conversion', {
    // The provider's id is its name; referencing it orders creation after the provider.
    providerId: identityProvider.getStringAttribute('id'),
    conversionRules: [],
  }, oidc);
  const grants = new WorkloadIdentityGrants(provider, 'Grants', identity);
  const rendered = { identityProvider, conversion, grants };
  /** The `depends_on` entries the last rendering added to the conversion (replaced by the next). */
  let addedDependsOn: readonly string[] = [];
  /** The key of this construct's rendering in a synthesis pass. */
  const renderKey = {};
  const planned: PlannedProvider = {
    construct: provider,
    identity,
    toolchain,
    // Bound, not wrapped: one stack frame less in each token's captured trace (see beginRenderPass).
    renderGrants: grants._render.bind(grants, toolchain),
    // Once per synthesis pass (`synthesizeApps` calls it before the toolchain synthesizes, where
    // constructing resources is cheaper), on every stack synthesis outside one.
    render: () => {
      if (!firstInPass(provider, renderKey)) return;
      // The clusters of a fleet share the account's groups: the construct owning them renders the
      // grants of all (./render-plan.ts), and every member's mapping waits for those groups.
      const groups = terraformRenderPlan(provider).grantsOf(identity, planned);
      if (!identity.usesOidcFederation || identity.validate().some((i) => i.severity === IssueSeverity.ERROR)) return;
      const config = identity._accessConfig;
      identityProvider.putAccessConfig({
        accessType: config.accessType, providerUrl: config.providerUrl, clientId: config.clientId, signingKey: config.signingKey,
      });
      // Bindings that use pod identity have no rule (their agency and association are in `grants`).
      conversion.putConversionRules(identity.bindings.filter((b) => b.mode !== IdentityMode.POD_IDENTITY).map((b) => b.conversionRule));
      const ours = groups.map((g) => dependsOnAddress(conversion, g.node, toolchain));
      const before = addedDependsOn;
      conversion.dependsOn = [...(conversion.dependsOn ?? []).filter((d) => !before.includes(d)), ...ours];
      addedDependsOn = ours;
    },
  };
  markPlannedProvider(planned);
  // Everything deferred is rendered here, once per stack synthesis (the toolchain invokes aspects
  // before validating and writing a stack), once the declaration is complete.
  toolchain.Aspects.of(provider).add(libraryAspect({ visit: (node: IConstruct) => { if (node === provider) planned.render(); } }));
  addIssueValidation(provider, () => collectIssues(provider, identity, toolchain), terraformWarningSink(toolchain));
  return rendered;
}

function collectIssues(provider: Construct, identity: WorkloadIdentity, toolchain: TerraformToolchain): ValidationIssue[] {
  const own = identity.validate().filter((i) => i.side !== IssueSide.KUBERNETES);
  // Checks between declarations are reported by the first provider construct of the app only.
  const all = terraformRenderPlan(provider).providers;
  const cross = all[0]?.construct === provider
    ? crossDeclarationIssues(all.map((p) => p.identity), (i) => all.find((p) => p.identity === i)?.construct.node.path)
    : [];
  return [...own, ...cross, ...providerBlockIssues(provider, identity, toolchain), ...providerIssues(provider, identity, own, toolchain)];
}

/** The `huaweicloud` provider blocks of the provider construct's stack, with their `domainId`. */
function providerBlocks(provider: Construct, toolchain: TerraformToolchain): Array<IConstruct & { readonly domainId?: string }> {
  return toolchain.TerraformStack.of(provider).node.findAll()
    .filter((c): c is IConstruct & { readonly domainId?: string } => c instanceof toolchain.HuaweicloudProvider);
}

/**
 * `project_id = "all"` makes the provider call IAM with the domain ID of its own configuration
 * (`resource_huaweicloud_identity_group_role_assignment.go`: "the domain_id must be specified in
 * the provider configuration").
 */
function providerIssues(
  provider: Construct, identity: WorkloadIdentity, own: readonly ValidationIssue[], toolchain: TerraformToolchain,
): ValidationIssue[] {
  if (own.some((i) => i.severity === IssueSeverity.ERROR)) return [];
  const agencies = identity.bindings.some((b) => b.mode === IdentityMode.POD_IDENTITY);
  if (agencies && !providerBlocks(provider, toolchain).some((c) => c.domainId !== undefined)) {
    return [{
      severity: IssueSeverity.WARNING,
      code: 'AGENCY_NEEDS_PROVIDER_DOMAIN_ID' satisfies IssueCode,
      path: `${identity.path}`,
      rule: 'has pod-identity bindings, whose huaweicloud_identity_agency the provider creates with the domain_id of its own configuration ("the '
        + 'parameter \'domain_id\' in provider-level configuration must be specified before creating agency"); the stack\'s '
        + 'provider block sets none',
      fix: 'set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs)',
      side: IssueSide.TERRAFORM,
    }, ...allProjectsIssues(provider, identity, toolchain)];
  }
  return allProjectsIssues(provider, identity, toolchain);
}

function allProjectsIssues(provider: Construct, identity: WorkloadIdentity, toolchain: TerraformToolchain): ValidationIssue[] {
  if (!grantPlan(identity).assignments.some((a) => a.scope.kind === GrantScopeKind.ALL_PROJECTS)) return [];
  if (providerBlocks(provider, toolchain).some((p) => p.domainId !== undefined)) return [];
  return [{
    severity: IssueSeverity.WARNING,
    code: 'ALL_PROJECTS_NEEDS_PROVIDER_DOMAIN_ID' satisfies IssueCode,
    path: `${identity.path}`,
    rule: 'grants in all projects (project_id = "all"), which the huaweicloud provider resolves with the domain_id of its own configuration; the '
      + 'stack\'s provider block sets none',
    fix: 'set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs)',
    side: IssueSide.TERRAFORM,
  }];
}

/** The stack needs a `huaweicloud` provider block; say so by name (cdktf's own message cites RandomProvider). */
function providerBlockIssues(provider: Construct, identity: WorkloadIdentity, toolchain: TerraformToolchain): ValidationIssue[] {
  const stack = toolchain.TerraformStack.of(provider);
  if (providerBlocks(provider, toolchain).length > 0) return [];
  const region = typeof identity.region === 'string' && regionRule(identity.region) === undefined
    ? `, { region: '${identity.region}' }`
    : '';
  const entry = toolchain.name === 'cdktf' ? 'cce-workload-identity' : 'cce-workload-identity/cdktn';
  return [{
    severity: IssueSeverity.ERROR,
    code: 'HUAWEICLOUD_PROVIDER_MISSING' satisfies IssueCode,
    path: `TerraformStack(${JSON.stringify(stack.node.id)})`,
    rule: `${MISSING_PROVIDER_MARK} (no HuaweicloudProvider construct), which the identity provider and conversion resources need`,
    fix: `add new HuaweicloudProvider(stack, 'huaweicloud'${region}) to the stack (import { HuaweicloudProvider } from '${entry}')`,
    side: IssueSide.TERRAFORM,
  }];
}

/**
 * A `depends_on` entry of `from`: the plain address (`huaweicloud_identity_group.<id>`, no `${}`),
 * as the toolchain writes for the `dependsOn` of a resource's config, which it offers only at
 * construction. In the same stack the address is written directly, read when the stack is
 * resolved (so a logical ID overridden later counts); `fqn` would make a reference token, which
 * captures a stack trace, to resolve to the same text. Across stacks `fqn` lets the toolchain decide.
 */
function dependsOnAddress(from: IConstruct, node: TerraformElementLike, toolchain: TerraformToolchain): string {
  const { TerraformDataSource, TerraformResource, TerraformStack } = toolchain;
  const sameStack = TerraformStack.of(from) === TerraformStack.of(node);
  return toolchain.Token.asString({
    creationStack: [],
    resolve: (context: ResolveContextLike) => {
      context.suppressBraces = true;
      if (!sameStack) return node.fqn;
      if (TerraformDataSource.isTerraformDataSource(node)) return `data.${node.terraformResourceType}.${node.friendlyUniqueId}`;
      if (TerraformResource.isTerraformResource(node)) return `${node.terraformResourceType}.${node.friendlyUniqueId}`;
      return node.fqn;
    },
  });
}

/**
 * What `WorkloadIdentityFleetProviders` does, shared by both flavours: one provider construct per
 * cluster (made by `create`, the flavour's `WorkloadIdentityProvider`), named after it, and the
 * validation that reports the checks of an empty fleet.
 */
export function renderFleetProviders<Provider extends IConstruct>(
  fleetProviders: Construct, fleet: WorkloadIdentityFleet, toolchain: TerraformToolchain,
  create: (name: string, identity: WorkloadIdentity) => Provider,
): Provider[] {
  // Construct ids must be unique and are printed in every error path; an invalid (possibly a pasted
  // token) or repeated cluster name is reported by the fleet's validation, so the id falls back to
  // the cluster's position, as WorkloadIdentityFleetApps does for its directories.
  const used = new Set<string>();
  const providers = fleet.clusters.map((cluster) => {
    const name = typeof cluster.name === 'string' && namespaceRule(cluster.name) === undefined && !used.has(cluster.name)
      ? cluster.name
      : `cluster-${cluster.index}`;
    used.add(name);
    return create(name, cluster.identity);
  });
  // The groups, policies and assignments the clusters share are this construct's to render: once,
  // at synthesis, into its first cluster's `grants` (the Terraform addresses release 0.1 gave them).
  markGrantsOwner(fleetProviders, {
    ownedGroup: () => (fleet.clusters[0] === undefined ? undefined : declarationGroupOf(fleet.clusters[0].identity)),
    renderOwnedGrants: () => {
      const members = providers.flatMap((c) => plannedProviderOf(c) ?? []);
      return members[0] === undefined ? [] : members[0].renderGrants(members.map((p) => p.identity));
    },
  });
  // The providers report the fleet's checks with their own; an empty fleet has no provider to do so.
  addIssueValidation(fleetProviders, () => (fleet.clusters.length === 0 ? fleet.validate() : []), terraformWarningSink(toolchain));
  return providers;
}
