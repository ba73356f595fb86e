/**
 * The invariants between the two sides, with the workloads built by each cdk8s-plus major: the
 * token's audience is the provider's client ID, the pod runs as the ServiceAccount the rule
 * admits, and the SDK reads the file the token is mounted at.
 */
import { Jwks, WorkloadIdentity } from '../../lib';
import { synthWorkloadIdentity } from '../../lib/testing';
import { rsaKeySet } from '../fixtures/keys';
import { kplusWorkload, MAJORS, Obj, podSpec, WORKLOAD_KINDS } from './support';

describe.each(MAJORS)('%s', (_major, k) => {
  let out: ReturnType<typeof synthWorkloadIdentity>;

  beforeAll(async () => {
    const { jwks } = await rsaKeySet();
    const identity = new WorkloadIdentity({
      providerName: 'wi_prod', clientId: 'client-a', jwks: Jwks.fromObject(jwks), region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef',
    });
    WORKLOAD_KINDS.forEach((kind, i) => identity.addBinding({
      namespace: `team-${i}`, serviceAccountName: `${kind.toLowerCase()}-sa`, iamGroups: [`g${i}`],
      token: { expirationSeconds: 600 + i * 1000, path: i % 2 ? 'token' : 'sub/dir/token', mountPath: i === 3 ? '/etc/hwc' : undefined },
    }));
    out = synthWorkloadIdentity(identity, {
      workloads: (chart, serviceAccounts) => serviceAccounts.forEach((sa, i) => {
        const sidecar = { name: 'sidecar', image: 'registry.example/side:1' };
        sa.bind(kplusWorkload(k, chart, WORKLOAD_KINDS[i], `w-${i}`, sa.binding.namespace, [sidecar]));
      }),
    });
  });

  const tf = () => out.terraform as Obj;
  const idp = () => Object.values(tf().resource.huaweicloud_identity_provider)[0] as Obj;
  const rules = () => (Object.values(tf().resource.huaweicloud_identity_provider_conversion)[0] as Obj).conversion_rules as Obj[];

  test.each(WORKLOAD_KINDS.map((kind) => [kind]))('%s: audience == client_id, sub admitted by one rule, env file == mounted file', (kind) => {
    const workload = out.kubernetes.find((m) => m.kind === kind) as Obj;
    const pod = podSpec(workload);
    const namespace = workload.metadata.namespace;
    const sa = out.kubernetes.find((m) => m.kind === 'ServiceAccount' && m.metadata.name === pod.serviceAccountName) as Obj;
    expect(sa.metadata.namespace).toBe(namespace);
    expect(sa.automountServiceAccountToken).toBe(false);

    const projected = pod.volumes.find((v: Obj) => v.projected);
    const token = projected.projected.sources[0].serviceAccountToken;
    expect(token.audience).toBe(idp().access_config.client_id);
    expect(token.expirationSeconds).toBeGreaterThanOrEqual(600);

    const subject = `system:serviceaccount:${namespace}:${pod.serviceAccountName}`;
    const admits = (x: Obj) => x.attribute === 'sub' && x.condition === 'any_one_of' && x.value.includes(subject);
    const admitting = rules().filter((r) => r.remote.some(admits));
    expect(admitting).toHaveLength(1);

    expect(pod.containers).toHaveLength(2);
    for (const container of pod.containers) {
      const mount = container.volumeMounts.find((m: Obj) => m.name === projected.name);
      expect(mount.readOnly).toBe(true);
      const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]));
      expect(env.HUAWEICLOUD_SDK_ID_TOKEN_FILE).toBe(`${mount.mountPath}/${token.path}`);
      expect(env.HUAWEICLOUD_SDK_IDP_ID).toBe(idp().name);
      expect(env).toMatchObject({ HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef', HUAWEICLOUD_SDK_REGION: 'cn-north-4' });
    }
  });
});
