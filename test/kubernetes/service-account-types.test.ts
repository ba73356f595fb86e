/**
 * WorkloadServiceAccount is structurally a cdk8s-plus IServiceAccount in every major the library
 * supports, without importing any of them: these assignments are checked by `npm run typecheck`
 * (tsconfig.json includes test/), with each major's own types, and then run.
 */
import { ApiObject } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import * as kplus34 from 'cdk8s-plus-34';
import { WorkloadServiceAccount } from '../../lib';
import { errors, podSpec, setup } from './support';

/** Compile-time: the assignments fail `npm run typecheck` if a major's interfaces ask for more. */
function asServiceAccounts(sa: WorkloadServiceAccount) {
  const in28: kplus28.IServiceAccount = sa;
  const in33: kplus33.IServiceAccount = sa;
  const in34: kplus34.IServiceAccount = sa;
  const subjects: [kplus28.ISubject, kplus33.ISubject, kplus34.ISubject] = [sa, sa, sa];
  const resources: [kplus28.IApiResource, kplus33.IApiResource, kplus34.IApiResource] = [sa, sa, sa];
  return { in28, in33, in34, subjects, resources };
}

test('each major takes it as a workload\'s serviceAccount, typed with its own props', async () => {
  const { app, chart, sa } = await setup();
  const { in28, in33, in34 } = asServiceAccounts(sa);
  const containers = [{ name: 'app', image: 'a' }];
  const workloads = [
    new kplus28.Deployment(chart, 'd28', { serviceAccount: in28, containers }),
    new kplus33.Deployment(chart, 'd33', { serviceAccount: in33, containers }),
    new kplus34.Deployment(chart, 'd34', { serviceAccount: sa, containers }),
    new kplus34.Job(chart, 'j34', { serviceAccount: in34, containers }),
  ];
  for (const w of workloads) sa.bind(w);
  expect(errors(app)).toEqual([]);
  expect(workloads.map((w) => podSpec(ApiObject.of(w).toJson()).serviceAccountName)).toEqual(['reader', 'reader', 'reader', 'reader']);
});

test('each major renders it as an RBAC resource and subject like its own ServiceAccount', async () => {
  const { chart, sa } = await setup();
  const { subjects, resources } = asServiceAccounts(sa);
  const expected = { kind: 'ServiceAccount', name: 'reader', apiGroup: 'core', namespace: 'apps' };
  expect(subjects.map((s) => s.toSubjectConfiguration())).toEqual([expected, expected, expected]);
  const own = new kplus33.ServiceAccount(chart, 'own', { metadata: { name: 'reader' } });
  for (const r of resources) expect([r.apiGroup, r.resourceType, r.resourceName]).toEqual([own.apiGroup, own.resourceType, own.resourceName]);
  expect([sa.name, sa.kind, sa.apiVersion]).toEqual([own.name, own.kind, own.apiVersion]);
});
