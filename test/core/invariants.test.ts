import { ApiObject, App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Jwks, WorkloadIdentity, WorkloadServiceAccount, ServiceAccountBinding } from '../../lib';
import { synthWorkloadIdentity } from '../../lib/testing';
import { rsaKeySet } from '../fixtures/keys';
import { kplusWorkload, type Obj, podSpec, WORKLOAD_KINDS, type WorkloadKind } from '../kubernetes/support';

/** One workload of each kind cdk8s-plus-28 has (the shared builder of the Kubernetes matrix tests). */
function addWorkload(scope: Construct, kind: WorkloadKind, name: string, namespace: string): kplus.AbstractPod {
  return kplusWorkload(kplus, scope, kind, name, namespace);
}

describe('invariants between the two sides', () => {
  let identity: WorkloadIdentity;
  let jwks: Awaited<ReturnType<typeof rsaKeySet>>['jwks'];
  let out: ReturnType<typeof synthWorkloadIdentity>;

  beforeAll(async () => {
    ({ jwks } = await rsaKeySet());
    identity = new WorkloadIdentity({ providerName: 'wi_prod', clientId: 'client-a', jwks: Jwks.fromObject(jwks), region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef', iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com' });
    // One binding per workload kind, in different namespaces, with different token options.
    WORKLOAD_KINDS.forEach((kind, i) => identity.addBinding({
      namespace: `team-${i}`,
      serviceAccountName: `${kind.toLowerCase()}-sa`,
      iamUser: `user-${i}`,
      iamGroups: i % 2 ? ['readers', `g${i}`] : [`g${i}`],
      token: { expirationSeconds: 600 + i * 1000, path: i % 2 ? 'token' : 'sub/dir/token', mountPath: i === 3 ? '/etc/hwc' : undefined },
    }));
    out = synthWorkloadIdentity(identity, {
      workloads: (chart, serviceAccounts) => serviceAccounts.forEach((sa, i) => {
        sa.bind(addWorkload(chart, WORKLOAD_KINDS[i], `w-${i}`, sa.binding.namespace));
      }),
    });
  });

  const idp = () => Object.values((out.terraform as Obj).resource.huaweicloud_identity_provider)[0] as Obj;
  const rules = () => (Object.values((out.terraform as Obj).resource.huaweicloud_identity_provider_conversion)[0] as Obj).conversion_rules as Obj[];
  const workloads = () => out.kubernetes.filter((m) => WORKLOAD_KINDS.includes(m.kind as never)) as Obj[];

  test('exactly one provider and one conversion resource, holding one rule per binding', () => {
    const tf = out.terraform as Obj;
    expect(Object.keys(tf.resource.huaweicloud_identity_provider)).toHaveLength(1);
    expect(Object.keys(tf.resource.huaweicloud_identity_provider_conversion)).toHaveLength(1);
    expect(rules()).toHaveLength(WORKLOAD_KINDS.length);
  });

  test('binding works for every workload kind', () => {
    expect(workloads().map((w) => w.kind).sort()).toEqual([...WORKLOAD_KINDS].sort());
  });

  test.each(WORKLOAD_KINDS.map((k) => [k]))('%s: audience == client_id, sub == the ServiceAccount it runs as, env file == mounted file', (kind) => {
    const workload = workloads().find((w) => w.kind === kind) as Obj;
    const pod = podSpec(workload);
    const namespace = workload.metadata.namespace;
    const sa = out.kubernetes.find((m) => m.kind === 'ServiceAccount' && m.metadata.name === pod.serviceAccountName) as Obj;
    expect(sa.metadata.namespace).toBe(namespace);

    const projected = pod.volumes.find((v: Obj) => v.projected);
    const token = projected.projected.sources[0].serviceAccountToken;
    expect(token.audience).toBe(idp().access_config.client_id);

    const subject = `system:serviceaccount:${namespace}:${pod.serviceAccountName}`;
    const admitting = rules().filter((r) =>
      r.remote.some((x: Obj) => x.attribute === 'sub' && x.condition === 'any_one_of' && x.value.includes(subject)),
    );
    expect(admitting).toHaveLength(1);

    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const mount = container.volumeMounts.find((m: Obj) => m.name === projected.name);
      expect(mount.readOnly).toBe(true);
      const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]));
      expect(env.HUAWEICLOUD_SDK_ID_TOKEN_FILE).toBe(`${mount.mountPath}/${token.path}`);
      expect(env.HUAWEICLOUD_SDK_IDP_ID).toBe(idp().name);
      expect(env).toMatchObject({ HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef', HUAWEICLOUD_SDK_REGION: 'cn-north-4', HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.cn-north-4.myhuaweicloud.com' });
    }
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('signing_key parses back to the given JWKS and provider_url is the issuer', () => {
    expect(JSON.parse(idp().access_config.signing_key)).toEqual(jwks);
    expect(idp().access_config.provider_url).toBe(identity.issuer);
  });

  test('rules map each ServiceAccount to its user and groups', () => {
    expect(rules()[1]).toEqual({
      local: [{ username: 'user-1' }, { group: 'readers' }, { group: 'g1' }],
      remote: [{ attribute: 'sub', condition: 'any_one_of', value: ['system:serviceaccount:team-1:statefulset-sa'] }],
    });
  });
});

describe('one conversion resource per provider however many bindings', () => {
  test.each([[1], [7], [60]])('%i bindings', async (n) => {
    const { jwks } = await rsaKeySet();
    const identity = new WorkloadIdentity({
      providerName: 'p',
      clientId: 'client-c',
      jwks: Jwks.fromObject(jwks),
      projectId: '0123456789abcdef0123456789abcdef',
    });
    for (let i = 0; i < n; i++) identity.addBinding({ namespace: `ns${i % 5}`, serviceAccountName: `sa-${i}`, iamGroups: ['g'] });
    const tf = synthWorkloadIdentity(identity).terraform as Obj;
    expect(Object.keys(tf.resource.huaweicloud_identity_provider_conversion)).toHaveLength(1);
    const rules = (Object.values(tf.resource.huaweicloud_identity_provider_conversion)[0] as Obj).conversion_rules;
    expect(rules.map((r: Obj) => r.remote[0].value[0]).sort()).toEqual(identity.bindings.map((b: ServiceAccountBinding) => b.subject).sort());
  });
});

test('a group-only binding maps the ServiceAccount to a user of its own name (IAM needs a user name)', async () => {
  const { jwks } = await rsaKeySet();
  const identity = new WorkloadIdentity({
    providerName: 'p',
    clientId: 'client-c',
    jwks: Jwks.fromObject(jwks),
    projectId: '0123456789abcdef0123456789abcdef',
    bindings: [{ namespace: 'ops', serviceAccountName: 'backup', iamGroups: ['obs-writers'] }],
  });
  const tf = synthWorkloadIdentity(identity).terraform as Obj;
  expect((Object.values(tf.resource.huaweicloud_identity_provider_conversion)[0] as Obj).conversion_rules[0].local).toEqual([
    { username: 'backup' },
    { group: 'obs-writers' },
  ]);
});

describe('bind()', () => {
  async function setup(): Promise<{ chart: Chart; sa: WorkloadServiceAccount; app: Cdk8sApp }> {
    const { jwks } = await rsaKeySet();
    const identity = new WorkloadIdentity({
      providerName: 'p',
      clientId: 'client-c',
      jwks: Jwks.fromObject(jwks),
      projectId: '0123456789abcdef0123456789abcdef',
      bindings: [{ namespace: 'apps', serviceAccountName: 'reader', iamGroups: ['g'] }],
    });
    const app = new Cdk8sApp();
    const chart = new Chart(app, 'c', { namespace: 'apps' });
    return { chart, app, sa: new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] }) };
  }
  const errors = (app: Cdk8sApp) => app.node.findAll().flatMap((c) => c.node.validate());

  test('mounts only into the named containers, including init containers', async () => {
    const { chart, sa, app } = await setup();
    const d = new kplus.Deployment(chart, 'd', {
      containers: [
        { name: 'app', image: 'a' },
        { name: 'sidecar', image: 's' },
      ],
      initContainers: [{ name: 'init', image: 'i' }],
    });
    sa.bind(d, { containers: ['app', 'init'] });
    expect(errors(app)).toEqual([]);
    const pod = podSpec(ApiObject.of(d).toJson());
    const names = (cs: Obj[]) => cs.filter((c) => (c.volumeMounts ?? []).some((m: Obj) => m.name === 'workload-identity-token')).map((c) => c.name);
    expect(names(pod.containers)).toEqual(['app']);
    expect(names(pod.initContainers)).toEqual(['init']);
    expect(WorkloadServiceAccount.of(d)).toBe(sa);
  });

  test('reports every misuse at synthesis, all at once', async () => {
    const { chart, sa, app } = await setup();
    const other = new kplus.ServiceAccount(chart, 'other', { metadata: { name: 'other' } });
    const wrongSa = new kplus.Deployment(chart, 'a', { serviceAccount: other, containers: [{ name: 'x', image: 'x' }] });
    sa.bind(wrongSa);
    const wrongNs = new kplus.Deployment(chart, 'b', { metadata: { namespace: 'elsewhere' }, containers: [{ name: 'x', image: 'x' }] });
    sa.bind(wrongNs);
    const unknown = new kplus.Deployment(chart, 'c', { containers: [{ name: 'x', image: 'x' }] });
    sa.bind(unknown, { containers: ['nope'] });
    const conflict = new kplus.Deployment(chart, 'd', {
      containers: [{ name: 'x', image: 'x', envVariables: { HUAWEICLOUD_SDK_IDP_ID: kplus.EnvValue.fromValue('other') } }],
    });
    sa.bind(conflict);
    const late = new kplus.Deployment(chart, 'e', { containers: [{ name: 'x', image: 'x' }] });
    sa.bind(late);
    late.addContainer({ name: 'late', image: 'l' });
    sa.bind(late);
    const messages = errors(app).join('\n');
    expect(messages).toMatch(/c\/a\.serviceAccount: "other" is set, but the binding needs the pod to run as "reader"/);
    expect(messages).toMatch(/c\/b\.metadata\.namespace: "elsewhere" must be "apps"/);
    expect(messages).toMatch(/c\/c\.containers: "nope" names no container of the workload/);
    expect(messages).toMatch(/c\/d\.containers\[x\]\.env\.HUAWEICLOUD_SDK_IDP_ID: "other" must be "p"/);
    expect(messages).toMatch(/c\/e\.containers\[late\]: was added after bind\(\)/);
    expect(messages).toMatch(/c\/e: is already bound to the ServiceAccount "apps\/reader"/);
    expect(() => app.synthYaml()).toThrow(/Validation failed/);
  });

  test('changes made after bind() that would break an invariant are reported at synthesis', async () => {
    const { chart, sa, app } = await setup();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ name: 'x', image: 'x' }] });
    sa.bind(d);
    const [container] = d.containers;
    container.env.addVariable('HUAWEICLOUD_SDK_ID_TOKEN_FILE', kplus.EnvValue.fromValue('/elsewhere'));
    container.mount('/var/run/secrets/tokens/oidc-token', kplus.Volume.fromEmptyDir(chart, 'v', 'scratch'));
    const messages = errors(app).join('\n');
    expect(messages).toMatch(/c\/d\.containers\[x\]\.env\.HUAWEICLOUD_SDK_ID_TOKEN_FILE: "\/elsewhere" must be "\/var\/run\/secrets\/tokens\/oidc-token"/);
    expect(messages).toMatch(/c\/d\.containers\[x\]\.mounts: "\/var\/run\/secrets\/tokens\/oidc-token" mounts volume "scratch" inside the token directory/);
  });

  test('a volume name already used by the pod is reported instead of failing inside cdk8s-plus', async () => {
    const { chart, sa, app } = await setup();
    const d = new kplus.Deployment(chart, 'd', {
      containers: [
        { name: 'x', image: 'x', volumeMounts: [{ path: '/data', volume: kplus.Volume.fromEmptyDir(chart, 'v', 'workload-identity-token') }] },
      ],
    });
    sa.bind(d);
    expect(errors(app).join('\n')).toMatch(/c\/d\.volumes: "workload-identity-token" is already the name of another volume of the pod\. Fix: pass bind\(workload, \{ volumeName/);
    const other = new kplus.Deployment(chart, 'e', {
      containers: [
        { name: 'x', image: 'x', volumeMounts: [{ path: '/data', volume: kplus.Volume.fromEmptyDir(chart, 'w', 'workload-identity-token') }] },
      ],
    });
    sa.bind(other, { volumeName: 'wi-token' });
    expect(errors(app).join('\n')).not.toMatch(/c\/e\./);
  });

  test('a second ServiceAccount construct for the same binding is an error', async () => {
    const { chart, sa, app } = await setup();
    new WorkloadServiceAccount(chart, 'twin', { binding: sa.binding });
    expect(errors(app).join('\n')).toMatch(/c\/twin: "apps\/reader" is also created at c\/sa/);
  });
});
