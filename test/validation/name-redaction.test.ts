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
import {
  formatIssue, IssueCollector, IssueSeverity, IssueSide, publicProviderNames, showName, type ValidationIssue,
} from '../../lib/core/issues/issues';
import { redactSecrets } from '../../lib/contract/secrets';
import { Construct } from 'constructs';
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
    const caught = synthesisError(terraform);
    expect((caught as Error).message).toContain(`WorkloadIdentity("${LONG_NAME}").clientId`);
    expect((caught as Error).message).not.toContain('[redacted]');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('credentials next to a kept name are still hidden', () => {
  const keep = publicProviderNames([LONG_NAME]);
  const label = `WorkloadIdentity("${LONG_NAME}")`;
  const text = `${label}.clientId: ${SK} and ${A_JWT}; agency ${LONG_NAME}.shop.orders; ${SK}${LONG_NAME}`;
  const out = redactSecrets(text, keep);
  expect(out).toContain(label);
  expect(out).toContain(`agency ${LONG_NAME}.shop.orders`);
  expect(out).not.toContain(SK);
  expect(out).not.toContain(A_JWT.slice(0, 30));
  // Without the keep-set, the same name is judged by its shape as before.
  expect(redactSecrets(`agency ${LONG_NAME}.shop.orders`)).not.toContain(LONG_NAME);
});

test('the text never decides what is public: a label quoting a secret does not unhide it', () => {
  // An issue built outside a collector (or a third-party message) that quotes a secret in a
  // WorkloadIdentity("…") label: the secret passes the provider name rule, and was kept before.
  const issue: ValidationIssue = {
    severity: IssueSeverity.ERROR, code: 'X', path: `WorkloadIdentity("${SK}").clientId`,
    rule: `is ${SK}`, fix: `remove ${SK}`, side: IssueSide.BOTH,
  };
  expect(formatIssue(issue)).not.toContain(SK);
  // A collector given another name does not keep SK either, in any field or as the value.
  const out = new IssueCollector(publicProviderNames([LONG_NAME]));
  out.error({ code: 'INVALID_CLIENT_ID', path: `WorkloadIdentity("${SK}").clientId`, value: SK, rule: `not ${SK}`, fix: 'x', side: IssueSide.BOTH });
  expect(formatIssue(out.issues[0])).not.toContain(SK);
  expect(out.issues[0].value).toBeUndefined();
});

test('a third-party validation message quoting a secret in a label is redacted at synthesis', () => {
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-name-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    new Construct(stack, 'other').node.addValidation({ validate: () => [`WorkloadIdentity("${SK}") has ${SK}`] });
    const caught = synthesisError(terraform);
    expect((caught as Error).message).toContain('has [redacted]');
    expect((caught as Error).message).not.toContain(SK);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a forwarded issue keeps the names of both collectors, and only those', () => {
  const inner = new IssueCollector();
  inner.error({ code: 'INVALID_JWKS', path: 'jwks.keys[0]', rule: `kid ${LONG_NAME} is odd`, fix: 'x', side: IssueSide.TERRAFORM });
  // Collected without the name: redacted at collection.
  expect(inner.issues[0].rule).not.toContain(LONG_NAME);
  const outer = new IssueCollector(publicProviderNames([LONG_NAME, A_JWT, `${LONG_NAME}Z`]));
  outer.forward(inner.issues[0], `WorkloadIdentity("${LONG_NAME}").jwks.keys[0]`);
  expect(formatIssue(outer.issues[0])).toContain(`WorkloadIdentity("${LONG_NAME}").jwks.keys[0]:`);
  // Only names that pass their rule (and do not look like a token) are public.
  expect([...publicProviderNames([LONG_NAME, A_JWT, `${LONG_NAME}Z`, 42])]).toEqual([LONG_NAME]);
});

test('names that fail their rule, or look like a token, are not shown by showName', () => {
  expect(showName(LONG_NAME, providerNameRule)).toBe(JSON.stringify(LONG_NAME));
  expect(showName(`${LONG_NAME}Z`, providerNameRule)).toContain('value not shown');
  expect(showName(A_JWT, providerNameRule)).toContain('value not shown');
  const jwtLike = declare({ providerName: A_JWT, clientId: 'x' });
  expect(jwtLike.path).toContain('value not shown');
});

test('a kept value is kept only as a whole run: inside a longer run or a JWT it is redacted', () => {
  const keep = new Set([SK]);
  expect(redactSecrets(`a ${SK} b`, keep)).toBe(`a ${SK} b`);
  expect(redactSecrets(`a ${SK}x b`, keep)).toBe('a [redacted] b');
  expect(redactSecrets(`a ${A_JWT}${SK}`, keep)).not.toContain(SK);
  // Many kept-looking runs and many unclosed labels: the output is still exact.
  const many = `${SK} `.repeat(20_000) + 'WorkloadIdentity("'.repeat(20_000);
  expect(redactSecrets(many, keep)).toBe(many);
});

/** The error `synthesizeApps` throws for `terraform`; fails the test when it throws none or another kind. */
function synthesisError(terraform: Parameters<typeof synthesizeApps>[0]['terraform']): SynthesisValidationError {
  try {
    synthesizeApps({ terraform });
  } catch (e) {
    expect(e).toBeInstanceOf(SynthesisValidationError);
    return e as SynthesisValidationError;
  }
  throw new Error('synthesizeApps threw no error');
}
