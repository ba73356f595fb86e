/**
 * The validation shortcuts added for the scaling benchmark (see BENCHMARKS.md) keep behaviour:
 * - the duplicate-ServiceAccount check reports the later-created twin, only within one app, and
 *   sees twins created after a first validation;
 * - the memoized `WorkloadIdentity.validate()` sees bindings added between validations;
 * - validation stays linear: a pass over 2,000 ServiceAccounts checks the declaration once.
 */
import { App as Cdk8sApp, Chart } from 'cdk8s';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { join } from 'node:path';
import { collectValidationErrors, HuaweicloudProvider, Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadServiceAccount } from '../../lib';
import * as declarationChecks from '../../lib/core/validation/workload-identity-checks';

const JWKS = join(__dirname, '..', '..', 'examples', 'jwks.json');

function identity(): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'client',
    jwks: Jwks.fromFile(JWKS),
    projectId: '0123456789abcdef0123456789abcdef',
    bindings: [{ namespace: 'apps', serviceAccountName: 'reader', iamGroups: ['demo'] }],
  });
}

describe('duplicate ServiceAccount check', () => {
  test('reports the later-created twin, wherever it sits in the tree', () => {
    const id = identity();
    const app = new Cdk8sApp();
    const first = new Chart(app, 'first');
    const second = new Chart(app, 'second');
    new WorkloadServiceAccount(second, 'sa', { binding: id.bindings[0] });
    new WorkloadServiceAccount(first, 'sa', { binding: id.bindings[0] });
    const errors = collectValidationErrors(app).filter((e) => e.includes('is also created at'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[first\/sa\].*"apps\/reader" is also created at second\/sa/);
  });

  test('only within one app', () => {
    const id = identity();
    const apps = [new Cdk8sApp(), new Cdk8sApp()];
    for (const app of apps) new WorkloadServiceAccount(new Chart(app, 'c'), 'sa', { binding: id.bindings[0] });
    expect(collectValidationErrors(...apps)).toEqual([]);
  });

  test('sees a twin created after a first validation', () => {
    const id = identity();
    const app = new Cdk8sApp();
    const chart = new Chart(app, 'c');
    new WorkloadServiceAccount(chart, 'sa', { binding: id.bindings[0] });
    expect(collectValidationErrors(app)).toEqual([]);
    new WorkloadServiceAccount(chart, 'twin', { binding: id.bindings[0] });
    expect(collectValidationErrors(app).join('\n')).toMatch(/\[c\/twin\].*is also created at c\/sa/);
  });
});

describe('declaration issues computed once per set of bindings', () => {
  test('a binding added between two synchronous validations is seen by the next', () => {
    const id = identity();
    const app = new Cdk8sApp();
    const chart = new Chart(app, 'c');
    const sa = new WorkloadServiceAccount(chart, 'sa', { binding: id.bindings[0] });
    const tf = new TerraformApp();
    const stack = new TerraformStack(tf, 's');
    new HuaweicloudProvider(stack, 'huaweicloud', {});
    const provider = new WorkloadIdentityProvider(stack, 'p', { identity: id });
    expect(sa.node.validate()).toEqual([]);
    expect(provider.node.validate()).toEqual([]);
    const again = id.addBinding({ namespace: 'apps', serviceAccountName: 'reader', iamGroups: ['other'] }); // the same ServiceAccount again
    const twin = new WorkloadServiceAccount(new Chart(app, 'd'), 'sa', { binding: again });
    expect(provider.node.validate().join('\n')).toMatch(/bindings\[1\].*binds the same ServiceAccount as bindings\[0\]/);
    expect(twin.node.validate().join('\n')).toMatch(/bindings\[1\].*binds the same ServiceAccount as bindings\[0\]/);
    expect(sa.node.validate()).toEqual([]);
  });

  test('each construct reports the declaration errors of its side and binding', () => {
    const id = new WorkloadIdentity({
      providerName: 'bad name!',
      clientId: 'client',
      jwks: Jwks.fromJson('{"keys": []}'),
      projectId: '0123456789abcdef0123456789abcdef',
      bindings: [
        { namespace: 'apps', serviceAccountName: 'a', iamGroups: ['g'] },
        { namespace: 'apps', serviceAccountName: 'b', iamGroups: ['g'], token: { expirationSeconds: 10 } },
      ],
    });
    const app = new Cdk8sApp();
    const chart = new Chart(app, 'c');
    const [a, b] = id.bindings.map((binding) => new WorkloadServiceAccount(chart, binding.serviceAccountName, { binding }));
    const tf = new TerraformApp();
    const provider = new WorkloadIdentityProvider(new TerraformStack(tf, 's'), 'p', { identity: id });
    for (let pass = 0; pass < 2; pass++) {
      const [ea, eb, ep] = [a, b, provider].map((c) => c.node.validate().join('\n'));
      for (const e of [ea, eb, ep]) expect(e).toContain('providerName'); // both sides
      expect(ep).toContain('jwks'); // terraform side only
      expect(ea).not.toContain('jwks');
      expect(eb).toContain('bindings[1].token.expirationSeconds'); // kubernetes side, binding 1 only
      expect(ea).not.toContain('expirationSeconds');
      expect(ep).not.toContain('expirationSeconds');
    }
  });
});

test('validation is linear in the number of bindings: one pass over 2,000 ServiceAccounts checks the declaration once', () => {
  const id = new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'client',
    jwks: Jwks.fromFile(JWKS),
    projectId: '0123456789abcdef0123456789abcdef',
  });
  const app = new Cdk8sApp();
  const chart = new Chart(app, 'c');
  for (let i = 0; i < 2000; i++) {
    const binding = id.addBinding({ namespace: 'apps', serviceAccountName: `sa-${i}`, iamGroups: ['g'] });
    new WorkloadServiceAccount(chart, `sa-${i}`, { binding });
  }
  // Before memoization every ServiceAccount re-checked all 2,000 bindings: 2,000 checks per pass.
  const check = jest.spyOn(declarationChecks, 'checkWorkloadIdentity');
  try {
    expect(collectValidationErrors(app)).toEqual([]);
    expect(collectValidationErrors(app)).toEqual([]);
    expect(check).toHaveBeenCalledTimes(1);
  } finally {
    check.mockRestore();
  }
});
