// WorkloadIdentityFleetProviders, whose providers are the flavour's WorkloadIdentityProvider. Each
// flavour has this module at the same place (lib/, lib/cdktn/), the same text but for the import
// paths (test/package/cdktn-flavour.test.ts).
import { Construct } from 'constructs';
import type { WorkloadIdentityFleet } from '../../core/declaration/workload-identity-fleet';
import { TOOLCHAIN } from './huaweicloud';
import { renderFleetProviders, type WorkloadIdentityFleetProvidersProps } from '../../terraform/provider-rendering';
import { WorkloadIdentityProvider } from './workload-identity-provider';

export type { WorkloadIdentityFleetProvidersProps };

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
    this.providerList = renderFleetProviders(
      this, props.fleet, TOOLCHAIN, (name, identity) => new WorkloadIdentityProvider(this, name, { identity }),
    );
  }

  /** The provider construct of the cluster named `name`; throws when there is none. */
  public provider(name: string): WorkloadIdentityProvider {
    return this.providers[this.fleet.cluster(name).index];
  }
}
