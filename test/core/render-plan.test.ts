/**
 * The Terraform side renders what it defers in one place, when cdktf synthesizes the stack, from
 * the declaration as it is then: no construct is removed from the tree (a pod-identity-only
 * declaration keeps its provider and conversion constructs, which write nothing), so a later
 * synthesis after an OIDC binding was added writes them; rendering twice adds nothing twice.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, Testing } from 'cdktf';
import { Grants, IdentityMode, Jwks, synthesizeApps, WorkloadIdentity, WorkloadIdentityProvider } from '../../lib';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { rsaKeySet } from '../fixtures/keys';
import { CLUSTER, DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

type Tf = { resource: Record<string, Record<string, Record<string, unknown>>> };

async function podOnlyWithKeys(
  outdir = '/nonexistent-never-written',
): Promise<{ identity: WorkloadIdentity; stack: TerraformStack; provider: WorkloadIdentityProvider }> {
  const { jwks } = await rsaKeySet();
  const identity = new WorkloadIdentity({
    providerName: 'shop', clientId: 'client-c', jwks: Jwks.fromObject(jwks), projectId: PROJECT_ID, domainId: DOMAIN_ID,
    mode: IdentityMode.POD_IDENTITY, clusterId: CLUSTER,
    groups: [{ name: 'readers', grants: [Grants.obsReadOnly('shop-invoices')] }],
    bindings: [{ namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] }],
  });
  const stack = new TerraformStack(new TerraformApp({ outdir }), 'iam');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
  const provider = new WorkloadIdentityProvider(stack, 'wi', { identity });
  return { identity, stack, provider };
}

const synth = (stack: TerraformStack): Tf => JSON.parse(Testing.synth(stack)) as Tf;

test('pod identity only: the provider and conversion constructs stay in the tree and write nothing', async () => {
  const { stack, provider } = await podOnlyWithKeys();
  const tf = synth(stack);
  expect(tf.resource.huaweicloud_identity_provider).toBeUndefined();
  expect(tf.resource.huaweicloud_identity_provider_conversion).toBeUndefined();
  expect(provider.node.tryFindChild('Provider')).toBe(provider.identityProvider);
  expect(provider.node.tryFindChild('Conversion')).toBe(provider.conversion);
});

test('an OIDC binding added after a first synthesis is written by the next, with its rule', async () => {
  const { identity, stack } = await podOnlyWithKeys();
  synth(stack);
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'web', iamGroups: ['readers'], mode: IdentityMode.OIDC_FEDERATION });
  const tf = synth(stack);
  expect(Object.keys(tf.resource.huaweicloud_identity_provider ?? {})).toHaveLength(1);
  const [conversion] = Object.values(tf.resource.huaweicloud_identity_provider_conversion ?? {}) as Array<{ conversion_rules: unknown[] }>;
  expect(conversion.conversion_rules).toHaveLength(1);
});

test('synthesizing twice adds no depends_on entry twice', async () => {
  const { identity, stack } = await podOnlyWithKeys();
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'web', iamGroups: ['readers'], mode: IdentityMode.OIDC_FEDERATION });
  const first = synth(stack);
  const second = synth(stack);
  expect(second).toEqual(first);
});

describe("a user's Aspect, which the toolchain runs inside synth() after the library's validation", () => {
  let outdir: string;
  beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'render-plan-')); });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  /** The example stack, with an Aspect that adds an OIDC binding of `namespace`/late when it runs. */
  async function withAspectAdding(namespace: string): Promise<TerraformApp> {
    const { identity, stack } = await podOnlyWithKeys(outdir);
    Aspects.of(stack).add({
      visit: (node) => {
        if (node !== stack || identity.findBinding(namespace, 'late') !== undefined) return;
        identity.addBinding({ namespace, serviceAccountName: 'late', iamGroups: ['readers'], mode: IdentityMode.OIDC_FEDERATION });
      },
    });
    return stack.node.root as TerraformApp;
  }

  test('a binding it adds is written, with its rule', async () => {
    synthesizeApps({ terraform: await withAspectAdding('late') });
    const tf = JSON.parse(readFileSync(join(outdir, 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as Tf;
    const [conversion] = Object.values(tf.resource.huaweicloud_identity_provider_conversion ?? {}) as Array<{ conversion_rules: unknown[] }>;
    expect(JSON.stringify(conversion.conversion_rules)).toContain('system:serviceaccount:late:late');
  });

  test('an invalid binding it adds is refused, not written', async () => {
    const app = await withAspectAdding('Bad_NS!');
    expect(() => synthesizeApps({ terraform: app })).toThrow(/Bad_NS!/);
    expect(existsSync(join(outdir, 'stacks', 'iam', 'cdk.tf.json'))).toBe(false);
  });
});
