import { Construct } from 'constructs';
import { declarationGroupOf, type DeclarationGroup } from '../core/declaration-groups';
import { namespaceRule } from '../core/rules';
import type { WorkloadIdentityFleet } from '../core/workload-identity-fleet';
import { addIssueValidation } from '../constructs/validation-hook';
import { addTerraformWarning } from './warnings';
import { markGrantsOwner } from './render-plan';
import type { RenderedGroup } from './workload-identity-grants';
import { WorkloadIdentityProvider } from './workload-identity-provider';

/** Props of `WorkloadIdentityFleetProviders`. */
export interface WorkloadIdentityFleetProvidersProps {
  /** The fleet to render. */
  readonly fleet: WorkloadIdentityFleet;
}

/**
 * The Terraform side of a fleet: one `WorkloadIdentityProvider` (identity provider + conversion)
 * per cluster, each a child named after its cluster. The providers share the account, so they go
 * into one app (one stack, or this construct per stack with one fleet each); the fleet's checks
 * (quota, names, shared keys, every cluster rendered) are reported with the app's other errors.
 * The groups, policies and assignments the clusters share are this construct's to render: once,
 * at synthesis, into its first cluster's `grants` (the Terraform addresses release 0.1 gave them).
 */
export class WorkloadIdentityFleetProviders extends Construct {
  /** The rendered fleet. */
  public readonly fleet: WorkloadIdentityFleet;
  /** One provider construct per cluster, in cluster order (a copy). */
  public get providers(): WorkloadIdentityProvider[] {
    return [...this.providerList];
  }

  private readonly providerList: readonly WorkloadIdentityProvider[];

  public constructor(scope: Construct, id: string, props: WorkloadIdentityFleetProvidersProps) {
    super(scope, id);
    this.fleet = props.fleet;
    // Construct ids must be unique and are printed in every error path; an invalid (possibly a pasted
    // token) or repeated cluster name is reported by the fleet's validation, so the id falls back to
    // the cluster's position, as WorkloadIdentityFleetApps does for its directories.
    const used = new Set<string>();
    this.providerList = props.fleet.clusters.map((cluster) => {
      const name = typeof cluster.name === 'string' && namespaceRule(cluster.name) === undefined && !used.has(cluster.name)
        ? cluster.name
        : `cluster-${cluster.index}`;
      used.add(name);
      return new WorkloadIdentityProvider(this, name, { identity: cluster.identity });
    });
    markGrantsOwner(this);
    // The providers report the fleet's checks with their own; an empty fleet has no provider to do so.
    addIssueValidation(this, () => (this.fleet.clusters.length === 0 ? this.fleet.validate() : []), addTerraformWarning);
  }

  /** @internal The group of declarations whose grants this construct renders (none for an empty fleet). */
  public get _ownedGroup(): DeclarationGroup | undefined {
    const first = this.fleet.clusters[0];
    return first === undefined ? undefined : declarationGroupOf(first.identity);
  }

  /** @internal Renders the grants of every cluster (once), into the first cluster's `grants`; returns their groups. */
  public _renderOwnedGrants(): readonly RenderedGroup[] {
    const [first] = this.providerList;
    return first === undefined ? [] : first._renderGrants(this.providerList.map((p) => p.identity));
  }

  /** The provider construct of the cluster named `name`; throws when there is none. */
  public provider(name: string): WorkloadIdentityProvider {
    return this.providers[this.fleet.cluster(name).index];
  }
}
