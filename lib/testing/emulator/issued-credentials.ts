/**
 * What the emulator has issued and remembers: IAM tokens (by token) and temporary credentials (by
 * access key), so a later request can present them. Plus the random and stable identifiers IAM
 * answers carry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IssuedCredential } from './signature';

/** An IAM token the emulator issued, and for whom. */
export interface IssuedIamToken {
  /** What the token was scoped to when issued: temporary credentials need an unscoped one. */
  readonly scope: 'unscoped' | 'project' | 'domain';
  readonly provider: string;
  readonly username: string;
  readonly userId: string;
  readonly groups: readonly string[];
  readonly subject: string | undefined;
  readonly jti: string | undefined;
  readonly iat: number | undefined;
  readonly expiresAt: number;
  /** For pod identity credentials: the agency they belong to (no groups). */
  readonly agency?: string;
}

/** A temporary credential the emulator issued, with the IAM token it was obtained with. */
export interface IssuedTemporaryCredential extends IssuedCredential {
  readonly token: IssuedIamToken;
}

/** The emulator's memory of issued tokens and credentials. */
export class IssuedCredentials {
  private readonly tokens = new Map<string, IssuedIamToken>();
  private readonly credentials = new Map<string, IssuedTemporaryCredential>();

  /** Issues a new IAM token (the `X-Subject-Token` value) for `record`. */
  public issueIamToken(record: IssuedIamToken): string {
    const token = `MIIEMU${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, record);
    return token;
  }

  /** The record of an IAM token this emulator issued, if it did. */
  public iamToken(token: string): IssuedIamToken | undefined {
    return this.tokens.get(token);
  }

  /** Issues temporary credentials for `token`, valid until `expiresAt`; returns the access key with them. */
  public issueCredential(token: IssuedIamToken, expiresAt: number): { readonly access: string; readonly credential: IssuedTemporaryCredential } {
    const access = randomAlphanumeric(20).toUpperCase();
    const credential: IssuedTemporaryCredential = {
      secret: randomAlphanumeric(40),
      securityToken: `gQpjbi1ub3J0aC00${randomBytes(96).toString('base64url')}`,
      expiresAt,
      token,
    };
    this.credentials.set(access, credential);
    return { access, credential };
  }

  /** The temporary credential of an access key this emulator issued, if it did. */
  public credential(accessKey: string): IssuedTemporaryCredential | undefined {
    return this.credentials.get(accessKey);
  }
}

/** A 32-hex-digit id derived from `seed`: the same name always gets the same id. */
export function stableId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i += 1) {
    const b = bytes[i % bytes.length];
    if (b < 248) out += alphabet[b % 62];
  }
  return out;
}
