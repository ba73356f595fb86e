import { Construct } from 'constructs';
import { namespaceRule } from '../core/validation/rules';
import type { WorkloadIdentityFleet } from '../core/declaration/workload-identity-fleet';
import { addIssueValidation } from '../constructs/validation-hook';
import { Annotations } from './huaweicloud';
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
    // The providers report the fleet's checks with their own; an empty fleet has no provider to do so.
    addIssueValidation(this, () => (this.fleet.clusters.length === 0 ? this.fleet.validate() : []), (c, m) => Annotations.of(c).addWarning(m));
  }

  /** The provider construct of the cluster named `name`; throws when there is none. */
  public provider(name: string): WorkloadIdentityProvider {
    return this.providers[this.fleet.cluster(name).index];
  }
}
