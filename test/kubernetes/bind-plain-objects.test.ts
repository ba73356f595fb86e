/**
 * bind() on plain cdk8s objects: hand-written `ApiObject`s of every supported kind and a generated
 * `KubeDeployment` (the class `cdk8s import` writes), with no cdk8s-plus involved.
 */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus33 from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { IdentityMode, WorkloadServiceAccount } from '../../lib';
import { errors, Obj, podSpec, refusedCodes, setup } from './support';

const POD: Obj = { containers: [{ name: 'app', image: 'registry.example/app:1' }] };
const TEMPLATE = { metadata: { labels: { app: 'w' } }, spec: POD };
const SELECTOR = { matchLabels: { app: 'w' } };
const KINDS: Array<[string, string, Obj]> = [
  ['v1', 'Pod', POD],
  ['v1', 'ReplicationController', { selector: { app: 'w' }, template: TEMPLATE }],
  ['apps/v1', 'Deployment', { selector: SELECTOR, template: TEMPLATE }],
  ['apps/v1', 'StatefulSet', { selector: SELECTOR, serviceName: 'w', template: TEMPLATE }],
  ['apps/v1', 'DaemonSet', { selector: SELECTOR, template: TEMPLATE }],
  ['apps/v1', 'ReplicaSet', { selector: SELECTOR, template: TEMPLATE }],
  ['batch/v1', 'Job', { template: { spec: { ...POD, restartPolicy: 'Never' } } }],
  ['batch/v1', 'CronJob', { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { ...POD, restartPolicy: 'Never' } } } } }],
];

const plain = (scope: Construct, id: string, apiVersion: string, kind: string, spec: Obj, metadata: Obj = {}) =>
  new ApiObject(scope, id, { apiVersion, kind, metadata, spec: structuredClone(spec) });

describe.each(KINDS)('%s %s', (apiVersion, kind, spec) => {
  test('runs as the ServiceAccount with the token and the SDK environment; nothing else changes', async () => {
    const { app, chart, sa } = await setup();
    const w = plain(chart, 'w', apiVersion, kind, spec);
    const before = w.toJson();
    sa.bind(w);
    expect(errors(app)).toEqual([]);
    const after = w.toJson();
    const token = sa.binding.token;
    const expected = structuredClone(before);
    const pod = podSpec(expected);
    pod.serviceAccountName = 'reader';
    pod.volumes = [{
      name: 'workload-identity-token',
      projected: {
        defaultMode: token.mode,
        sources: [{ serviceAccountToken: { audience: 'client-c', expirationSeconds: token.expirationSeconds, path: token.path } }],
      },
    }];
    pod.containers[0].env = Object.entries(sa.binding.environment).map(([name, value]) => ({ name, value }));
    pod.containers[0].volumeMounts = [{ mountPath: token.mountPath, name: 'workload-identity-token', readOnly: true }];
    expect(after).toEqual(expected);
    // keys stay sorted, as cdk8s writes them
    const keys = Object.keys(podSpec(after));
    expect(keys).toEqual([...keys].sort());
    expect(WorkloadServiceAccount.of(w)).toBe(sa);
  });

  test('pod identity sets serviceAccountName only', async () => {
    const { app, chart, sa } = await setup(IdentityMode.POD_IDENTITY);
    const w = plain(chart, 'w', apiVersion, kind, spec);
    const before = w.toJson();
    sa.bind(w);
    expect(errors(app)).toEqual([]);
    expect(podSpec(w.toJson())).toEqual({ ...podSpec(before), serviceAccountName: 'reader' });
  });
});

test('a generated KubeDeployment (cdk8s import) is bound like any object', async () => {
  const { app, chart, sa } = await setup();
  const d = new kplus33.k8s.KubeDeployment(chart, 'd', {
    spec: {
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'app', image: 'a' }] } },
    },
  });
  sa.bind(d);
  expect(errors(app)).toEqual([]);
  const pod = podSpec(Testing.synth(chart).find((m: Obj) => m.kind === 'Deployment'));
  expect(pod.serviceAccountName).toBe('reader');
  expect(pod.containers[0].env.map((e: Obj) => e.name)).toEqual(Object.keys(sa.binding.environment));
});

test('a container added by a JSON patch after bind() is seen; a variable already set to the derived value is kept once', async () => {
  const { app, chart, sa } = await setup();
  const env = [{ name: 'HUAWEICLOUD_SDK_IDP_ID', value: 'p' }, { name: 'OTHER', value: '1' }];
  const d = plain(chart, 'd', 'apps/v1', 'Deployment', { template: { spec: { containers: [{ name: 'app', image: 'a', env }] } } });
  sa.bind(d);
  expect(errors(app)).toEqual([]);
  const names = podSpec(d.toJson()).containers[0].env.map((e: Obj) => e.name);
  expect(names.filter((n: string) => n === 'HUAWEICLOUD_SDK_IDP_ID')).toHaveLength(1);
  expect(names.slice(0, 2)).toEqual(['HUAWEICLOUD_SDK_IDP_ID', 'OTHER']);
  d.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/-', { name: 'late', image: 'l' }));
  expect(errors(app).join('\n')).toMatch(/c\/d\.containers\[late\]: was added after bind\(\)/);
  expect(refusedCodes(d)).toEqual(['CONTAINER_ADDED_AFTER_BIND']);
});

test('misuses on plain objects are errors with their codes', async () => {
  const { app, chart, sa } = await setup();
  const deployment = (id: string, pod: Obj, metadata: Obj = {}) => plain(chart, id, 'apps/v1', 'Deployment', { template: { spec: pod } }, metadata);
  const app1 = { name: 'app', image: 'a' };
  const REF = { configMapKeyRef: { name: 'c', key: 'k' } };
  const cases: Array<[ApiObject, string[]]> = [
    [deployment('sa-name', { serviceAccountName: 'other', containers: [app1] }), ['WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT']],
    [deployment('sa-alias', { serviceAccount: 'other', containers: [app1] }), ['WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT']],
    [deployment('ns', { containers: [app1] }, { namespace: 'elsewhere' }), ['NAMESPACE_MISMATCH']],
    [deployment('ref', { containers: [{ ...app1, env: [{ name: 'HUAWEICLOUD_SDK_REGION', valueFrom: REF }] }] }),
      ['ENV_CONFLICT']],
    [deployment('vol', { containers: [app1], volumes: [{ name: 'workload-identity-token', emptyDir: {} }] }), ['VOLUME_NAME_IN_USE']],
    [deployment('hide', { containers: [{ ...app1, volumeMounts: [{ name: 'x', mountPath: '/var/run/secrets/tokens/sub' }] }] }),
      ['MOUNT_HIDES_TOKEN']],
    [deployment('no-spec', {}), ['WORKLOAD_HAS_NO_CONTAINERS']],
  ];
  for (const [w] of cases) sa.bind(w);
  const noTemplate = plain(chart, 'no-template', 'apps/v1', 'Deployment', { replicas: 1 });
  sa.bind(noTemplate, { containers: ['app'] });
  const messages = errors(app).join('\n');
  expect(messages).toMatch(/c\/sa-name\.serviceAccount: "other" is set/);
  expect(messages).toMatch(/c\/ref\.containers\[app\]\.env\.HUAWEICLOUD_SDK_REGION: "\(from a reference\)" must be "cn-north-4"/);
  expect(messages).toMatch(/c\/no-template: renders no pod spec at spec\.template\.spec/);
  for (const [w, codes] of cases) expect([w.node.id, refusedCodes(w)]).toEqual([w.node.id, codes]);
  expect(refusedCodes(noTemplate)).toEqual(['UNSUPPORTED_WORKLOAD']);
});

test('an object of another kind, a custom resource named like a workload, or a construct rendering nothing is refused by name', async () => {
  const { app, chart, sa } = await setup();
  const map = new ApiObject(chart, 'map', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
  const custom = plain(chart, 'custom', 'example.com/v1', 'Deployment', { template: { spec: POD } });
  sa.bind(map).bind(custom).bind(new Construct(chart, 'empty')).bind(new Chart(app, 'other-chart'));
  const messages = errors(app);
  const kinds = 'Pod, ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob';
  expect(messages).toEqual(expect.arrayContaining([
    expect.stringContaining('c/map: is an object of kind ConfigMap (apiVersion v1), which has no pod template bind() knows. '
      + `Fix: bind a workload of kind ${kinds}`),
    expect.stringContaining('c/custom: is an object of kind Deployment (apiVersion example.com/v1), which has no pod template bind() knows'),
    expect.stringContaining('c/empty: is not a construct rendering a Kubernetes object (ApiObject.of finds none)'),
    expect.stringContaining('other-chart: is not a construct rendering a Kubernetes object'),
  ]));
  // refused at bind(): nothing is wrapped, the objects render as they are
  expect(map.toJson().data).toEqual({ a: 'b' });
  expect(WorkloadServiceAccount.of(map)).toBeUndefined();
});
