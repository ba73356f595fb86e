import { join } from 'node:path';
import { App, AppProps } from './cdk8s-peer';
import { namespaceRule } from '../core/validation/rules';
import type { WorkloadIdentityFleet, WorkloadIdentityFleetCluster } from '../core/declaration/workload-identity-fleet';

/** Props of `WorkloadIdentityFleetApps`. */
export interface WorkloadIdentityFleetAppsProps {
  /**
   * Adds the cluster's charts to its app: its `WorkloadServiceAccount`s (bindings from
   * `cluster.binding(namespace, name)`) and the workloads bound to them. Called once per cluster,
   * in cluster order, while the apps are created. TypeScript/JavaScript only (jsii has no
   * function-typed properties): in other languages, add the charts afterwards.
   * @default none: add the charts afterwards, to `app(cluster.name)` for each of `fleet.clusters`
   * @jsii ignore
   */
  readonly build?: (app: App, cluster: WorkloadIdentityFleetCluster) => void;
  /**
   * Directory holding one output directory per cluster, `<outdir>/<cluster name>/`.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * Further props of every app. Its `outdir` is not used: each app writes to `<outdir>/<cluster name>/`.
   * @default none
   */
  readonly appProps?: AppProps;
}

/**
 * The Kubernetes side of a fleet: one cdk8s app per cluster, writing to `<outdir>/<cluster>/`
 * (`dist/prod-a/`, `dist/prod-b/`), so each cluster gets manifests that point at its own identity
 * provider. Synthesize them with `WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: fleetApps.apps, terraform })`.
 */
export class WorkloadIdentityFleetApps {
  /** The rendered fleet. */
  public readonly fleet: WorkloadIdentityFleet;
  /** One app per cluster, in cluster order (a copy). */
  public get apps(): App[] {
    return [...this.appList];
  }

  private readonly appList: readonly App[];

  public constructor(fleet: WorkloadIdentityFleet, props: WorkloadIdentityFleetAppsProps) {
    this.fleet = fleet;
    const root = props.outdir ?? 'dist';
    this.appList = fleet.clusters.map((cluster) => {
      // An invalid cluster name (reported by the fleet's validation) must not pick a directory
      // outside the root; the position stands in for it.
      const dir = typeof cluster.name === 'string' && namespaceRule(cluster.name) === undefined ? cluster.name : `cluster-${cluster.index}`;
      const app = new App({ ...props.appProps, outdir: join(root, dir) });
      props.build?.(app, cluster);
      return app;
    });
  }

  /** The app of the cluster named `name`; throws when there is none. */
  public app(name: string): App {
    return this.appList[this.fleet.cluster(name).index];
  }
}
