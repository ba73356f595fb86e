/**
 * Issue 20 (B.2b): a valid provider name of 64 mixed-case characters looks like key material to
 * the secret redactor, which judges by shape, and was hidden in every message. A name that passed
 * its own rule is shown (in the path label, as a value, inside derived names); credentials pasted
 * elsewhere in the same message are still hidden.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jwks, synthesizeApps, SynthesisValidationError, WorkloadIdentity, WorkloadIdentityProps, WorkloadIdentityProvider } from '../../lib';
import { formatIssue, redactMessage, showName } from '../../lib/core/issues/issues';
import { crossDeclarationIssues } from '../../lib/core/declaration/declarations';
import { providerNameRule } from '../../lib/core/validation/rules';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { A_JWT, PUBLIC_JWKS } from './fixtures';

/** 64 characters of letters, digits, "_" and "-", mixed case: valid, and key-material-shaped. */
const LONG_NAME = 'Shop_Prod_Cluster2024_Shanghai_AZ1_WorkloadIdentity_Provider_X9q';
/** A random-looking 40-character secret (a static SK's shape). */
const SK = 'Zx8Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4Vb6N';

function declare(overrides: Partial<WorkloadIdentityProps> = {}): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: LONG_NAME,
    clientId: 'shop-app',
    jwks: Jwks.fromObject(PUBLIC_JWKS),
    bindings: [{ namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] }],
    ...overrides,
  });
}

test('the name is valid and 64 characters long', () => {
  expect(LONG_NAME).toHaveLength(64);
  expect(providerNameRule(LONG_NAME)).toBeUndefined();
});

test('the declaration\'s path label and its messages show the name', () => {
  const identity = declare();
  expect(identity.path).toBe(`WorkloadIdentity("${LONG_NAME}")`);
  const [issue] = identity.validate().filter((i) => i.code === 'PROJECT_ID_REQUIRED');
  expect(issue.path).toBe(`WorkloadIdentity("${LONG_NAME}").bindings[0].projectId`);
  expect(formatIssue(issue)).toContain(`WorkloadIdentity("${LONG_NAME}").bindings[0].projectId: is not set`);
});

test('as a value (DUPLICATE_PROVIDER) it is shown too', () => {
  const [issue] = crossDeclarationIssues([declare(), declare({ clientId: 'other-app' })]).filter((i) => i.code === 'DUPLICATE_PROVIDER');
  expect(issue.value).toBe(JSON.stringify(LONG_NAME));
  expect(formatIssue(issue)).toContain(`providerName: "${LONG_NAME}" is declared 2 times`);
});

test('the synthesis error shows it', () => {
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-name-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    new WorkloadIdentityProvider(stack, 'p', { identity: declare({ clientId: 'x' }) });
    let caught: unknown;
    try {
      synthesizeApps({ terraform });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SynthesisValidationError);
    expect((caught as Error).message).toContain(`WorkloadIdentity("${LONG_NAME}").clientId`);
    expect((caught as Error).message).not.toContain('[redacted]');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('credentials next to a shown name are still hidden', () => {
  const label = `WorkloadIdentity("${LONG_NAME}")`;
  const text = `${label}.clientId: ${SK} and ${A_JWT}; agency ${LONG_NAME}.shop.orders; ${SK}${LONG_NAME}`;
  const out = redactMessage(text);
  expect(out).toContain(label);
  expect(out).toContain(`agency ${LONG_NAME}.shop.orders`);
  expect(out).not.toContain(SK);
  expect(out).not.toContain(A_JWT.slice(0, 30));
  // Without the label, the same name is judged by its shape as before.
  expect(redactMessage(`agency ${LONG_NAME}.shop.orders`)).not.toContain(LONG_NAME);
});

test('names that fail their rule, or look like a token, are not shown by showName', () => {
  expect(showName(LONG_NAME, providerNameRule)).toBe(JSON.stringify(LONG_NAME));
  expect(showName(`${LONG_NAME}Z`, providerNameRule)).toContain('value not shown');
  expect(showName(A_JWT, providerNameRule)).toContain('value not shown');
  const jwtLike = declare({ providerName: A_JWT, clientId: 'x' });
  expect(jwtLike.path).toContain('value not shown');
});

test('many unclosed labels and long runs: the output is still exact (the scans are bounded per label)', () => {
  const label = `WorkloadIdentity("${LONG_NAME}")`;
  const noise = 'WorkloadIdentity("'.repeat(20_000);
  const out = redactMessage(`${label} ${noise} ${SK}`);
  expect(out.startsWith(label)).toBe(true);
  expect(out).not.toContain(SK);
  expect(out.length).toBeGreaterThan(noise.length);
});
