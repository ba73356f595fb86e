/**
 * The pod template patcher on plain JSON: no cdk8s app, no construct, no declaration. Each patch
 * (serviceAccountName, the projected token volume, the read-only mount, the SDK environment),
 * what it leaves alone, what it refuses, and that patching is repeatable.
 */
import { IdentityMode } from '../../lib/core/declaration/identity-mode';
import type { ValidationIssue } from '../../lib/core/issues/issues';
import { patchPodTemplate, PodTemplateIdentity, PodTemplatePatch } from '../../lib/kubernetes/pod-template-patcher';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const TOKEN = {
  expirationSeconds: 7200, path: 'oidc-token', mountPath: '/var/run/secrets/tokens', audience: 'client-c',
  filePath: '/var/run/secrets/tokens/oidc-token', mode: 0o644,
};
const ENV = { HUAWEICLOUD_SDK_IDP_ID: 'p', HUAWEICLOUD_SDK_ID_TOKEN_FILE: TOKEN.filePath, HUAWEICLOUD_SDK_REGION: 'ap-southeast-1' };

function identity(mode: IdentityMode = IdentityMode.OIDC_FEDERATION): PodTemplateIdentity {
  return {
    serviceAccountName: 'reader', namespace: 'apps', subject: 'system:serviceaccount:apps:reader', mode, token: TOKEN,
    environment: mode === IdentityMode.POD_IDENTITY ? {} : ENV,
  };
}

function patchOf(more: Partial<PodTemplatePatch> = {}): PodTemplatePatch {
  return {
    where: 'app/d', podSpec: ['spec', 'template', 'spec'], serviceAccountName: 'reader', identity: identity(),
    containersAtBind: new Set(['init', 'app', 'sidecar']), volumeName: 'workload-identity-token', ...more,
  };
}

/** A Deployment manifest as cdk8s renders it (keys sorted), with an init container, two containers and one volume. */
function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'apps' },
    spec: {
      template: {
        spec: {
          containers: [
            { env: [{ name: 'LOG', value: 'debug' }], image: 'app:1', name: 'app', volumeMounts: [{ mountPath: '/data', name: 'data' }] },
            { image: 'proxy:1', name: 'sidecar' },
          ],
          initContainers: [{ image: 'init:1', name: 'init' }],
          volumes: [{ emptyDir: {}, name: 'data' }],
        },
      },
    },
  };
}

const pod = (m: unknown): Obj => (m as Obj).spec.template.spec;
const container = (m: unknown, name: string): Obj => [...pod(m).initContainers, ...pod(m).containers].find((c: Obj) => c.name === name);
const codes = (issues: readonly ValidationIssue[]): string[] => issues.map((i) => i.code);

describe('each patch on plain JSON', () => {
  test('serviceAccountName is set, in the key order cdk8s renders', () => {
    const { manifest, issues } = patchPodTemplate(deployment(), patchOf());
    expect(issues).toEqual([]);
    expect(pod(manifest).serviceAccountName).toBe('reader');
    expect(Object.keys(pod(manifest))).toEqual(['containers', 'initContainers', 'serviceAccountName', 'volumes']);
  });

  test('the projected token volume is appended after the pod\'s own volumes', () => {
    const { manifest } = patchPodTemplate(deployment(), patchOf());
    expect(pod(manifest).volumes).toEqual([
      { emptyDir: {}, name: 'data' },
      {
        name: 'workload-identity-token',
        projected: { defaultMode: 0o644, sources: [{ serviceAccountToken: { audience: 'client-c', expirationSeconds: 7200, path: 'oidc-token' } }] },
      },
    ]);
  });

  test('every container and init container mounts the token read-only', () => {
    const { manifest } = patchPodTemplate(deployment(), patchOf());
    const mount = { mountPath: '/var/run/secrets/tokens', name: 'workload-identity-token', readOnly: true };
    expect(container(manifest, 'app').volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }, mount]);
    expect(container(manifest, 'sidecar').volumeMounts).toEqual([mount]);
    expect(container(manifest, 'init').volumeMounts).toEqual([mount]);
  });

  test('the SDK environment is added after the container\'s own variables', () => {
    const { manifest } = patchPodTemplate(deployment(), patchOf());
    const sdk = Object.entries(ENV).map(([name, value]) => ({ name, value }));
    expect(container(manifest, 'app').env).toEqual([{ name: 'LOG', value: 'debug' }, ...sdk]);
  });

  test('only the named containers are patched; the pod still runs as the ServiceAccount', () => {
    const { manifest, issues } = patchPodTemplate(deployment(), patchOf({ containers: ['sidecar'], volumeName: 'wi' }));
    expect(issues).toEqual([]);
    expect(pod(manifest).serviceAccountName).toBe('reader');
    expect(container(manifest, 'sidecar').volumeMounts).toEqual([{ mountPath: '/var/run/secrets/tokens', name: 'wi', readOnly: true }]);
    expect(container(manifest, 'app').volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }]);
    expect(container(manifest, 'app').env).toEqual([{ name: 'LOG', value: 'debug' }]);
    expect(container(manifest, 'init').env).toBeUndefined();
  });

  test('a variable already set to the derived value is kept once, not added again', () => {
    const input = deployment();
    container(input, 'app').env.push({ name: 'HUAWEICLOUD_SDK_REGION', value: 'ap-southeast-1' });
    const { manifest, issues } = patchPodTemplate(input, patchOf());
    expect(issues).toEqual([]);
    expect(container(manifest, 'app').env.filter((e: Obj) => e.name === 'HUAWEICLOUD_SDK_REGION')).toHaveLength(1);
  });

  test('pod identity only sets serviceAccountName: no volume, no mount, no variable', () => {
    const input = deployment();
    const { manifest, issues } = patchPodTemplate(input, patchOf({ identity: identity(IdentityMode.POD_IDENTITY) }));
    expect(issues).toEqual([]);
    const expected = deployment();
    pod(expected).serviceAccountName = 'reader';
    expect(manifest).toEqual(expected);
  });

  test('a Pod and a CronJob are patched at their own pod spec path', () => {
    const podManifest = { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'apps' }, spec: { containers: [{ name: 'app' }] } };
    const patchedPod = patchPodTemplate(podManifest, patchOf({ podSpec: ['spec'], containersAtBind: new Set(['app']) }));
    expect(patchedPod.issues).toEqual([]);
    expect((patchedPod.manifest as Obj).spec.serviceAccountName).toBe('reader');
    const cron = { metadata: { namespace: 'apps' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'app' }] } } } } } };
    const path = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    const patchedCron = patchPodTemplate(cron, patchOf({ podSpec: path, containersAtBind: new Set(['app']) }));
    expect(patchedCron.issues).toEqual([]);
    expect((patchedCron.manifest as Obj).spec.jobTemplate.spec.template.spec.volumes).toHaveLength(1);
  });
});

describe('repeatable', () => {
  test('the input is never modified, and the same input gives the same output', () => {
    const input = deployment();
    const first = patchPodTemplate(input, patchOf());
    expect(input).toEqual(deployment());
    const second = patchPodTemplate(input, patchOf());
    expect(second).toEqual(first);
    expect(second.manifest).not.toBe(first.manifest);
  });

  test('OIDC: patching a patched manifest is refused, never a second volume or mount', () => {
    const once = patchPodTemplate(deployment(), patchOf()).manifest;
    const twice = patchPodTemplate(once, patchOf());
    expect(codes(twice.issues)).toEqual(['VOLUME_NAME_IN_USE', 'MOUNT_PATH_IN_USE', 'MOUNT_PATH_IN_USE', 'MOUNT_PATH_IN_USE']);
    // The variables it added are the derived values: no conflict, and none added twice.
    expect(container(twice.manifest, 'app').env).toEqual(container(once, 'app').env);
  });

  test('pod identity: patching a patched manifest changes nothing', () => {
    const patch = patchOf({ identity: identity(IdentityMode.POD_IDENTITY) });
    const once = patchPodTemplate(deployment(), patch);
    const twice = patchPodTemplate(once.manifest, patch);
    expect(twice).toEqual(once);
  });
});

describe('refusals', () => {
  /** The codes and paths `patchPodTemplate` reports after `edit` changed the Deployment. */
  function refused(edit: (m: Obj) => void, more: Partial<PodTemplatePatch> = {}): Array<[string, string]> {
    const input = deployment();
    edit(input);
    return patchPodTemplate(input, patchOf(more)).issues.map((i) => {
      expect(i.severity).toBe('error');
      expect(i.side).toBe('kubernetes');
      return [i.code, i.path];
    });
  }

  test('no pod spec at the path', () => {
    expect(refused((m) => delete m.spec.template)).toEqual([['UNSUPPORTED_WORKLOAD', 'app/d']]);
  });

  test('another namespace, or none', () => {
    expect(refused((m) => { m.metadata.namespace = 'other'; })).toEqual([['NAMESPACE_MISMATCH', 'app/d.metadata.namespace']]);
    expect(refused((m) => delete m.metadata.namespace)).toEqual([['NAMESPACE_MISMATCH', 'app/d.metadata.namespace']]);
  });

  test('another ServiceAccount, also through the deprecated serviceAccount field', () => {
    expect(refused((m) => { pod(m).serviceAccountName = 'admin'; })).toEqual([['WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', 'app/d.serviceAccount']]);
    expect(refused((m) => { pod(m).serviceAccount = 'admin'; })).toEqual([['WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', 'app/d.serviceAccount']]);
    expect(refused((m) => { pod(m).serviceAccountName = 'reader'; })).toEqual([]);
  });

  test('a named container the workload does not have', () => {
    expect(refused(() => undefined, { containers: ['app', 'web'] })).toEqual([['UNKNOWN_CONTAINER', 'app/d.containers']]);
  });

  test('a container added after bind (all containers bound)', () => {
    expect(refused((m) => pod(m).containers.push({ name: 'late' }))).toEqual([['CONTAINER_ADDED_AFTER_BIND', 'app/d.containers[late]']]);
    expect(refused((m) => pod(m).containers.push({ name: 'late' }), { containers: ['app'] })).toEqual([]);
  });

  test('a volume name in use: a pod volume, a mount, a StatefulSet claim template', () => {
    expect(refused((m) => { pod(m).volumes[0].name = 'workload-identity-token'; }))
      .toEqual([['VOLUME_NAME_IN_USE', 'app/d.volumes']]);
    expect(refused(() => undefined, { volumeName: 'data' })).toEqual([['VOLUME_NAME_IN_USE', 'app/d.volumes']]);
    expect(refused((m) => { m.spec.volumeClaimTemplates = [{ metadata: { name: 'claim' } }]; }, { volumeName: 'claim' }))
      .toEqual([['VOLUME_NAME_IN_USE', 'app/d.volumes']]);
  });

  test('a mount at the token directory, or inside it', () => {
    expect(refused((m) => container(m, 'app').volumeMounts.push({ mountPath: '/var/run/secrets/tokens', name: 'x' })))
      .toEqual([['MOUNT_PATH_IN_USE', 'app/d.containers[app].mounts']]);
    expect(refused((m) => container(m, 'app').volumeMounts.push({ mountPath: '/var/run/secrets/tokens/oidc-token', name: 'x' })))
      .toEqual([['MOUNT_HIDES_TOKEN', 'app/d.containers[app].mounts']]);
    expect(refused((m) => container(m, 'app').volumeMounts.push({ mountPath: '/var/run/secrets/tokens-old', name: 'x' }))).toEqual([]);
  });

  test('an SDK variable set to another value or from a reference', () => {
    expect(refused((m) => container(m, 'app').env.push({ name: 'HUAWEICLOUD_SDK_IDP_ID', value: 'q' })))
      .toEqual([['ENV_CONFLICT', 'app/d.containers[app].env.HUAWEICLOUD_SDK_IDP_ID']]);
    expect(refused((m) => container(m, 'app').env.push({ name: 'HUAWEICLOUD_SDK_REGION', valueFrom: { configMapKeyRef: { key: 'r', name: 'c' } } })))
      .toEqual([['ENV_CONFLICT', 'app/d.containers[app].env.HUAWEICLOUD_SDK_REGION']]);
  });

  test('static credentials, and the other mode\'s variables', () => {
    expect(refused((m) => container(m, 'sidecar').env = [{ name: 'HUAWEICLOUD_SDK_AK', value: 'x' }]))
      .toEqual([['STATIC_CREDENTIALS_ON_BOUND_CONTAINER', 'app/d.containers[sidecar].env.HUAWEICLOUD_SDK_AK']]);
    expect(refused((m) => container(m, 'app').env.push({ name: 'HUAWEICLOUD_SDK_IDP_ID', value: 'p' }),
      { identity: identity(IdentityMode.POD_IDENTITY) }))
      .toEqual([['OTHER_MODE_VARIABLE_ON_BOUND_CONTAINER', 'app/d.containers[app].env.HUAWEICLOUD_SDK_IDP_ID']]);
  });

  test('every problem at once, in the order of the manifest', () => {
    const found = refused((m) => {
      m.metadata.namespace = 'other';
      pod(m).serviceAccountName = 'admin';
      container(m, 'app').env.push({ name: 'HUAWEICLOUD_SDK_IDP_ID', value: 'q' });
    }, { containers: ['app', 'web'], volumeName: 'data' });
    expect(found.map(([code]) => code)).toEqual([
      'NAMESPACE_MISMATCH', 'WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', 'UNKNOWN_CONTAINER', 'VOLUME_NAME_IN_USE', 'ENV_CONFLICT',
    ]);
  });

  test('a refused manifest is still patched (it is never handed out: the caller throws)', () => {
    const input = deployment();
    input.metadata.namespace = 'other';
    const { manifest, issues } = patchPodTemplate(input, patchOf());
    expect(codes(issues)).toEqual(['NAMESPACE_MISMATCH']);
    expect(pod(manifest).serviceAccountName).toBe('reader');
  });

  test('a rule message names the binding, and a value is shown', () => {
    const [issue] = patchPodTemplate({ ...deployment(), metadata: { namespace: 'other' } }, patchOf()).issues;
    expect(issue.rule).toContain('system:serviceaccount:apps:reader');
    expect(issue.value).toBe('"other"');
  });
});
