/**
 * Cost of the secret filter and the checks on 1 MB hostile inputs (issue 21), in a process of its
 * own: `hostile-inputs.ts [runs]`. Each input is one that made a backtracking pattern quadratic
 * before the filter was rewritten as hand-written scans: a run of letters without "://" or "@"
 * (URL credentials), many "eyJ" starts without a payload (JWT), a PEM header that never ends,
 * escape introducers that never complete (the decoded view), a name of separators (the DNS name
 * suggestion). Reported: the median wall time of `runs` calls per case (after one warm-up call).
 */
import { generateKeyPairSync } from 'node:crypto';
import { median } from './stats';

/** One measured case. */
export interface HostileCase {
  readonly name: string;
  readonly input: string;
  readonly medianMs: number;
}

/** What the benchmark reports. */
export interface HostileResult {
  readonly bytes: number;
  readonly runs: number;
  readonly cases: readonly HostileCase[];
}

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** Runs every case `runs` times. */
export async function measureHostileInputs(runs: number): Promise<HostileResult> {
  const [{ redactSecrets, redactTokens, secretKind }, { excerpt }, { iamResponseError }, { suggestDnsName, checkText }, lib, { formatIssue }] =
    await Promise.all([
      import('../lib/contract/secrets'),
      import('../lib/contract/excerpt'),
      import('../lib/runtime/iam-errors'),
      import('../lib/core/validation/rules'),
      import('../lib'),
      import('../lib/core/issues/issues'),
    ]);
  const letters = fill('a');
  const eyj = fill('eyJ');
  const live = ['sk-Live/Secret+Key19', 'gQ+tok/En=Value==', 'Id_Tok-en9Value_x'];
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  const cases: Array<{ name: string; input: string; run: () => unknown }> = [
    { name: '`redactSecrets` (declaration, CLI, emulator)', input: '`a` × 1 MB', run: () => redactSecrets(letters) },
    { name: '`redactSecrets`', input: '`eyJ` × 349,526', run: () => redactSecrets(eyj) },
    { name: '`redactSecrets`', input: '`-----BEGIN` + a space + `A` × 1 MB', run: () => redactSecrets(`-----BEGIN ${letters.toUpperCase()}`) },
    {
      name: '`redactSecrets`',
      input: '`%4` / `\\u12` / `&#x1` repeated',
      run: () => [fill('%4'), fill('\\u12'), fill('&#x1')].map((text) => redactSecrets(text)),
    },
    {
      name: '`redactSecrets` with a kept name',
      input: 'a 40-character mixed-case run + space, × 1 MB',
      run: () => redactSecrets(fill('Zx8Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4Vb6N '), new Set(['Zx8Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4Vb6N'])),
    },
    { name: '`secretKind` (every shown value)', input: '`a` × 1 MB', run: () => secretKind(letters) },
    { name: '`redactTokens` with 3 live secrets (runtime)', input: '`eyJ` × 349,526', run: () => redactTokens(eyj, live) },
    { name: '`excerpt` (IAM error excerpt)', input: '`eyJ` × 349,526', run: () => excerpt(eyj, live) },
    {
      name: '`iamResponseError` (whole IAM error path)',
      input: 'body `eyJ` × 349,526',
      run: () => iamResponseError({
        operation: 'id-token', status: 401, bodyText: eyj, retryAfter: null, idpId: 'p', scope: 's', now: 0, secrets: live,
      }),
    },
    {
      name: 'declaration: validate + format the issues',
      input: 'client ID `a` × 1 MB',
      run: () => new lib.WorkloadIdentity({
        providerName: 'workload_identity', clientId: letters, jwks: lib.Jwks.fromObject({ keys: [jwk] }), region: 'cn-north-4',
        bindings: [{ namespace: 'default', serviceAccountName: 'app', iamUser: 'u', iamGroups: ['demo'] }],
      }).validate().map(formatIssue),
    },
    { name: '`suggestDnsName`', input: '`-` × 1 MB + `a`', run: () => suggestDnsName(`${fill('-')}a`, 'label') },
    { name: '`checkText` (free-text guard)', input: '`a` and a space, × 512 Ki', run: () => checkText(fill('a '), () => undefined) },
  ];
  const results: HostileCase[] = [];
  for (const c of cases) {
    c.run();
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = process.hrtime.bigint();
      c.run();
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    results.push({ name: c.name, input: c.input, medianMs: median(samples) });
  }
  return { bytes: MB, runs, cases: results };
}

if (require.main === module) {
  measureHostileInputs(Number(process.argv[2] ?? 5)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
