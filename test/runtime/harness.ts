/**
 * Test harness: an RSA "cluster" key, the Terraform JSON the emulator loads, ServiceAccount JWTs
 * minted into a temp token file, emulators on 127.0.0.1 on a fake clock (test/support), and
 * collectors for every log line / error / secret seen (for the no-leak test).
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { type IamEmulator, type IamEmulatorOptions, startIamEmulator } from '../../lib/testing/emulator';
import { WorkloadIdentityCredentials, type WorkloadIdentityCredentialsOptions } from '../../lib/runtime';
import { Recorder } from '../support/time';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const CLIENT_ID = 'my-client';
export const IDP = 'workload_identity';
export const SUBJECT = 'system:serviceaccount:default:oidc-token';
import { PROJECT_ID } from '../fixtures/ids';
export { PROJECT_ID };
export const KID = 'cluster-key-1';

/** Everything observed across scenarios, checked by the no-leak test. */
export const observed = {
  /** Every log line of every client; `await observed.logLines.until(…)` waits for one. */
  logLines: new Recorder<string>(),
  errors: [] as unknown[],
  secrets: new Set<string>(),
};

/** Record an error (and keep going). */
export function captureError(error: unknown): unknown {
  observed.errors.push(error);
  return error;
}

let privateKey: CryptoKey;
let publicJwk: Record<string, unknown>;
let dir: string;
const emulators: IamEmulator[] = [];
const clients: WorkloadIdentityCredentials[] = [];
let tokenCounter = 0;

export async function setupHarness(): Promise<void> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  dir = await mkdtemp(join(tmpdir(), 'wi-runtime-'));
}

export async function teardownHarness(): Promise<void> {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(emulators.splice(0).map((e) => e.stop()));
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** The synthesized-Terraform shape the emulator loads. */
export function terraformJson(subjects: readonly string[] = [SUBJECT]): object {
  return {
    resource: {
      huaweicloud_identity_provider: {
        idp: {
          name: IDP,
          protocol: 'oidc',
          access_config: {
            access_type: 'program',
            provider_url: ISSUER,
            client_id: CLIENT_ID,
            signing_key: JSON.stringify({ keys: [publicJwk] }),
          },
        },
      },
      huaweicloud_identity_provider_conversion: {
        conv: {
          provider_id: '${huaweicloud_identity_provider.idp.id}',
          conversion_rules: [
            {
              local: [{ username: 'test' }, { group: 'demo' }],
              remote: [{ attribute: 'sub', condition: 'any_one_of', value: [...subjects] }],
            },
          ],
        },
      },
    },
  };
}

export interface MintOptions {
  readonly now: number;
  readonly sub?: string;
  readonly aud?: string;
  readonly lifetimeSeconds?: number;
}

/** Mint a ServiceAccount JWT (as the kubelet would); returns it and its jti. */
export async function mintJwt(options: MintOptions): Promise<{ jwt: string; jti: string }> {
  const iat = Math.floor(options.now / 1000);
  const jti = `jti-${++tokenCounter}`;
  const jwt = await new SignJWT({
    'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'oidc-token', uid: 'u-1' } },
  })
    .setProtectedHeader({ alg: 'RS256', kid: KID })
    .setIssuer(ISSUER)
    .setSubject(options.sub ?? SUBJECT)
    .setAudience([options.aud ?? CLIENT_ID])
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 7200))
    .setJti(jti)
    .sign(privateKey);
  observed.secrets.add(jwt);
  return { jwt, jti };
}

/** Atomically (re)write a token file, as the kubelet does (write + rename). */
export async function writeTokenFile(path: string, jwt: string): Promise<void> {
  const temp = `${path}.tmp-${tokenCounter}`;
  await writeFile(temp, `${jwt}\n`);
  await rename(temp, path);
}

let fileCounter = 0;
/** A fresh token-file path in the temp dir (not yet created). */
export function tokenPath(): string {
  return join(dir, `token-${++fileCounter}`);
}

/** Start an emulator on 127.0.0.1 with the clock `now` (stopped in teardownHarness). */
export async function emulator(options: Partial<IamEmulatorOptions> & { now: () => number }): Promise<IamEmulator & { lines: string[] }> {
  const lines: string[] = [];
  const started = await startIamEmulator({ terraform: terraformJson(), log: (l) => lines.push(l), ...options });
  emulators.push(started);
  return Object.assign(started, { lines });
}

/** Create a client whose logs are collected; closed in teardownHarness. */
export function client(options: WorkloadIdentityCredentialsOptions): WorkloadIdentityCredentials {
  const collect = (level: string) => (line: string) => observed.logLines.push(`${level} ${line}`);
  const created = new WorkloadIdentityCredentials({
    providerName: IDP,
    projectId: PROJECT_ID,
    region: 'cn-north-4',
    env: {},
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    logger: { debug: collect('debug'), info: collect('info'), warn: collect('warn'), error: collect('error') },
    ...options,
  });
  clients.push(created);
  return created;
}

/** Record a token / credentials as secrets that must never appear in logs or errors. */
export function rememberSecrets(...values: Array<{ token?: string; secretKey?: string; securityToken?: string } | undefined>): void {
  for (const value of values) {
    if (value?.token !== undefined) observed.secrets.add(value.token);
    if (value?.secretKey !== undefined) observed.secrets.add(value.secretKey);
    if (value?.securityToken !== undefined) observed.secrets.add(value.securityToken);
  }
}

/** Everything an error exposes: message, stack, inspect output, and the same for its causes. */
export function errorText(error: unknown, depth = 0): string {
  if (depth > 5 || error === undefined || error === null) return '';
  if (!(error instanceof Error)) return String(error);
  return [error.message, error.stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error), errorText(error.cause, depth + 1)].join('\n');
}
