/**
 * The Terraform side's render plan: which identity-provider constructs an app holds and which
 * construct renders the grants each declaration shares with others (a fleet's), computed once per
 * synthesis pass from the final construct tree (../constructs/render-pass). The providers' one
 * aspect reads it when the toolchain synthesizes a stack; their validation reads it too. Shared by
 * both flavours: it names no toolchain (each provider brings its own, ./toolchain.ts).
 */
import type { Construct, IConstruct } from 'constructs';
import { declarationGroupOf } from '../core/declaration/declaration-groups';
import type { DeclarationGroup } from '../core/declaration/types';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import { renderedOnce } from '../constructs/render-pass';
import type { TerraformResourceLike, TerraformToolchain } from './toolchain';
import type { RenderedGroup } from './workload-identity-grants';

/** What the plan knows of a `WorkloadIdentityProvider` construct of either flavour. */
export interface PlannedProvider {
  /** The provider construct. */
  readonly construct: IConstruct;
  readonly identity: WorkloadIdentity;
  /** The toolchain of its flavour. */
  readonly toolchain: TerraformToolchain;
  /** Renders the grants of `identities` under this provider (once) and returns their groups. */
  renderGrants(identities: readonly WorkloadIdentity[]): readonly RenderedGroup[];
  /** Renders everything deferred (once per synthesis pass). */
  render(): void;
}

/** A construct that owns the grants of a group of declarations (`WorkloadIdentityFleetProviders`). */
export interface GrantsOwner {
  /** The group whose grants it renders, if any. */
  ownedGroup(): DeclarationGroup | undefined;
  /** Renders the group's grants (once) and returns their groups. */
  renderOwnedGrants(): readonly RenderedGroup[];
}

/** The provider constructs and grants owners, by construct: nothing is added to the constructs themselves. */
const PROVIDERS = new WeakMap<IConstruct, PlannedProvider>();
const OWNERS = new WeakMap<IConstruct, GrantsOwner>();

/** Registers `provider` (a provider construct being constructed) for the plan. */
export function markPlannedProvider(provider: PlannedProvider): void {
  PROVIDERS.set(provider.construct, provider);
}

/** Registers `construct` as the owner of the grants `owner` describes. */
export function markGrantsOwner(construct: IConstruct, owner: GrantsOwner): void {
  OWNERS.set(construct, owner);
}

/** The plan's view of `construct`, when it is a provider construct. */
export function plannedProviderOf(construct: IConstruct): PlannedProvider | undefined {
  return PROVIDERS.get(construct);
}

/** The plan of one app. */
export interface TerraformRenderPlan {
  /** Every identity-provider construct of the app, in tree order. */
  readonly providers: readonly PlannedProvider[];
  /** The grants of `identity` as rendered (once) by whichever construct owns them; their groups. */
  grantsOf(identity: WorkloadIdentity, provider: PlannedProvider): readonly RenderedGroup[];
  /**
   * Whether the app holds an Aspect the library did not add: the toolchain invokes it inside
   * `synth()`, after the library's validation, and it may change the declaration (add a binding).
   */
  readonly userAspects: boolean;
}

/** The Aspects the library adds (the providers' render hook): every other one is the user's. */
const LIBRARY_ASPECTS = new WeakSet<object>();

/** Records `aspect` as the library's own (see `TerraformRenderPlan.userAspects`). */
export function libraryAspect<T extends object>(aspect: T): T {
  LIBRARY_ASPECTS.add(aspect);
  return aspect;
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
    const provider = PROVIDERS.get(c);
    if (provider !== undefined) providers.push(provider);
    const owner = OWNERS.get(c);
    const group = owner?.ownedGroup();
    if (owner !== undefined && group !== undefined && !owners.has(group)) owners.set(group, () => owner.renderOwnedGrants());
  }
  // A group's declarations rendered one by one (without an owner construct): the first of them in
  // the app renders the grants of all, where release 0.1 put them (same Terraform addresses).
  for (const provider of providers) {
    const group = declarationGroupOf(provider.identity);
    if (group === undefined || owners.has(group)) continue;
    const peers = providers.filter((p) => group.members.includes(p.identity));
    if (peers.length > 1) owners.set(group, () => peers[0].renderGrants(peers.map((p) => p.identity)));
  }
  const toolchain = providers[0]?.toolchain;
  let userAspects: boolean | undefined;
  return {
    providers,
    // Only synthesis asks (once per pass): the plan is also computed for every validation outside one.
    get userAspects(): boolean {
      userAspects ??= toolchain !== undefined && all.some((c) => toolchain.Aspects.of(c).all.some((a) => !LIBRARY_ASPECTS.has(a)));
      return userAspects;
    },
    grantsOf: (identity, provider) => {
      const group = declarationGroupOf(identity);
      const owner = group === undefined ? undefined : owners.get(group);
      return owner === undefined ? provider.renderGrants([identity]) : owner();
    },
  };
}

/**
 * Renders every identity-provider construct of `app`, in tree order (the order the toolchain's
 * aspects would), before the toolchain synthesizes it: in a synthesis pass the providers' aspect
 * then finds each rendered. Constructing resources here, rather than deep inside the toolchain's
 * synthesis, keeps the stack each new token captures short.
 */
export function renderTerraformApp(app: IConstruct): void {
  for (const provider of terraformRenderPlan(app).providers) provider.render();
}

/** Whether a resource is written: decided when the toolchain renders it. */
export type Written = () => boolean;

/** A binding class of the toolchain: `new (scope, id, args)`. */
type ResourceClass<Args, Resource> = new (scope: Construct, id: string, args: Args) => Resource;
/** Its subclass that writes the resource only while `written()` holds. */
export type PlannedResourceClass<Args, Resource> = new (scope: Construct, id: string, args: Args, written: Written) => Resource;

/** The subclass made of each binding class (one per class, so per toolchain). */
const PLANNED = new WeakMap<object, unknown>();

/**
 * The subclass of the binding class `Base` (`huaweicloud_identity_provider` or its conversion) whose
 * resource is written only while `written()` holds (some binding uses OIDC federation), decided
 * when the stack is rendered: bindings added after construction count, and no construct is
 * removed from the tree.
 */
export function writtenWhile<Args, Resource extends TerraformResourceLike>(
  Base: ResourceClass<Args, Resource>,
): PlannedResourceClass<Args, Resource> {
  const known = PLANNED.get(Base);
  if (known !== undefined) return known as PlannedResourceClass<Args, Resource>;
  const Resource = Base as unknown as ResourceClass<Args, TerraformResourceLike>;
  class PlannedResource extends Resource {
    private readonly written: Written;

    public constructor(scope: Construct, id: string, args: Args, written: Written) {
      super(scope, id, args);
      this.written = written;
    }

    public toTerraform(): unknown {
      return this.written() ? super.toTerraform() : {};
    }

    public toHclTerraform(): unknown {
      return this.written() ? super.toHclTerraform() : {};
    }

    public toMetadata(): unknown {
      return this.written() ? super.toMetadata() : {};
    }
  }
  PLANNED.set(Base, PlannedResource);
  return PlannedResource as unknown as PlannedResourceClass<Args, Resource>;
}
