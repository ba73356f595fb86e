/**
 * docs/troubleshooting.md: what to do, by symptom. Each symptom has a few first checks and the
 * codes that go with it, rendered from the code tables (each row links to its row in
 * docs/error-codes.md). Written by `npm run docs:codes` (scripts/error-codes.ts);
 * test/docs/generated-codes.test.ts holds every code reachable from some symptom.
 */
import { resolve } from 'node:path';
import { githubSlug } from './docs/markdown';
import { allCodeRows, cell, FAMILIES, rowOf, type CodeRef, type CodeRow } from './docs/code-registry';

/** Where the generated file lives. */
export const TROUBLESHOOTING_DOC = resolve(__dirname, '../docs/troubleshooting.md');

/** One symptom: what the user sees, what to check first, and the codes it may show. */
export interface Symptom {
  readonly title: string;
  readonly checks: readonly string[];
  /** Codes listed one by one. */
  readonly codes: readonly CodeRef[];
  /** Whole groups of validation issue codes, linked by their heading in docs/error-codes.md. */
  readonly issueGroups?: 'all';
  /** Every validation issue code of this severity, listed one by one. */
  readonly issueSeverity?: 'warning';
}

const RUNTIME_REJECTED: readonly CodeRef[] = [
  'ERR_TOKEN_REJECTED', 'ERR_TOKEN_EXPIRED', 'ERR_NOT_ADMITTED', 'ERR_PROVIDER_NOT_FOUND', 'ERR_PROJECT_NOT_FOUND', 'ERR_IAM_REJECTED',
];
const TERRAFORM_INPUT: readonly CodeRef[] = [
  'ERR_EMULATOR_TERRAFORM_UNREADABLE', 'ERR_EMULATOR_TERRAFORM_INVALID', 'ERR_EMULATOR_NON_LITERAL', 'ERR_EMULATOR_SIGNING_KEY_INVALID',
  'ERR_EMULATOR_CONVERSION_INVALID', 'ERR_EMULATOR_DUPLICATE_PROVIDER',
];

/** The symptoms, in the order a deployment meets them. */
export const SYMPTOMS: readonly Symptom[] = [
  {
    title: 'Synth fails with "declaration has N errors" or "Validation failed"',
    checks: [
      'Nothing was written. Each line names the construct path, the field, the rule and a fix, and ends with an issue code.',
      'Fix every line (they are all reported at once); the issue code\'s row says what it means in general.',
    ],
    codes: ['ERR_WORKLOAD_IDENTITY_INVALID', 'ERR_WORKLOAD_IDENTITY_SYNTH_INVALID'],
    issueGroups: 'all',
  },
  {
    title: 'Synth succeeds but prints warnings',
    checks: ['A warning does not stop synthesis, but most mean the deployment will not work as meant (a placeholder ID, a binding '
      + 'without permissions).'],
    codes: [],
    issueSeverity: 'warning',
  },
  {
    title: 'Import or synth fails with a missing peer dependency',
    checks: ['The package loads its optional peers on use; the message names the package and the install command.'],
    codes: ['ERR_WORKLOAD_IDENTITY_PEER_MISSING', 'ERR_WORKLOAD_IDENTITY_JOSE_UNAVAILABLE'],
  },
  {
    title: 'The pod cannot read its token or configuration',
    checks: [
      'Look at the pod as Kubernetes runs it: `kubectl get pod <pod> -o yaml` shows the projected volume, the mount and the '
        + '`HUAWEICLOUD_SDK_*` variables.',
      'Was the workload bound (the Kubernetes side of the declaration adds all three)?',
    ],
    codes: ['ERR_CONFIG_INVALID', 'ERR_TOKEN_FILE_MISSING', 'ERR_TOKEN_FILE_EMPTY', 'ERR_TOKEN_FILE_UNREADABLE', 'ERR_TOKEN_FILE_MALFORMED',
      'ERR_FILE_NOT_REGULAR', 'ERR_FILE_TOO_LARGE', 'ERR_FILE_READ_TIMEOUT'],
  },
  {
    title: 'The pod gets 401/403 from IAM',
    checks: [
      'Copy the pod\'s token (`kubectl exec <pod> -- cat /var/run/secrets/tokens/oidc-token > token`, or'
        + ' `kubectl create token <service-account> --audience <clientId> > token`) and ask offline which check fails:'
        + ' `cce-workload-identity explain cdk.tf.json --token token` (exit code 1 when denied).',
      'Compare the keys: `cce-workload-identity jwks fetch --out cluster.json`, then `cce-workload-identity jwks diff cdk.tf.json cluster.json`'
        + ' (exit code 1: the cluster signs with a key IAM does not trust, e.g. after a key rotation).',
      'Was the Terraform stack applied in this account, and is the pod\'s namespace/ServiceAccount in a binding?',
    ],
    codes: [...RUNTIME_REJECTED, 'exit:explain:1', 'exit:jwks:1'],
  },
  {
    title: 'The pod is admitted but a cloud API call is denied',
    checks: [
      'The identity works; its permissions do not cover the call. Ask offline what the ServiceAccount may do:'
        + ' `cce-workload-identity explain cdk.tf.json --service-account <ns>/<name> --can <service:type:action>`.',
      'See who may do what: `cce-workload-identity access cdk.tf.json`.',
    ],
    codes: ['BINDING_WITHOUT_GROUPS', 'POD_IDENTITY_WITHOUT_GRANTS', 'PROJECT_ID_REQUIRED', 'GRANT_SCOPE_MISMATCH', 'exit:explain:1'],
  },
  {
    title: 'The pod cannot reach IAM, or IAM keeps failing',
    checks: [
      'The runtime retries network errors, 429 and 5xx with backoff before it rejects; the message names the system error and host:port.',
      'Check the pod\'s egress (network policies, DNS, proxy) to the IAM endpoint of the region, and `HUAWEICLOUD_SDK_IAM_ENDPOINT` if set.',
    ],
    codes: ['ERR_IAM_UNREACHABLE', 'ERR_IAM_THROTTLED', 'ERR_IAM_SERVER_ERROR', 'ERR_IAM_TLS_FAILED', 'ERR_IAM_REDIRECTED',
      'ERR_IAM_RESPONSE_TOO_LARGE', 'ERR_IAM_BAD_RESPONSE'],
  },
  {
    title: 'Credentials stop working after a while',
    checks: ['The provider caches credentials and refreshes them before they expire; when a refresh fails, `cause` holds the reason.'],
    codes: ['ERR_CREDENTIALS_EXPIRED', 'ERR_CLIENT_CLOSED', 'ERR_INTERNAL', 'ERR_TOKEN_EXPIRED'],
  },
  {
    title: 'kubectl / jwks fetch fails',
    checks: [
      '`jwks fetch` runs `kubectl get --raw /openid/v1/jwks`; run it by hand with the same `--context` / `--kubeconfig` to see the '
        + 'cluster\'s answer.',
    ],
    codes: ['cli:KUBECTL_MISSING', 'cli:KUBECTL_FAILED', 'cli:KUBECTL_TIMEOUT', 'cli:KUBECTL_OUTPUT', 'cli:OUT_UNUSABLE', 'cli:OUT_NOT_REGULAR',
      'cli:WRITE_FAILED'],
  },
  {
    title: 'jwks diff exits 1, or jwks merge fails',
    checks: [
      'Exit code 1 from `jwks diff` is its answer, not a failure: the cluster signs with a key the provider does not trust.'
        + ' Build the key set to deploy with `jwks merge`, apply it, then let the pods get new tokens.',
    ],
    codes: ['exit:jwks:1', 'exit:jwks:0',
      'cli:LOCKED', 'cli:WRITE_FAILED', 'cli:CHANGED', 'cli:FILE_UNREADABLE', 'cli:FILE_NOT_REGULAR', 'cli:FILE_TOO_LARGE',
      'cli:FILE_READ_TIMEOUT', ...TERRAFORM_INPUT],
  },
  {
    title: 'explain exits 1 or fails',
    checks: ['Exit code 1 is the answer "denied"; stdout names the check or the statement. Exit code 2 is a usage or input error.'],
    codes: ['exit:explain:1', 'exit:explain:0', 'exit:any:2',
      'cli:TOKEN_UNREADABLE', 'cli:TOKEN_EMPTY', 'ERR_EMULATOR_OPTION_INVALID', ...TERRAFORM_INPUT],
  },
  {
    title: 'access diff exits 2 (or 1)',
    checks: [
      '`access` has exit codes of its own, for CI: 2 means a change matched `--fail-on` (review the diff it printed), 1 means bad input or usage.',
      'Print the change for a pull request with `--markdown`; `--fail-on none` (the default) never exits 2.',
    ],
    codes: ['exit:access:2', 'exit:access:1', 'exit:access:0', ...TERRAFORM_INPUT],
  },
  {
    title: 'The emulator does not start',
    checks: ['Every option is checked before anything starts, and every problem is reported at once (exit code 2).'],
    codes: ['ERR_EMULATOR_NON_LOOPBACK_HOST', 'ERR_EMULATOR_OPTION_INVALID', 'ERR_WORKLOAD_IDENTITY_JOSE_UNAVAILABLE', 'exit:any:2', 'exit:emulate:0',
      'cli:FILE_UNREADABLE', ...TERRAFORM_INPUT],
  },
  {
    title: 'Any command exits 2',
    checks: ['A usage or input error: the message names the flag or file; `cce-workload-identity <command> --help` shows the usage.'],
    codes: ['exit:any:2', 'exit:any:0'],
  },
];

function link(row: CodeRow): string {
  return row.shown.map((s) => `[\`${s}\`](error-codes.md#${row.anchor})`).join(', ');
}

function rowsTable(rows: readonly CodeRow[]): string[] {
  const code = (r: CodeRow): string => (r.family === 'exit' ? `exit ${r.shown[0]} (${r.group})` : link(r));
  const fix = (r: CodeRow): string => (r.family === 'exit' ? `see [exit codes](error-codes.md#${r.anchor})` : cell(r.fix));
  return ['| Code | What it means | The fix |', '| --- | --- | --- |', ...rows.map((r) => `| ${code(r)} | ${cell(r.summary)} | ${fix(r)} |`)];
}


/** The content of docs/troubleshooting.md. */
export function renderTroubleshooting(symptoms: readonly Symptom[] = SYMPTOMS): string {
  const rows = allCodeRows();
  const lines = [
    '# Troubleshooting',
    '',
    '<!-- Generated by `npm run docs:codes` from scripts/troubleshooting.ts and the code tables; do not edit by hand. -->',
    '',
    'Find the symptom, run its first checks, then look up the code the failure printed. Every code links to its row in',
    `[Error codes](error-codes.md), the full reference (${rows.length} codes).`,
    '',
    ...symptoms.map((s) => `- [${s.title}](#${githubSlug(s.title)})`),
    '',
  ];
  for (const symptom of symptoms) {
    lines.push(`## ${symptom.title}`, '', ...symptom.checks.map((c) => `- ${c}`), '');
    const listed = symptom.codes.map((ref) => rowOf(ref, rows));
    if (symptom.issueSeverity !== undefined) {
      listed.push(...rows.filter((r) => r.family === 'issue' && r.severity === symptom.issueSeverity));
    }
    if (listed.length > 0) lines.push(...rowsTable(listed), '');
    if (symptom.issueGroups === 'all') {
      const groups = [...new Set(rows.filter((r) => r.family === 'issue').map((r) => r.group as string))];
      lines.push(`${FAMILIES.issue}, by what they concern:`, '',
        ...groups.map((g) => `- [${g}](error-codes.md#${githubSlug(g)})`), '');
    }
  }
  return lines.join('\n');
}
