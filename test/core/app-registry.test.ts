/**
 * App-wide state (which workload is bound to which ServiceAccount, which ServiceAccounts an app
 * creates) lives in the construct tree: a hidden construct under each app's root, not module
 * globals. It renders nothing, is created on the first write only, and apps never share it.
 */
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { join } from 'node:path';
import { Jwks, WorkloadIdentity, WorkloadServiceAccount } from '../../lib';
import { AppRegistry } from '../../lib/constructs/app-registry';

const JWKS = join(__dirname, '..', '..', 'examples', 'jwks.json');

function binding() {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'client',
    jwks: Jwks.fromFile(JWKS),
    projectId: '0123456789abcdef0123456789abcdef',
    bindings: [{ namespace: 'default', serviceAccountName: 'reader', iamGroups: ['demo'] }],
  }).bindings[0]!;
}

test('an app without WorkloadServiceAccount has no registry, and looking a workload up adds none', () => {
  const app = new App();
  const chart = new Chart(app, 'c');
  const deployment = new kplus.Deployment(chart, 'd', { containers: [{ image: 'nginx' }] });
  expect(WorkloadServiceAccount.of(deployment)).toBeUndefined();
  expect(AppRegistry.find(chart)).toBeUndefined();
  expect(app.node.children.map((c) => c.node.id)).toEqual(['c']);
});

test('the registry is one child of the app root, shared by every chart of the app, rendering nothing', () => {
  const app = Testing.app();
  const b = binding();
  const first = new Chart(app, 'first', { namespace: 'default' });
  const second = new Chart(app, 'second', { namespace: 'default' });
  const sa = new WorkloadServiceAccount(first, 'sa', { binding: b });
  const deployment = new kplus.Deployment(second, 'd', { containers: [{ image: 'nginx' }] });
  sa.bind(deployment);
  const registry = AppRegistry.find(deployment);
  expect(registry).toBeDefined();
  expect(AppRegistry.find(sa)).toBe(registry);
  expect(registry!.node.scope).toBe(app);
  expect(app.node.children.filter((c) => c instanceof AppRegistry)).toHaveLength(1);
  expect(WorkloadServiceAccount.of(deployment)).toBe(sa);
  expect(registry!.node.children).toEqual([]);
  expect(registry!.node.validate()).toEqual([]);
  // what the app writes is the charts' objects only
  expect(app.synthYaml().match(/^kind: .*$/gm)?.sort()).toEqual(['kind: Deployment', 'kind: ServiceAccount']);
});

test('two apps in one process do not see each other\'s bindings', () => {
  const b = binding();
  const [a, c] = [Testing.app(), Testing.app()];
  const sa = new WorkloadServiceAccount(new Chart(a, 'x'), 'sa', { binding: b });
  const inA = new kplus.Deployment(new Chart(a, 'y'), 'd', { containers: [{ image: 'nginx' }] });
  const inC = new kplus.Deployment(new Chart(c, 'y'), 'd', { containers: [{ image: 'nginx' }] });
  sa.bind(inA);
  expect(WorkloadServiceAccount.of(inA)).toBe(sa);
  expect(WorkloadServiceAccount.of(inC)).toBeUndefined();
  expect(AppRegistry.find(inC)).toBeUndefined();
});
