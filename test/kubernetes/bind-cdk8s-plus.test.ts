/**
 * bind() over cdk8s-plus-28, -33 and -34: the same behaviour, the same errors, from the manifest
 * each major renders (the library imports none of them).
 */
import { ApiObject, Testing } from 'cdk8s';
import type * as kplus28 from 'cdk8s-plus-28';
import { IdentityMode, WorkloadServiceAccount } from '../../lib';
import { WorkloadIdentityValidationError } from '../../lib/core/issues/issues';
import { errors, MAJORS, Obj, podSpec, refusedCodes, setup, WORKLOAD_KINDS, kplusWorkload } from './support';

const TOKEN_VOLUME = {
  name: 'workload-identity-token',
  projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'client-c', expirationSeconds: 7200, path: 'oidc-token' } }] },
};
const MOUNT = { mountPath: '/var/run/secrets/tokens', name: 'workload-identity-token', readOnly: true };

describe.each(MAJORS)('%s', (_major, k) => {
  test.each(WORKLOAD_KINDS.map((kind) => [kind]))('%s: runs as the ServiceAccount with the token and the SDK environment', async (kind) => {
    const { app, chart, sa } = await setup();
    const workload = kplusWorkload(k, chart, kind, 'w');
    sa.bind(workload);
    expect(errors(app)).toEqual([]);
    const pod = podSpec(ApiObject.of(workload).toJson());
    expect(pod.serviceAccountName).toBe('reader');
    expect(pod.volumes).toEqual([TOKEN_VOLUME]);
    const [container] = pod.containers;
    expect(container.volumeMounts).toEqual([MOUNT]);
    expect(Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]))).toEqual(sa.binding.environment);
    expect(WorkloadServiceAccount.of(workload)).toBe(sa);
    expect(WorkloadServiceAccount.of(ApiObject.of(workload))).toBe(sa);
  });

  test('containers, variables and mounts added after bind() are seen at synthesis', async () => {
    const { app, chart, sa } = await setup();
    const d = kplusWorkload(k, chart, 'Deployment', 'd');
    sa.bind(d);
    const [container] = d.containers;
    container.env.addVariable('HUAWEICLOUD_SDK_REGION', k.EnvValue.fromValue('cn-north-4'));
    container.env.addVariable('LATE', k.EnvValue.fromValue('x'));
    container.mount('/data', k.Volume.fromEmptyDir(chart, 'data', 'data'));
    expect(errors(app)).toEqual([]);
    const [rendered] = podSpec(ApiObject.of(d).toJson()).containers;
    // the same value set by hand is not repeated; a later variable and mount are kept
    expect(rendered.env.filter((e: Obj) => e.name === 'HUAWEICLOUD_SDK_REGION')).toEqual([{ name: 'HUAWEICLOUD_SDK_REGION', value: 'cn-north-4' }]);
    expect(rendered.env.map((e: Obj) => e.name)).toContain('LATE');
    expect(rendered.volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }, MOUNT]);

    container.env.addVariable('HUAWEICLOUD_SDK_ID_TOKEN_FILE', k.EnvValue.fromValue('/elsewhere'));
    container.mount('/var/run/secrets/tokens/x', k.Volume.fromEmptyDir(chart, 'scratch', 'scratch'));
    d.addContainer({ name: 'late', image: 'l' });
    const messages = errors(app).join('\n');
    expect(messages).toMatch(/c\/d\.containers\[app\]\.env\.HUAWEICLOUD_SDK_ID_TOKEN_FILE: "\/elsewhere" must be "\/var\/run\/secrets\/tokens\/oidc-token"/);
    expect(messages).toMatch(/c\/d\.containers\[app\]\.mounts: "\/var\/run\/secrets\/tokens\/x" mounts volume "scratch" inside the token directory/);
    expect(messages).toMatch(/c\/d\.containers\[late\]: was added after bind\(\)/);
    expect(refusedCodes(d).sort()).toEqual(['CONTAINER_ADDED_AFTER_BIND', 'ENV_CONFLICT', 'MOUNT_HIDES_TOKEN']);
  });

  test('every misuse is an error with its code, and the workload is never rendered wrong', async () => {
    const { app, chart, sa } = await setup();
    const other = new k.ServiceAccount(chart, 'other', { metadata: { name: 'other' } });
    const x = { name: 'x', image: 'x' };
    const dep = (id: string, props: Parameters<typeof k.Deployment.prototype.addContainer>[0] | object = {}, more: object = {}) =>
      new k.Deployment(chart, id, { containers: [{ ...x, ...props }], ...more });
    const idpId = (value: kplus28.EnvValue) => ({ envVariables: { HUAWEICLOUD_SDK_IDP_ID: value } });
    const mounted = (path: string, name: string) => ({ volumeMounts: [{ path, volume: k.Volume.fromEmptyDir(chart, `v-${name}`, name) }] });
    const cases: Array<[string, () => Obj, string[]]> = [
      ['other-sa', () => sa.bind(dep('other-sa', {}, { serviceAccount: other })), ['WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT']],
      ['ns', () => sa.bind(dep('ns', {}, { metadata: { namespace: 'elsewhere' } })), ['NAMESPACE_MISMATCH']],
      ['unknown', () => sa.bind(dep('unknown'), { containers: ['nope'] }), ['UNKNOWN_CONTAINER']],
      ['env', () => sa.bind(dep('env', idpId(k.EnvValue.fromValue('other')))), ['ENV_CONFLICT']],
      ['env-ref', () => sa.bind(dep('env-ref', idpId(k.EnvValue.fromFieldRef(k.EnvFieldPaths.POD_NAME)))), ['ENV_CONFLICT']],
      ['vol', () => sa.bind(dep('vol', mounted('/data', 'workload-identity-token'))), ['VOLUME_NAME_IN_USE']],
      ['mount', () => sa.bind(dep('mount', mounted('/var/run/secrets/tokens', 'other'))), ['MOUNT_PATH_IN_USE']],
      ['bad-name', () => sa.bind(dep('bad-name'), { volumeName: 'Bad_Name' }), ['INVALID_VOLUME_NAME']],
      ['bad-list', () => sa.bind(dep('bad-list'), { containers: 'x' as never }), ['INVALID_CONTAINERS']],
      ['empty', () => sa.bind(new k.Deployment(chart, 'empty', {})), ['WORKLOAD_HAS_NO_CONTAINERS']],
    ];
    const workloads = cases.map(([id, bind]) => { bind(); return [id, chart.node.findChild(id)] as const; });
    const twice = new k.Deployment(chart, 'twice', { containers: [{ name: 'x', image: 'x' }] });
    sa.bind(twice).bind(twice);
    const messages = errors(app).join('\n');
    expect(messages).toMatch(/c\/other-sa\.serviceAccount: "other" is set, but the binding needs the pod to run as "reader"/);
    expect(messages).toMatch(/c\/ns\.metadata\.namespace: "elsewhere" must be "apps"/);
    expect(messages).toMatch(/c\/unknown\.containers: "nope" names no container of the workload \(it has "x"\)/);
    expect(messages).toMatch(/c\/env\.containers\[x\]\.env\.HUAWEICLOUD_SDK_IDP_ID: "other" must be "p"/);
    expect(messages).toMatch(/c\/env-ref\.containers\[x\]\.env\.HUAWEICLOUD_SDK_IDP_ID: "\(from a reference\)" must be "p"/);
    expect(messages).toMatch(/c\/vol\.volumes: "workload-identity-token" is already the name of another volume of the pod/);
    expect(messages).toMatch(/c\/mount\.containers\[x\]\.mounts: "\/var\/run\/secrets\/tokens" is where volume "other" is mounted/);
    expect(messages).toMatch(/c\/bad-name\.volumeName: "Bad_Name"/);
    expect(messages).toMatch(/c\/bad-list\.containers: "x" must be an array of container names/);
    expect(messages).toMatch(/c\/empty: has no containers yet \(it cannot be rendered: PodSpec must have at least 1 container\)/);
    expect(messages).toMatch(/c\/twice: is already bound to the ServiceAccount "apps\/reader"/);
    for (const [[, , codes], [id, workload]] of cases.map((c, i) => [c, workloads[i]] as const)) {
      if (id === 'empty') continue; // cdk8s-plus itself refuses to render it
      expect([id, refusedCodes(workload)]).toEqual([id, codes]);
    }
    expect(refusedCodes(twice)).toEqual(['WORKLOAD_ALREADY_BOUND']);
    expect(() => app.synthYaml()).toThrow(/Validation failed/);
  });

  test('named containers only, init containers included', async () => {
    const { app, chart, sa } = await setup();
    const d = new k.Deployment(chart, 'd', {
      containers: [{ name: 'app', image: 'a' }, { name: 'sidecar', image: 's' }], initContainers: [{ name: 'init', image: 'i' }],
    });
    sa.bind(d, { containers: ['app', 'init'] });
    d.addContainer({ name: 'later', image: 'l' }); // not named, not bound: fine
    expect(errors(app)).toEqual([]);
    const pod = podSpec(ApiObject.of(d).toJson());
    const bound = (cs: Obj[]) => cs.filter((c) => (c.volumeMounts ?? []).some((m: Obj) => m.name === 'workload-identity-token')).map((c) => c.name);
    expect(bound(pod.containers)).toEqual(['app']);
    expect(bound(pod.initContainers)).toEqual(['init']);
  });

  test('a workload given this ServiceAccount in its props binds without conflict', async () => {
    const { app, chart, sa } = await setup();
    const d = new k.Deployment(chart, 'd', { serviceAccount: sa, containers: [{ name: 'app', image: 'a' }] });
    expect(podSpec(ApiObject.of(d).toJson()).serviceAccountName).toBe('reader');
    sa.bind(d);
    expect(errors(app)).toEqual([]);
    expect(podSpec(ApiObject.of(d).toJson()).volumes).toEqual([TOKEN_VOLUME]);
  });

  test('a Role bound to it names it as the subject, as it names a cdk8s-plus ServiceAccount', async () => {
    const { chart, sa } = await setup();
    const role = new k.Role(chart, 'role');
    role.allowRead(k.ApiResource.CONFIG_MAPS);
    const own = new k.ServiceAccount(chart, 'own', { metadata: { name: 'reader' } });
    const subjects = (subject: kplus28.IServiceAccount) => ApiObject.of(role.bind(subject)).toJson().subjects;
    const ours = subjects(sa);
    expect(ours).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'reader', namespace: 'apps' }]);
    expect(ours).toEqual(subjects(own));
  });

  test('pod identity: only serviceAccountName is set', async () => {
    const { app, chart, sa } = await setup(IdentityMode.POD_IDENTITY);
    const d = kplusWorkload(k, chart, 'Deployment', 'd');
    sa.bind(d);
    expect(errors(app)).toEqual([]);
    const plain = kplusWorkload(k, chart, 'Deployment', 'plain');
    const pod = podSpec(ApiObject.of(d).toJson());
    expect(pod).toEqual({ ...podSpec(ApiObject.of(plain).toJson()), serviceAccountName: 'reader' });
    expect(pod.volumes).toBeUndefined();
  });

  test('every synthesis path renders the binding: app.synthYaml(), chart.toJson(), Testing.synth()', async () => {
    const { app, chart, sa } = await setup();
    sa.bind(kplusWorkload(k, chart, 'Deployment', 'd'));
    const fromChart = chart.toJson().find((m: Obj) => m.kind === 'Deployment');
    expect(podSpec(fromChart).volumes).toEqual([TOKEN_VOLUME]);
    expect(Testing.synth(chart)).toEqual(chart.toJson());
    expect(app.synthYaml()).toContain('name: HUAWEICLOUD_SDK_ID_TOKEN_FILE');
  });

  test('a workload with an error is never rendered: validation stops the synthesis, the object itself refuses', async () => {
    const { chart, sa } = await setup();
    const d = new k.Deployment(chart, 'd', { metadata: { namespace: 'elsewhere' }, containers: [{ name: 'x', image: 'x' }] });
    sa.bind(d);
    expect(() => Testing.synth(chart)).toThrow(/c\/d\.metadata\.namespace: "elsewhere" must be "apps"/);
    expect(() => chart.toJson()).toThrow(/Validation failed/);
    expect(() => ApiObject.of(d).toJson()).toThrow(WorkloadIdentityValidationError);
    expect(() => ApiObject.of(d).toJson()).toThrow(/nothing was written:\n {2}- c\/d\.metadata\.namespace: "elsewhere" must be "apps"/);
  });
});
