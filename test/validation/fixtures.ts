/** Declarations, keys and a synthesis harness shared by the validation tests. */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Jwks, ServiceAccountBindingProps, synthesizeApps, WorkloadIdentity, WorkloadIdentityProps, WorkloadIdentityProvider, WorkloadServiceAccount,
} from '../../lib';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';

export const EXAMPLE_JWKS_FILE = join(__dirname, '..', '..', 'examples', 'jwks.json');
/** The committed example key set: one public RSA 2048 key. */
export const PUBLIC_JWKS = JSON.parse(readFileSync(EXAMPLE_JWKS_FILE, 'utf8')) as { keys: Array<Record<string, string>> };
export const PUBLIC_JWK = PUBLIC_JWKS.keys[0];

function jwkOf(key: KeyObject): Record<string, string> {
  return key.export({ format: 'jwk' }) as Record<string, string>;
}

/** Key material generated once per test file. Private members' values must never appear in a message. */
export const keys: Record<'rsaPrivate' | 'rsaWeak' | 'ecPublic' | 'ecPrivate' | 'oct', Record<string, string>> = {
  rsaPrivate: { kid: 'leaked', alg: 'RS256', use: 'sig', ...jwkOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) },
  rsaWeak: { kid: 'weak', alg: 'RS256', ...jwkOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey) },
  ecPublic: { kid: 'ec', alg: 'ES256', ...jwkOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey) },
  ecPrivate: { kid: 'ec-leaked', alg: 'ES256', ...jwkOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) },
  oct: { kty: 'oct', kid: 'hmac', alg: 'HS256', k: 'c2VjcmV0LXN5bW1ldHJpYy1rZXktbWF0ZXJpYWwtMDEyMzQ1Njc4OQ' },
};

/** The private members' values of every generated private key: none may appear in any message. */
export const SECRET_VALUES: readonly string[] = [keys.rsaPrivate, keys.ecPrivate, keys.oct].flatMap((k) =>
  ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].flatMap((m) => (typeof k[m] === 'string' ? [k[m]] : [])));

/** A ServiceAccount token-shaped JWT (header.payload.signature); never to be echoed. */
export const A_JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpvaWRjLXRva2VuIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';
/** A password in a URL; never to be echoed. */
export const URL_PASSWORD = 'hunter2-url-password';

/** The project ID of `declaration()` (every binding needs one unless global-only). */
import { PROJECT_ID } from '../fixtures/ids';
export { PROJECT_ID };

/** The default binding of `declaration()`. */
export const BINDING: ServiceAccountBindingProps = { namespace: 'default', serviceAccountName: 'oidc-token', iamUser: 'test', iamGroups: ['demo'] };

/** A valid declaration (the CCE guide's), with overrides; pass `bindings: [...]` to replace the binding. */
export function declaration(overrides: Partial<WorkloadIdentityProps> = {}, binding: Partial<ServiceAccountBindingProps> = {}): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromObject(PUBLIC_JWKS),
    projectId: PROJECT_ID,
    bindings: [{ ...BINDING, ...binding }],
    ...overrides,
  });
}

/** A declaration whose JWKS is `keys` (plus nothing else). */
export function withKeys(...jwks: unknown[]): WorkloadIdentity {
  return declaration({ jwks: Jwks.fromObject({ keys: jwks as never }) });
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
  }
  return out;
}

/** What synthesizing some declarations through both real apps did. */
export interface SynthAttempt {
  /** The thrown error, if any. */
  readonly error?: Error;
  /** Files written under the Kubernetes and Terraform outdirs. */
  readonly written: string[];
  /** The apps (for annotations). */
  readonly kubernetes: Cdk8sApp;
  readonly terraform: TerraformApp;
  readonly stack: TerraformStack;
}

/**
 * Renders declarations as a user would — one WorkloadIdentityProvider per declaration in one
 * stack, one WorkloadServiceAccount per binding with a bound Deployment — and runs
 * `synthesizeApps` into a fresh temp dir (removed afterwards).
 */
export function synthesize(identities: readonly WorkloadIdentity[]): SynthAttempt {
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-validation-'));
  try {
    const kubernetes = new Cdk8sApp({ outdir: join(root, 'dist') });
    const chart = new Chart(kubernetes, 'chart');
    const terraform = new TerraformApp({ outdir: join(root, 'cdktf.out'), skipBackendValidation: true });
    const stack = new TerraformStack(terraform, 'stack');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    identities.forEach((identity, d) => {
      new WorkloadIdentityProvider(stack, `provider-${d}`, { identity });
      identity.bindings.forEach((binding, b) => {
        const sa = new WorkloadServiceAccount(chart, `sa-${d}-${b}`, { binding });
        const ns = typeof binding.namespace === 'string' ? binding.namespace : 'default';
        sa.bind(
          new kplus.Deployment(chart, `deployment-${d}-${b}`, {
            metadata: { namespace: ns },
            containers: [{ name: 'app', image: 'nginxinc/nginx-unprivileged:1.27-alpine', portNumber: 8080 }],
          }),
        );
      });
    });
    let error: Error | undefined;
    try {
      synthesizeApps({ kubernetes, terraform });
    } catch (e) {
      error = e as Error;
    }
    return { error, written: filesUnder(root), kubernetes, terraform, stack };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
