/**
 * Issue 20 (B.3): a bound container must not bring credentials of its own. Static SDK credentials
 * (HUAWEICLOUD_SDK_AK / _SK / _SECURITY_TOKEN, as a value or from a reference) compete with the
 * binding's in either mode; the other mode's variables make the SDKs try that mode. Reported with
 * the workload, the container and the variable, never the value; the rendering refuses too.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IdentityMode } from '../../lib';
import { errors, refusedCodes, setup } from './support';

const SECRET_VALUE = 'Q2hhbmdlTWVQbGVhc2VTdGF0aWNTZWNyZXRLZXkwMTIzNDU2Nzg5';

/** A plain Deployment in namespace apps with the given containers. */
function deployment(chart: Chart, id: string, containers: Array<Record<string, unknown>>): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id, namespace: 'apps' },
    spec: { selector: { matchLabels: { app: id } }, template: { metadata: { labels: { app: id } }, spec: { containers } } },
  });
}

describe.each([IdentityMode.OIDC_FEDERATION, IdentityMode.POD_IDENTITY])('%s', (mode) => {
  const STATIC = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'];
  test.each(STATIC)('%s as a value is an error naming workload, container, variable', async (variable) => {
    const { app, chart, sa } = await setup(mode);
    const d = deployment(chart, 'web', [{ name: 'app', image: 'x', env: [{ name: variable, value: SECRET_VALUE }] }]);
    sa.bind(d);
    const found = errors(app as App).join('\n');
    expect(found).toContain(`c/web.containers[app].env.${variable}: is set on container "app", which is bound to a workload identity`);
    expect(found).toContain(`Fix: remove ${variable} from the container: the binding provides its credentials`);
    expect(found).toContain('envFrom (a Secret or ConfigMap) cannot be checked');
    expect(found).not.toContain(SECRET_VALUE);
    expect(refusedCodes(d)).toEqual(['STATIC_CREDENTIALS_ON_BOUND_CONTAINER']);
  });

  test('from a Secret reference (cdk8s-plus), in a bound container only', async () => {
    const { app, chart, sa } = await setup(mode);
    const secret = kplus.Secret.fromSecretName(chart, 's', 'static-keys');
    const d = new kplus.Deployment(chart, 'worker', {
      containers: [
        { name: 'app', image: 'x', envVariables: { HUAWEICLOUD_SDK_SK: kplus.EnvValue.fromSecretValue({ secret, key: 'sk' }) } },
        { name: 'sidecar', image: 'y', envVariables: { HUAWEICLOUD_SDK_AK: kplus.EnvValue.fromValue('not-bound') } },
      ],
    });
    sa.bind(d, { containers: ['app'] });
    const found = errors(app as App);
    expect(found.filter((e) => e.includes('STATIC') || e.includes('static credentials'))).toEqual([
      expect.stringContaining('c/worker.containers[app].env.HUAWEICLOUD_SDK_SK: is set (from a reference) on container "app"'),
    ]);
  });
});

test('the other mode\'s variables: OIDC variables under pod identity, HC_CONTAINER_* under OIDC federation', async () => {
  const pod = await setup(IdentityMode.POD_IDENTITY);
  const a = deployment(pod.chart, 'a', [{ name: 'app', image: 'x', env: [{ name: 'HUAWEICLOUD_SDK_IDP_ID', value: 'p' }] }]);
  pod.sa.bind(a);
  expect(refusedCodes(a)).toEqual(['OTHER_MODE_VARIABLE_ON_BOUND_CONTAINER']);
  expect(errors(pod.app).join('\n'))
    .toContain('c/a.containers[app].env.HUAWEICLOUD_SDK_IDP_ID: is set on container "app", but it belongs to OIDC federation');

  const oidc = await setup();
  const b = deployment(oidc.chart, 'b', [{ name: 'app', image: 'x', env: [{ name: 'HC_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://127.0.0.1:1' }] }]);
  oidc.sa.bind(b);
  expect(refusedCodes(b)).toEqual(['OTHER_MODE_VARIABLE_ON_BOUND_CONTAINER']);
});

test('a bound container with only ordinary variables renders', async () => {
  const { app, chart, sa } = await setup(IdentityMode.POD_IDENTITY);
  const env = [{ name: 'HUAWEICLOUD_SDK_REGION', value: 'cn-north-4' }, { name: 'AK', value: 'x' }];
  const d = deployment(chart, 'ok', [{ name: 'app', image: 'x', env }]);
  sa.bind(d);
  expect(errors(app)).toEqual([]);
  expect(refusedCodes(d)).toEqual([]);
});
