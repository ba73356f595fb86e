/**
 * The Kubernetes schema validators catch each class of error, so the conformance tests cannot pass
 * vacuously. The OpenAPI validator is exercised with a small document written for these tests.
 */
import { createKubernetesOpenApiValidator, KubernetesManifestValidator, validateWithKubernetesModels } from '../../lib/testing/kubernetes-schema';
import { MINIMAL_OPENAPI } from './minimal-openapi';

type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function deployment(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default', labels: { app: 'x' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'x' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: {
          serviceAccountName: 'oidc-token',
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'app',
              image: 'nginx',
              resources: { limits: { cpu: '1500m', memory: 2048 } },
              volumeMounts: [{ name: 'token', mountPath: '/var/run/secrets/tokens', readOnly: true }],
            },
          ],
          volumes: [
            {
              name: 'token',
              projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'c', expirationSeconds: 7200, path: 'oidc-token' } }] },
            },
          ],
        },
      },
    },
  };
}
const pod = (d: Manifest): Manifest => d.spec.template.spec;

let validate: KubernetesManifestValidator;
beforeAll(() => {
  validate = createKubernetesOpenApiValidator(MINIMAL_OPENAPI);
});

test('the base manifest is valid for both validators', () => {
  expect(validate(deployment())).toEqual([]);
  expect(validateWithKubernetesModels([deployment()])).toEqual([]);
});

const cases: ReadonlyArray<{ name: string; path: string; message: RegExp; models: boolean; break: (d: Manifest) => void }> = [
  { name: 'unknown field (strict field validation)', path: '/spec/template/spec/containers/0', message: /unknown field "imagePullPolicyy"/, models: false, break: (d) => { pod(d).containers[0].imagePullPolicyy = 'Always'; } },
  { name: 'unknown field in the projected token source', path: '/spec/template/spec/volumes/0/projected/sources/0/serviceAccountToken', message: /unknown field "audiences"/, models: false, break: (d) => { pod(d).volumes[0].projected.sources[0].serviceAccountToken.audiences = ['c']; } },
  { name: 'wrong type: number for a string', path: '/spec/template/spec/containers/0/image', message: /must be string/, models: true, break: (d) => { pod(d).containers[0].image = 1; } },
  { name: 'wrong type: string for an integer', path: '/spec/template/spec/volumes/0/projected/sources/0/serviceAccountToken/expirationSeconds', message: /must be integer/, models: true, break: (d) => { pod(d).volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds = '7200'; } },
  { name: 'wrong type: string for a boolean', path: '/spec/template/spec/automountServiceAccountToken', message: /must be boolean/, models: true, break: (d) => { pod(d).automountServiceAccountToken = 'false'; } },
  { name: 'wrong type: object for an array', path: '/spec/template/spec/volumes', message: /must be array/, models: true, break: (d) => { pod(d).volumes = { token: {} }; } },
  { name: 'missing required field', path: '/spec/template/spec/volumes/0/projected/sources/0/serviceAccountToken', message: /required property 'path'/, models: true, break: (d) => { delete pod(d).volumes[0].projected.sources[0].serviceAccountToken.path; } },
  { name: 'missing required containers', path: '/spec/template/spec', message: /required property 'containers'/, models: true, break: (d) => { delete pod(d).containers; } },
  { name: 'enum violation', path: '/spec/strategy/type', message: /must be equal to one of the allowed values/, models: false, break: (d) => { d.spec.strategy.type = 'BlueGreen'; } },
  { name: 'int32 overflow', path: '/spec/replicas', message: /must match format "int32"/, models: true, break: (d) => { d.spec.replicas = 2 ** 31; } },
  { name: 'IntOrString given an object', path: '/spec/strategy/rollingUpdate/maxSurge', message: /must be (integer|string)/, models: true, break: (d) => { d.spec.strategy.rollingUpdate.maxSurge = { percent: 25 }; } },
  { name: 'label value not a string', path: '/metadata/labels/app', message: /must be string/, models: true, break: (d) => { d.metadata.labels.app = 1; } },
];

test.each(cases)('OpenAPI validator catches: $name', ({ path, message, break: breakIt }) => {
  const d = deployment();
  breakIt(d);
  const issues = validate(d);
  expect(issues).toContainEqual(expect.objectContaining({ object: 'apps/v1/Deployment default/app', path, message: expect.stringMatching(message) }));
});

test('kubernetes-models catches the type and required-field errors', () => {
  const modelCases = cases.filter((c) => c.models);
  const broken = modelCases.map((c, i) => {
    const d = deployment();
    d.metadata.name = `case-${i}`;
    c.break(d);
    return d;
  });
  const issues = validateWithKubernetesModels(broken);
  modelCases.forEach((c, i) => {
    expect(issues.filter((x) => x.object === `apps/v1/Deployment default/case-${i}`).map((x) => x.path)).toContain(c.path);
  });
});

test('strict mode rejects fields the given schema does not define (kubernetes-models, tracking 1.33, accepts pod-level resources)', () => {
  const d = deployment();
  pod(d).resources = { limits: { cpu: '1' } }; // PodSpec.resources: pod-level resources, Kubernetes 1.32+
  expect(validate(d)).toContainEqual(expect.objectContaining({ path: '/spec/template/spec', message: 'unknown field "resources"' }));
  expect(validateWithKubernetesModels([d])).toEqual([]);
});

test('kinds missing from the schema are reported, not skipped', () => {
  expect(validate({ apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: 'x' } })).toEqual([
    expect.objectContaining({ message: expect.stringMatching(/has no resource.k8s.io\/v1 ResourceClaim/) }),
  ]);
  expect(validate({ kind: 'Pod' })).toEqual([expect.objectContaining({ message: expect.stringMatching(/apiVersion and kind/) })]);
  expect(validateWithKubernetesModels([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toEqual([
    expect.objectContaining({ message: expect.stringMatching(/no model for example.com\/v1 Widget/) }),
  ]);
});

test('non-strict mode accepts unknown fields but still checks types', () => {
  const lax = createKubernetesOpenApiValidator(MINIMAL_OPENAPI, { strict: false });
  const d = deployment();
  pod(d).containers[0].imagePullPolicyy = 'Always';
  expect(lax(d)).toEqual([]);
  pod(d).containers[0].image = 1;
  expect(lax(d)).toContainEqual(expect.objectContaining({ path: '/spec/template/spec/containers/0/image' }));
});
