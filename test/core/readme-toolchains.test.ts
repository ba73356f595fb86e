/**
 * The README's "Use it in your own app" snippet on each Terraform toolchain × cdk8s-plus major,
 * with only its imports switched (`cdktf` → `cdktn` and `cce-workload-identity` →
 * `cce-workload-identity/cdktn`; `cdk8s-plus-28` → the major), run from this checkout's sources.
 * The Terraform JSON must be the same on both toolchains (same resources, same audience, client ID,
 * issuer and conversion rules) and the Kubernetes side must carry the same invariants.
 *
 * In a child process no jest resolver applies: the app imports the flavour's source entry (lib/ or
 * lib/cdktn/, as package.json maps `cce-workload-identity` and `cce-workload-identity/cdktn` to
 * their builds) and test/support/toolchain-runner.js runs it through tsx, for cdktn with `cdktf`
 * unresolvable.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeAppFor, ROOT, type Toolchain } from '../support/readme';

const TOOLCHAINS: readonly Toolchain[] = ['cdktf', 'cdktn'];
/** The cdk8s-plus majors the README app runs with. */
const KUBERNETES_MAJORS = ['cdk8s-plus-28', 'cdk8s-plus-33', 'cdk8s-plus-34'] as const;

interface Synthesized { readonly terraform: Record<string, unknown>; readonly manifests: string }

function synth(toolchain: Toolchain, kplus: string): Synthesized {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', `readme-${toolchain}-`));
  try {
    // From this checkout: each entry is its source, as package.json `exports` maps it to its build.
    const code = readmeAppFor(toolchain, kplus)
      .replace(/from 'cce-workload-identity\/cdktn'/g, `from ${JSON.stringify(join(ROOT, 'lib', 'cdktn'))}`)
      .replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
    writeFileSync(join(dir, 'app.ts'), code);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    // As from a shell (not under `cdk8s synth` / `cdktf synth`): both sides are written.
    const env = { ...process.env };
    delete env.CDK8S_OUTDIR;
    delete env.CDKTF_OUTDIR;
    const r = spawnSync(process.execPath, [join(ROOT, 'test', 'support', 'toolchain-runner.js'), toolchain, 'app.ts'], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env,
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const tfFile = join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json');
    expect(existsSync(tfFile)).toBe(true);
    return {
      // The local backend's state path names the app's folder, which differs per run.
      terraform: JSON.parse(readFileSync(tfFile, 'utf8').split(dir).join('<app>')) as Record<string, unknown>,
      manifests: readFileSync(join(dir, 'dist', 'shop.k8s.yaml'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(KUBERNETES_MAJORS)('the README app with %s', (kplus) => {
  const results = new Map<Toolchain, Synthesized>();
  beforeAll(() => {
    for (const toolchain of TOOLCHAINS) results.set(toolchain, synth(toolchain, kplus));
  }, 240_000);

  test.each(TOOLCHAINS)('on %s synthesizes both sides with the README\'s invariants', (toolchain) => {
    const { terraform, manifests } = results.get(toolchain)!;
    const stamp = (terraform['//'] as { metadata: { version: string } }).metadata.version;
    const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', toolchain, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(stamp).toBe(installed);
    const resource = terraform.resource as Record<string, Record<string, Record<string, unknown>>>;
    const [provider] = Object.values(resource.huaweicloud_identity_provider!);
    expect(provider).toMatchObject({
      name: 'workload_identity', protocol: 'oidc',
      access_config: expect.objectContaining({ client_id: 'my-cluster', provider_url: 'https://kubernetes.default.svc.cluster.local' }),
    });
    const [conversion] = Object.values(resource.huaweicloud_identity_provider_conversion!);
    expect(JSON.stringify(conversion)).toContain('system:serviceaccount:shop:order-service');
    expect(manifests).toContain('serviceAccountName: order-service');
    expect(manifests).toContain('audience: my-cluster');
  });

  test('cdktf and cdktn write the same Terraform JSON but for the toolchain\'s version stamp', () => {
    const unstamped = (toolchain: Toolchain): unknown => {
      const json = structuredClone(results.get(toolchain)!.terraform) as { '//': { metadata: { version?: string } } };
      delete json['//'].metadata.version;
      return json;
    };
    expect(unstamped('cdktn')).toEqual(unstamped('cdktf'));
    expect(results.get('cdktn')!.manifests).toBe(results.get('cdktf')!.manifests);
  });
});
