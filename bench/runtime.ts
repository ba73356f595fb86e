/**
 * Runtime cost of lib/runtime's `WorkloadIdentityCredentials` against the IAM emulator
 * (lib/testing/emulator), in a process of its own: `runtime.ts [iterations]`.
 *
 * Setup: a fresh RSA "cluster" key; a declaration trusting its public half, synthesized to
 * Terraform with the library (`synthWorkloadIdentity`) and loaded by `startIamEmulator` on
 * 127.0.0.1; a ServiceAccount token for the binding minted with `mintServiceAccountToken` into a
 * temp file (what the kubelet projects).
 *
 * 1. Concurrency: a cold client gets 1,000 concurrent `getCredentials()` calls; the emulator's
 *    request counters say how many exchanges they caused. `getCredentials()` needs an IAM token
 *    (id-token exchange) and then temporary AK/SK (security-token exchange), so one credential
 *    "exchange" is one request to each API. Reported: both counts, and `exchanges` = the larger,
 *    i.e. how many times the exchange ran (1 = fully single-flight).
 * 2. Cached latency: on the warm client, `iterations` sequential `await getCredentials()` calls
 *    after a warm-up, each timed with process.hrtime.bigint() (so it includes the promise round
 *    trip a caller pays); p50 / p99 / mean in microseconds.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats';

/** What the runtime benchmark reports. */
export type RuntimeResult =
  | {
    readonly available: true;
    readonly concurrentCalls: number;
    readonly idTokenRequests: number;
    readonly securityTokenRequests: number;
    readonly idTokenExchanges: number;
    readonly securityTokenExchanges: number;
    readonly exchanges: number;
    readonly concurrentWallMs: number;
    readonly iterations: number;
    readonly cachedP50Us: number;
    readonly cachedP99Us: number;
    readonly cachedMeanUs: number;
  }
  | { readonly available: false; readonly reason: string };

/** The runtime module and the emulator, when both exist. */
export const RUNTIME_FILES = ['lib/runtime/index.ts', 'lib/testing/emulator/index.ts'] as const;

const NAMESPACE = 'default';
const SERVICE_ACCOUNT = 'bench-app';

/** Runs both measurements. */
export async function measureRuntime(iterations: number, concurrentCalls = 1000): Promise<RuntimeResult> {
  const [{ WorkloadIdentityCredentials }, { startIamEmulator }, { mintServiceAccountToken }, lib, { synthWorkloadIdentity }] = await Promise.all([
    import('../lib/runtime'),
    import('../lib/testing/emulator'),
    import('../lib/testing/kube-token'),
    import('../lib'),
    import('../lib/testing/synth'),
  ]);

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'bench-key';
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const identity = new lib.WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-bench',
    jwks: lib.Jwks.fromObject({ keys: [publicJwk] }),
    region: 'cn-north-4',
    projectId: '0123456789abcdef0123456789abcdef',
    bindings: [{ namespace: NAMESPACE, serviceAccountName: SERVICE_ACCOUNT, iamUser: 'bench', iamGroups: ['demo'] }],
  });
  const [binding] = identity.bindings;
  const { terraform } = synthWorkloadIdentity(identity);

  const dir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const emulator = await startIamEmulator({ terraform });
  const clients: Array<{ close(): void }> = [];
  try {
    const { token } = await mintServiceAccountToken({
      privateKey,
      alg: 'RS256',
      kid,
      namespace: NAMESPACE,
      serviceAccountName: SERVICE_ACCOUNT,
      projected: { audience: binding.token.audience, expirationSeconds: binding.token.expirationSeconds, path: binding.token.path },
    });
    const tokenFile = join(dir, binding.token.path);
    writeFileSync(tokenFile, token);
    const newClient = () => {
      const c = new WorkloadIdentityCredentials({
        idpId: identity.providerName,
        tokenFile,
        region: 'cn-north-4',
        iamEndpoint: emulator.url,
        env: {},
      });
      clients.push(c);
      return c;
    };

    // 1. 1,000 concurrent calls on a cold client
    const before = { ...emulator.requestCounts };
    const statsBefore = { ...emulator.stats };
    const client = newClient();
    const t0 = process.hrtime.bigint();
    const results = await Promise.all(Array.from({ length: concurrentCalls }, () => client.getCredentials()));
    const concurrentWallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (results.some((r) => r.accessKey !== results[0].accessKey)) throw new Error('concurrent callers got different credentials');
    const idTokenRequests = emulator.requestCounts.idToken - before.idToken;
    const securityTokenRequests = emulator.requestCounts.securityToken - before.securityToken;
    const idTokenExchanges = emulator.stats.idTokenExchanges - statsBefore.idTokenExchanges;
    const securityTokenExchanges = emulator.stats.securityTokenExchanges - statsBefore.securityTokenExchanges;

    // 2. cached latency
    const warmup = Math.min(20_000, iterations);
    for (let i = 0; i < warmup; i++) await client.getCredentials();
    const samples = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
      const s = process.hrtime.bigint();
      await client.getCredentials();
      samples[i] = Number(process.hrtime.bigint() - s) / 1e3;
    }
    const extra = emulator.requestCounts.idToken - before.idToken - idTokenRequests
      + emulator.requestCounts.securityToken - before.securityToken - securityTokenRequests;
    if (extra !== 0) throw new Error(`cached calls reached IAM ${extra} times`);
    let sum = 0;
    for (const x of samples) sum += x;
    return {
      available: true,
      concurrentCalls,
      idTokenRequests,
      securityTokenRequests,
      idTokenExchanges,
      securityTokenExchanges,
      exchanges: Math.max(idTokenRequests, securityTokenRequests),
      concurrentWallMs,
      iterations,
      cachedP50Us: percentile(samples, 50),
      cachedP99Us: percentile(samples, 99),
      cachedMeanUs: sum / iterations,
    };
  } finally {
    for (const c of clients) c.close();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureRuntime(Number(process.argv[2] ?? 200_000)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      console.log(JSON.stringify({ available: false, reason: e instanceof Error ? e.message : String(e) }));
    },
  );
}
