/**
 * Snapshots taken with synthWorkloadIdentity do not change when the toolchain is upgraded: the
 * version cdktf / cdktn stamps into `"//".metadata.version` is replaced by a fixed text. Runs on
 * both toolchains (the cdktn jest project), with the same expectation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Jwks, WorkloadIdentity } from '../../lib';
import { synthWorkloadIdentity } from '../../lib/testing';

const ROOT = join(__dirname, '..', '..');
const version = (pkg: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

test('the Terraform JSON carries no toolchain version, and everything else of the "//" block', () => {
  const identity = new WorkloadIdentity({
    providerName: 'wi', clientId: 'my-cluster', projectId: '0123456789abcdef0123456789abcdef',
    jwks: Jwks.fromFile(join(ROOT, 'examples', 'jwks.json')),
  });
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'app', iamGroups: ['readers'] });
  const { terraform } = synthWorkloadIdentity(identity);
  const text = JSON.stringify(terraform);
  expect(text).not.toContain(`"${version('cdktf')}"`);
  expect(text).not.toContain(`"${version('cdktn')}"`);
  expect(terraform['//']).toEqual({
    metadata: { backend: 'local', stackName: 'workload-identity', version: '(toolchain version)' },
    outputs: expect.anything(),
  });
});
