/**
 * The only place that reaches past cdk8s-plus-28's public API, with why:
 *
 * 1. cdk8s-plus-28 has no projected-volume factory and `Volume`'s constructor is private. Its
 *    `_toKube()` renders `{ name, ...config }` from the config given to that constructor, so
 *    constructing it with a `projected` config yields a first-class `Volume` that `mount()` and the
 *    pod's volume de-duplication handle like any other.
 * 2. A pod's `serviceAccount` is fixed at construction (a readonly field), but binding an existing
 *    workload must set it; the pod renders `serviceAccountName` from that field at synthesis.
 *
 * If a later cdk8s-plus adds `Volume.fromProjected` or a settable service account, only this file changes.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

/** A projected `serviceAccountToken` source. */
export interface ServiceAccountTokenProjection {
  /** Token audience. */
  readonly audience: string;
  /** Token lifetime in seconds. */
  readonly expirationSeconds: number;
  /** File name inside the volume. */
  readonly path: string;
  /** File mode of the projected files. */
  readonly defaultMode: number;
}

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Omit<kplus.k8s.Volume, 'name'>) => kplus.Volume;

/** Creates a projected volume holding one ServiceAccount token. */
export function projectedServiceAccountTokenVolume(scope: Construct, id: string, name: string, token: ServiceAccountTokenProjection): kplus.Volume {
  const PrivateVolume = kplus.Volume as unknown as VolumeConstructor;
  return new PrivateVolume(scope, id, name, {
    projected: {
      defaultMode: token.defaultMode,
      sources: [{ serviceAccountToken: { audience: token.audience, expirationSeconds: token.expirationSeconds, path: token.path } }],
    },
  });
}

/** Sets the ServiceAccount a pod (or a workload's pod template) runs as. */
export function setPodServiceAccount(pod: kplus.AbstractPod, serviceAccount: kplus.IServiceAccount): void {
  (pod as { serviceAccount?: kplus.IServiceAccount }).serviceAccount = serviceAccount;
}
