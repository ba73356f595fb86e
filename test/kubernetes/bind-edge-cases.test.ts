/**
 * bind() cases found in review: a workload of another app, an empty container list, a StatefulSet
 * claim template named like the token volume, pod identity before the containers exist, and the
 * wording of a second binding.
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { IdentityMode } from '../../lib';
import { errors, Obj, podSpec, refusedCodes, setup } from './support';

const POD: Obj = { containers: [{ name: 'app', image: 'registry.example/app:1' }] };
const deployment = (scope: Construct, id: string, pod: Obj = POD) => new ApiObject(scope, id, {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: {},
  spec: { selector: { matchLabels: { app: id } }, template: { metadata: { labels: { app: id } }, spec: structuredClone(pod) } },
});

test('a workload of another app is refused at the ServiceAccount, and left unbound', async () => {
  const { app, sa } = await setup();
  const other = new App({ outdir: '/nonexistent-never-written' });
  const w = deployment(new Chart(other, 'o', { namespace: 'apps' }), 'w');
  const before = w.toJson();
  sa.bind(w);
  expect(errors(app).join('\n')).toMatch(/o\/w: is in another cdk8s App than the ServiceAccount c\/sa; a pod can only run as a ServiceAccount rendered beside it/);
  // The other app renders its workload untouched: no refusal halfway through its write.
  expect(errors(other)).toEqual([]);
  expect(w.toJson()).toEqual(before);
});

test('containers: [] is an error (it would bind no container)', async () => {
  const { app, chart, sa } = await setup();
  sa.bind(deployment(chart, 'w'), { containers: [] });
  expect(errors(app).join('\n')).toMatch(/c\/w\.containers: is empty, so no container would get the token/);
});

test('a StatefulSet claim template named like the token volume is VOLUME_NAME_IN_USE (it would replace the token)', async () => {
  const { app, chart, sa } = await setup();
  const w = new ApiObject(chart, 'w', {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {},
    spec: {
      selector: { matchLabels: { app: 'w' } }, serviceName: 'w',
      template: { metadata: { labels: { app: 'w' } }, spec: structuredClone(POD) },
      volumeClaimTemplates: [{ metadata: { name: 'workload-identity-token' }, spec: { accessModes: ['ReadWriteOnce'] } }],
    },
  });
  sa.bind(w);
  expect(errors(app).join('\n')).toMatch(/c\/w\.volumes: "workload-identity-token" is already the name of another volume of the pod/);
  expect(refusedCodes(w)).toEqual(['VOLUME_NAME_IN_USE']);
});

test('pod identity: a workload whose containers come later (a JSON patch) binds; OIDC asks for containers first', async () => {
  const pod = await setup(IdentityMode.POD_IDENTITY);
  const later = deployment(pod.chart, 'w', { containers: [] });
  pod.sa.bind(later);
  later.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/-', { name: 'app', image: 'registry.example/app:1' }));
  expect(errors(pod.app)).toEqual([]);
  expect(podSpec(later.toJson()).serviceAccountName).toBe('reader');

  const oidc = await setup();
  oidc.sa.bind(deployment(oidc.chart, 'w', { containers: [] }));
  expect(errors(oidc.app).join('\n')).toMatch(/c\/w: has no containers yet, so none would get the token/);
});

test('a second binding names the ServiceAccount the workload already runs as', async () => {
  const { app, chart, sa } = await setup();
  const w = deployment(chart, 'w');
  sa.bind(w).bind(w);
  expect(errors(app).join('\n')).toMatch(/c\/w: is already bound to the ServiceAccount "apps\/reader"; a pod runs as one ServiceAccount/);
});
