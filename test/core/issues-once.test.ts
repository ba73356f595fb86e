/**
 * `WorkloadIdentitySynthesis.collectValidationErrors` collects each issue once, at the first
 * construct reporting it (keyed by code, field and value, not by the wording of the message); the
 * messages of other validations are each their own construct's; cdktf's missing-provider hint is
 * left out only for the stack the library reports `HUAWEICLOUD_PROVIDER_MISSING` for.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HuaweicloudProvider, Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadIdentitySynthesis, WorkloadServiceAccount } from '../../lib';
import { IdentityGroup } from '../../lib/terraform/huaweicloud';
import { rsaKeySet } from '../fixtures/keys';
import * as issues from '../../lib/core/issues/issues';
import { buildExample } from '../../examples/app';

const OUTDIR = '/nonexistent-never-written';

/** A declaration with two bindings whose `projectId` is invalid (an error of the declaration, on both sides). */
async function badDeclaration(): Promise<WorkloadIdentity> {
  const { jwks } = await rsaKeySet();
  return new WorkloadIdentity({
    providerName: 'p', clientId: 'client-c', jwks: Jwks.fromObject(jwks), projectId: 'not-a-project', region: 'cn-north-4',
    bindings: [
      { namespace: 'apps', serviceAccountName: 'reader', iamGroups: ['g'] },
      { namespace: 'apps', serviceAccountName: 'writer', iamGroups: ['g'] },
    ],
  });
}

test('a declaration\'s error is reported once, at the first construct rendering it, whichever side and however many', async () => {
  const identity = await badDeclaration();
  const kubernetes = [new App({ outdir: OUTDIR }), new App({ outdir: OUTDIR })].map((app, i) => {
    const chart = new Chart(app, `c${i}`, { namespace: 'apps' });
    new WorkloadServiceAccount(chart, 'reader', { binding: identity.bindings[0] });
    new WorkloadServiceAccount(chart, 'writer', { binding: identity.bindings[1] });
    return app;
  });
  const terraform = new TerraformApp({ outdir: OUTDIR });
  const stack = new TerraformStack(terraform, 'iam');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
  new WorkloadIdentityProvider(stack, 'wi', { identity });
  const errors = WorkloadIdentitySynthesis.collectValidationErrors(...kubernetes, terraform);
  const projectErrors = errors.filter((e) => e.includes('WorkloadIdentity("p").projectId:'));
  expect(projectErrors).toHaveLength(1);
  expect(projectErrors[0]).toMatch(/^\[c0\/reader\] WorkloadIdentity\("p"\)\.projectId: /);
  // The same with the Terraform app first: the project ID only reaches the pods' SDK environment, so the
  // provider does not report it, and it is still reported once, by the first ServiceAccount.
  expect(WorkloadIdentitySynthesis.collectValidationErrors(terraform, ...kubernetes).filter((e) => e.includes('WorkloadIdentity("p").projectId:')))
    .toEqual(projectErrors);
});

test('two constructs with the same message from another validation: each is reported, at its own path', () => {
  const app = new App({ outdir: OUTDIR });
  for (const id of ['first', 'second']) new Construct(app, id).node.addValidation({ validate: () => ['needs a label'] });
  expect(WorkloadIdentitySynthesis.collectValidationErrors(app)).toEqual(['[first] needs a label', '[second] needs a label']);
});

test('cdktf\'s missing-provider hint is left out for the stack the library names, kept for another stack', async () => {
  const identity = await badDeclaration();
  const terraform = new TerraformApp({ outdir: OUTDIR });
  // "iam" renders the declaration without a provider block: the library's error replaces cdktf's.
  new WorkloadIdentityProvider(new TerraformStack(terraform, 'iam'), 'wi', { identity });
  // "other" holds a huaweicloud resource of the user's, without a provider block: only cdktf reports it.
  new IdentityGroup(new TerraformStack(terraform, 'other'), 'group', { name: 'readers' });
  const errors = WorkloadIdentitySynthesis.collectValidationErrors(terraform).filter((e) => /provider (block|construct)/.test(e));
  expect(errors).toEqual([
    expect.stringMatching(/^\[iam\/wi\] TerraformStack\("iam"\): has no huaweicloud provider block /),
    expect.stringMatching(/^\[other\] Found resources without a matching provider construct\. .*stack 'other' for the following providers: huaweicloud$/),
  ]);
});

test('one synthesis pass formats each construct\'s issues once: cdk8s\'s and cdktf\'s own validation in synth() read the same report', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'issues-once-'));
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const format = jest.spyOn(issues, 'formatIssue');
  try {
    // The bundled example: valid, with the placeholder account and project IDs' warnings.
    const build = (): ReturnType<typeof buildExample> =>
      buildExample({ kubernetesOutdir: join(outdir, 'dist'), terraformOutdir: join(outdir, 'cdktf.out') });
    const first = build();
    WorkloadIdentitySynthesis.collectValidationErrors(first.kubernetes, first.terraform);
    const oneValidation = format.mock.calls.length;
    expect(oneValidation).toBeGreaterThan(0);
    const warned = warn.mock.calls.length;
    expect(warned).toBeGreaterThan(0);
    format.mockClear();
    warn.mockClear();

    const second = build();
    WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: second.kubernetes, terraform: second.terraform });
    expect(readdirSync(join(outdir, 'dist')).length).toBeGreaterThan(0);
    // The library's validation, then each app's own in synth(): the issues are formatted, and warned, once.
    expect(format.mock.calls.length).toBe(oneValidation);
    expect(warn.mock.calls.length).toBe(warned);
    expect(warn.mock.calls.every(([line]) => /Warning: WorkloadIdentity\("workload_identity"\)\.(projectId|domainId): /.test(String(line)))).toBe(true);
  } finally {
    format.mockRestore();
    warn.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
});
