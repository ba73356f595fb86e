/**
 * The Terraform side's render plan: which identity-provider constructs an app holds and which
 * construct renders the grants each declaration shares with others (a fleet's), computed once per
 * synthesis pass from the final construct tree (../constructs/render-pass). The providers' one
 * aspect reads it when cdktf synthesizes a stack; their validation reads it too.
 */
import type { Construct, IConstruct } from 'constructs';
import { declarationGroupOf, type DeclarationGroup } from '../core/declaration-groups';
import type { WorkloadIdentity } from '../core/workload-identity';
import { renderedOnce } from '../constructs/render-pass';
import { IdentityProvider, IdentityProviderConversion } from './huaweicloud';
import type { RenderedGroup } from './workload-identity-grants';

/** What the plan needs of a `WorkloadIdentityProvider` (no import of it: it imports this module). */
export interface PlannedProvider extends IConstruct {
  readonly identity: WorkloadIdentity;
  /** @internal Renders the grants of `identities` under this provider (once) and returns their groups. */
  _renderGrants(identities: readonly WorkloadIdentity[]): readonly RenderedGroup[];
  /** @internal Renders everything deferred (once per synthesis pass). */
  _render(): void;
}

/** A construct that owns the grants of a group of declarations (`WorkloadIdentityFleetProviders`). */
export interface GrantsOwner extends IConstruct {
  /** @internal The group whose grants it renders, if any. */
  readonly _ownedGroup: DeclarationGroup | undefined;
  /** @internal Renders the group's grants (once) and returns their groups. */
  _renderOwnedGrants(): readonly RenderedGroup[];
}

const IS_PLANNED_PROVIDER = Symbol.for('cce-workload-identity.PlannedProvider');
const IS_GRANTS_OWNER = Symbol.for('cce-workload-identity.GrantsOwner');

/** Marks `provider` for the plan. */
export function markPlannedProvider(provider: PlannedProvider): void {
  Object.defineProperty(provider, IS_PLANNED_PROVIDER, { value: true });
}

/** Marks `owner` for the plan. */
export function markGrantsOwner(owner: GrantsOwner): void {
  Object.defineProperty(owner, IS_GRANTS_OWNER, { value: true });
}

function isPlannedProvider(x: IConstruct): x is PlannedProvider {
  return IS_PLANNED_PROVIDER in x;
}

function isGrantsOwner(x: IConstruct): x is GrantsOwner {
  return IS_GRANTS_OWNER in x;
}

/** The plan of one app. */
export interface TerraformRenderPlan {
  /** Every identity-provider construct of the app, in tree order. */
  readonly providers: readonly PlannedProvider[];
  /** The grants of `identity` as rendered (once) by whichever construct owns them; their groups. */
  grantsOf(identity: WorkloadIdentity, provider: PlannedProvider): readonly RenderedGroup[];
}

const PLAN_KEY = {};

/** The plan of `scope`'s app: computed once per synthesis pass (on every need outside one). */
export function terraformRenderPlan(scope: IConstruct): TerraformRenderPlan {
  return renderedOnce(scope, PLAN_KEY, () => computePlan(scope.node.root));
}

function computePlan(root: IConstruct): TerraformRenderPlan {
  const providers: PlannedProvider[] = [];
  const owners = new Map<DeclarationGroup, () => readonly RenderedGroup[]>();
  const all = root.node.findAll();
  for (const c of all) {
    if (isPlannedProvider(c)) providers.push(c);
    const group = isGrantsOwner(c) ? c._ownedGroup : undefined;
    if (isGrantsOwner(c) && group !== undefined && !owners.has(group)) owners.set(group, () => c._renderOwnedGrants());
  }
  // A group's declarations rendered one by one (without an owner construct): the first of them in
  // the app renders the grants of all, where release 0.1 put them (same Terraform addresses).
  for (const provider of providers) {
    const group = declarationGroupOf(provider.identity);
    if (group === undefined || owners.has(group)) continue;
    const peers = providers.filter((p) => group.members.includes(p.identity));
    if (peers.length > 1) owners.set(group, () => peers[0]._renderGrants(peers.map((p) => p.identity)));
  }
  return {
    providers,
    grantsOf: (identity, provider) => {
      const group = declarationGroupOf(identity);
      const owner = group === undefined ? undefined : owners.get(group);
      return owner === undefined ? provider._renderGrants([identity]) : owner();
    },
  };
}

type IdentityProviderConfig = ConstructorParameters<typeof IdentityProvider>[2];
type IdentityProviderConversionConfig = ConstructorParameters<typeof IdentityProviderConversion>[2];

/**
 * Renders every identity-provider construct of `app`, in tree order (the order cdktf's aspects
 * would), before cdktf synthesizes it: in a synthesis pass the providers' aspect then finds each
 * rendered. Constructing resources here, rather than deep inside cdktf's synthesis, keeps the
 * stack each new token captures short.
 */
export function renderTerraformApp(app: IConstruct): void {
  for (const provider of terraformRenderPlan(app).providers) provider._render();
}

/** Whether a resource is written: decided when cdktf renders it. */
type Rendered = () => boolean;

/**
 * The `huaweicloud_identity_provider` of a declaration, written only while `rendered()` holds
 * (some binding uses OIDC federation), decided when the stack is rendered: bindings added after
 * construction count, and no construct is removed from the tree.
 */
export class PlannedIdentityProvider extends IdentityProvider {
  private readonly rendered: Rendered;

  public constructor(scope: Construct, id: string, config: IdentityProviderConfig, rendered: Rendered) {
    super(scope, id, config);
    this.rendered = rendered;
  }

  public toTerraform(): unknown {
    return this.rendered() ? super.toTerraform() : {};
  }

  public toHclTerraform(): unknown {
    return this.rendered() ? super.toHclTerraform() : {};
  }

  public toMetadata(): unknown {
    return this.rendered() ? super.toMetadata() : {};
  }
}

/** The `huaweicloud_identity_provider_conversion` of a declaration, written as `PlannedIdentityProvider` is. */
export class PlannedProviderConversion extends IdentityProviderConversion {
  private readonly rendered: Rendered;

  public constructor(scope: Construct, id: string, config: IdentityProviderConversionConfig, rendered: Rendered) {
    super(scope, id, config);
    this.rendered = rendered;
  }

  public toTerraform(): unknown {
    return this.rendered() ? super.toTerraform() : {};
  }

  public toHclTerraform(): unknown {
    return this.rendered() ? super.toHclTerraform() : {};
  }

  public toMetadata(): unknown {
    return this.rendered() ? super.toMetadata() : {};
  }
}
