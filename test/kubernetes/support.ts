/**
 * Shared set-up of the Kubernetes matrix tests: the cdk8s-plus majors bind() is run against, and
 * the pod spec of any rendered workload.
 */
import { ApiObject, App, Chart, Cron, Duration } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import * as kplus34 from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { IdentityMode, Jwks, WorkloadIdentity, WorkloadServiceAccount } from '../../lib';
import { WorkloadIdentityValidationError } from '../../lib/core/issues/issues';
import { rsaKeySet } from '../fixtures/keys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/**
 * The majors, typed as cdk8s-plus-28 for the calls the tests make (the same API in each; the
 * type-level test checks each major's own types).
 */
export const MAJORS: ReadonlyArray<readonly [string, typeof kplus28]> = [
  ['cdk8s-plus-28', kplus28],
  ['cdk8s-plus-33', kplus33 as unknown as typeof kplus28],
  ['cdk8s-plus-34', kplus34 as unknown as typeof kplus28],
];

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const;
export type WorkloadKind = typeof WORKLOAD_KINDS[number];

/** The pod spec of a rendered workload manifest. */
export function podSpec(m: Obj): Obj {
  switch (m.kind) {
    case 'Pod': return m.spec;
    case 'CronJob': return m.spec.jobTemplate.spec.template.spec;
    default: return m.spec.template.spec;
  }
}

/** A cdk8s-plus workload of `kind` with one container `app` (plus `more`). */
export function kplusWorkload(k: typeof kplus28, scope: Construct, kind: WorkloadKind, id: string, namespace?: string,
  more: kplus28.ContainerProps[] = []): kplus28.AbstractPod {
  const metadata = { name: id, namespace };
  const containers = [{ name: 'app', image: 'registry.example/app:1', portNumber: 8080 }, ...more];
  switch (kind) {
    case 'Deployment': return new k.Deployment(scope, id, { metadata, containers });
    case 'StatefulSet': {
      const service = new k.Service(scope, `${id}-svc`, { metadata: { name: `${id}-svc`, namespace }, ports: [{ port: 8080 }] });
      return new k.StatefulSet(scope, id, { metadata, containers, service });
    }
    case 'DaemonSet': return new k.DaemonSet(scope, id, { metadata, containers });
    case 'Job': return new k.Job(scope, id, { metadata, containers, ttlAfterFinished: Duration.minutes(5) });
    case 'CronJob': return new k.CronJob(scope, id, { metadata, containers, schedule: Cron.daily() });
    case 'Pod': return new k.Pod(scope, id, { metadata, containers });
  }
}

/** A declaration with one binding `apps/reader` (client ID `client-c`, provider `p`). */
export async function declaration(mode?: IdentityMode): Promise<WorkloadIdentity> {
  const { jwks } = await rsaKeySet();
  return new WorkloadIdentity({
    providerName: 'p', clientId: 'client-c', jwks: Jwks.fromObject(jwks), projectId: '0123456789abcdef0123456789abcdef', region: 'cn-north-4',
    ...(mode ? { mode, clusterId: '4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02' } : {}),
    bindings: [{ namespace: 'apps', serviceAccountName: 'reader', iamGroups: ['g'] }],
  });
}

/** An app, a chart in namespace `apps` and the ServiceAccount of the declaration's binding. */
export async function setup(mode?: IdentityMode): Promise<{ app: App; chart: Chart; sa: WorkloadServiceAccount }> {
  const identity = await declaration(mode);
  const app = new App({ outdir: '/nonexistent-never-written' });
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  return { app, chart, sa: new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] }) };
}

/** Every validation error of the app (what `app.synth()` would report). */
export function errors(app: App): string[] {
  return app.node.findAll().flatMap((c) => c.node.validate());
}

/** The codes of the issues the rendering of `workload` refuses with (none when it renders). */
export function refusedCodes(workload: IConstruct): string[] {
  try {
    ApiObject.of(workload).toJson();
    return [];
  } catch (error) {
    if (error instanceof WorkloadIdentityValidationError) return error.issues.map((i) => i.code);
    throw error;
  }
}
