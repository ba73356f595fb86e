/**
 * The key-set arithmetic of a signing-key rotation, pure and without I/O: which of the cluster's
 * keys the identity provider trusts (`jwks diff`), and the key set to deploy while a rotation is
 * under way (`jwks merge`).
 *
 * A key is identified by its content (RFC 7638 thumbprint) AND its `kid`: kube-apiserver puts a
 * `kid` in every token and the emulator picks the key by it, so the right key under another `kid`
 * does not verify a token, and another key under the right `kid` fails its signature. That IAM
 * selects keys the same way (as OIDC verifiers do) is UNVERIFIED. [unverified:iam-key-selection]
 */
import { isJsonObject } from '../contract/json';
import { jwkThumbprint } from '../core/jwks/jwk-thumbprint';
import type { PublicJwk } from '../core/jwks/jwks';

/** How one key compares between the identity provider and the cluster. */
export type KeyStatus = 'present' | 'missing' | 'extra';

/** One line of `jwks diff`. */
export interface KeyComparison {
  /** `present`: served and trusted; `missing`: served, not trusted (tokens denied); `extra`: trusted, not served. */
  readonly status: KeyStatus;
  /** The key's `kid`, if it has one. */
  readonly kid: string | undefined;
  /** RFC 7638 thumbprint (public, derived from the public key). */
  readonly thumbprint: string | undefined;
  /** Key type and algorithm, e.g. `RSA RS256`. */
  readonly type: string;
  /** Why, when the status needs explaining (same kid with other material, same key under another kid). */
  readonly note: string | undefined;
}

/** A retired key (trusted, no longer served by the cluster) and until when it stays trusted. */
export interface RetiredKey {
  /** The key's `kid`, if it has one. */
  readonly kid?: string;
  /** RFC 7638 thumbprint of the key. */
  readonly thumbprint: string;
  /** When a merge first saw that the cluster no longer serves it (ISO 8601, UTC). */
  readonly retiredAt: string;
  /** When a later merge drops it (ISO 8601, UTC). */
  readonly keepUntil: string;
}

/** The retention sidecar `jwks merge` keeps next to the key set it writes. */
export interface RetentionState {
  /** Format version. */
  readonly version: 1;
  /** Retired keys still in the key set. */
  readonly retired: readonly RetiredKey[];
}

/**
 * The longest a retired key may be kept: 366 days. No ServiceAccount token lives longer than a
 * year (kube-apiserver's extended projected tokens are the longest-lived); a later time is a typo.
 */
export const MAX_RETENTION_SECONDS = 366 * 24 * 60 * 60;

/** How far a recorded time may lie in the future of this machine's clock (another machine wrote it): 5 minutes. */
export const RETENTION_CLOCK_SKEW_SECONDS = 300;

/** What `jwks merge` did with one key. */
export interface MergeAction {
  /** `kept`: served and trusted; `added`: served, newly trusted; `retained`: retired, kept for now; `dropped`: retired, retention over. */
  readonly action: 'kept' | 'added' | 'retained' | 'dropped';
  /** The key's `kid`, if it has one. */
  readonly kid: string | undefined;
  /** RFC 7638 thumbprint. */
  readonly thumbprint: string | undefined;
  /** For retired keys: when they were first seen retired. */
  readonly retiredAt?: string;
  /** For retired keys: until when they are (or were) kept. */
  readonly keepUntil?: string;
}

/** Inputs of {@link mergeKeySets}. */
export interface MergeInput {
  /** The key set the identity provider trusts now (the file the declaration reads). */
  readonly trusted: readonly PublicJwk[];
  /** The keys the cluster serves now (`jwks fetch`). */
  readonly cluster: readonly PublicJwk[];
  /** The retention sidecar of the previous merge, if any. */
  readonly state: RetentionState | undefined;
  /** The current time. */
  readonly now: Date;
  /** How long a newly retired key stays trusted, in seconds. */
  readonly retentionSeconds: number;
  /** Keep every retired key (new or recorded) until this time instead. @default recorded or now + retentionSeconds */
  readonly keepOldUntil?: Date;
}

/** Output of {@link mergeKeySets}. */
export interface MergeResult {
  /** The key set to deploy: the cluster's keys, then the retained ones. */
  readonly keys: PublicJwk[];
  /** What happened to each key, cluster keys first. */
  readonly actions: MergeAction[];
  /** The retention sidecar to write. */
  readonly state: RetentionState;
  /** Keys that cannot be merged: a trusted and a served key share a `kid` but differ in content. */
  readonly conflicts: string[];
}

/** `kid X`, or `key <thumbprint>` for a key without `kid`. Public information only. */
export function keyLabel(key: { readonly kid?: unknown; readonly thumbprint?: string }): string {
  if (typeof key.kid === 'string') return `kid ${key.kid}`;
  return `key ${key.thumbprint ?? '(unreadable)'} (no kid)`;
}

/** Compares the keys an identity provider trusts with the keys the cluster serves. Pure. */
export function compareKeySets(trusted: readonly PublicJwk[], cluster: readonly PublicJwk[]): KeyComparison[] {
  const trustedInfo = trusted.map(info);
  const out: KeyComparison[] = [];
  const servedTrusted = new Set<number>();
  for (const key of cluster.map(info)) {
    const verifying = trustedInfo.findIndex((t) => verifies(t, key));
    if (verifying >= 0) {
      out.push({ status: 'present', kid: key.kid, thumbprint: key.thumbprint, type: key.type, note: undefined });
    } else {
      const sameKid = trustedInfo.find((t) => key.kid !== undefined && t.kid === key.kid);
      const sameContent = trustedInfo.find((t) => t.thumbprint !== undefined && t.thumbprint === key.thumbprint);
      const note = sameKid
        ? `the provider trusts a different key under kid ${key.kid}: tokens fail the signature check`
        : sameContent
          ? `the provider trusts this key as ${keyLabel(sameContent)}, but tokens name ${keyLabel(key)}`
          : undefined;
      out.push({ status: 'missing', kid: key.kid, thumbprint: key.thumbprint, type: key.type, note });
    }
    trustedInfo.forEach((t, i) => {
      if (served(t, key)) servedTrusted.add(i);
    });
  }
  trustedInfo.forEach((t, i) => {
    if (!servedTrusted.has(i)) out.push({ status: 'extra', kid: t.kid, thumbprint: t.thumbprint, type: t.type, note: undefined });
  });
  return out;
}

/**
 * The key set to deploy during a rotation: every key the cluster serves, plus each trusted key it
 * no longer serves until that key's retention ends, deduplicated by `kid` and content. Pure.
 *
 * A retired key's retention is recorded in the returned state the first time it is seen retired
 * (now + `retentionSeconds`, or `keepOldUntil`), and a later merge drops the key once that time
 * has passed. `keepOldUntil` also replaces recorded times: the operator's explicit choice wins
 * (e.g. drop a compromised key now).
 */
export function mergeKeySets(input: MergeInput): MergeResult {
  const now = input.now.getTime();
  // Recorded times are whole seconds, rounded up: readable, and never earlier than the real time.
  const recordNow = Math.ceil(now / 1000) * 1000;
  const cluster = input.cluster.map(info);
  const trusted = input.trusted.map(info);
  const conflicts: string[] = [];
  for (const c of cluster) {
    const clash = trusted.find((t) => c.kid !== undefined && t.kid === c.kid && t.thumbprint !== c.thumbprint);
    // Error output redacts long random runs (a kid looks like a secret key): name its first characters.
    if (clash && c.kid !== undefined) conflicts.push(`kid ${c.kid.length > 16 ? `${c.kid.slice(0, 16)}…` : c.kid}: the trusted key set and the `
      + 'cluster hold different keys under this kid');
  }
  const keys: PublicJwk[] = [];
  const actions: MergeAction[] = [];
  const seen = new Set<string>();
  for (const c of cluster) {
    // The cluster's key set is validated (unique kids) before; a repeated key without kid is served once.
    const identity = `${c.kid ?? ''}\n${c.thumbprint ?? ''}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    keys.push(c.jwk);
    actions.push({ action: trusted.some((t) => served(t, c)) ? 'kept' : 'added', kid: c.kid, thumbprint: c.thumbprint });
  }
  const retired: RetiredKey[] = [];
  const retiredSeen = new Set<string>();
  for (const t of trusted) {
    if (cluster.some((c) => served(t, c)) || t.thumbprint === undefined) continue;
    const identity = `${t.kid ?? ''}\n${t.thumbprint}`;
    if (retiredSeen.has(identity)) continue;
    retiredSeen.add(identity);
    const recorded = input.state?.retired.find((r) => r.thumbprint === t.thumbprint && r.kid === t.kid);
    const retiredAt = recorded?.retiredAt ?? iso(recordNow);
    const keepUntil = input.keepOldUntil !== undefined
      ? iso(input.keepOldUntil.getTime())
      : recorded?.keepUntil ?? iso(recordNow + input.retentionSeconds * 1000);
    if (Date.parse(keepUntil) <= now) {
      actions.push({ action: 'dropped', kid: t.kid, thumbprint: t.thumbprint, retiredAt, keepUntil });
      continue;
    }
    keys.push(t.jwk);
    actions.push({ action: 'retained', kid: t.kid, thumbprint: t.thumbprint, retiredAt, keepUntil });
    retired.push({ ...(t.kid === undefined ? {} : { kid: t.kid }), thumbprint: t.thumbprint, retiredAt, keepUntil });
  }
  return { keys, actions, state: { version: 1, retired }, conflicts };
}

/**
 * Reads a retention sidecar; returns the problems instead when it is malformed. Pure. With `now`,
 * times are also bounded: `retiredAt` no later than now (+ {@link RETENTION_CLOCK_SKEW_SECONDS}),
 * `keepUntil` no later than now + {@link MAX_RETENTION_SECONDS} (+ the same skew).
 */
export function parseRetentionState(value: unknown, now?: Date): { state?: RetentionState; problems: string[] } {
  const problems: string[] = [];
  if (!isJsonObject(value)) return { problems: ['must be a JSON object {"version":1,"retired":[...]}'] };
  const record = value as Record<string, unknown>;
  if (record.version !== 1) problems.push('.version must be 1');
  if (!Array.isArray(record.retired)) {
    problems.push('.retired must be an array');
    return { problems };
  }
  const retired: RetiredKey[] = [];
  record.retired.forEach((entry: unknown, i: number) => {
    const at = `.retired[${i}]`;
    if (!isJsonObject(entry)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    if (e.kid !== undefined && (typeof e.kid !== 'string' || e.kid === '')) problems.push(`${at}.kid must be a non-empty string when present`);
    if (typeof e.thumbprint !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(e.thumbprint)) problems.push(`${at}.thumbprint must be an RFC 7638 SHA-256 `
      + 'thumbprint (43 base64url characters)');
    for (const field of ['retiredAt', 'keepUntil'] as const) {
      const time = typeof e[field] === 'string' ? parseTimestamp(e[field] as string) : undefined;
      if (time === undefined) {
        problems.push(`${at}.${field} must be an ISO 8601 time with a time zone on a real calendar day, e.g. "2025-01-31T12:00:00Z"`);
        continue;
      }
      if (now === undefined) continue;
      const skew = RETENTION_CLOCK_SKEW_SECONDS * 1000;
      const latest = field === 'retiredAt' ? now.getTime() + skew : now.getTime() + MAX_RETENTION_SECONDS * 1000 + skew;
      if (time.getTime() > latest) {
        problems.push(field === 'retiredAt'
          ? `${at}.retiredAt ${e[field] as string} lies in the future (more than ${RETENTION_CLOCK_SKEW_SECONDS} s of clock skew); a key is `
            + 'retired when a merge sees it so. Fix: check this machine\'s clock, or set the time when the key was retired'
          : `${at}.keepUntil ${e[field] as string} is more than ${MAX_RETENTION_SECONDS} s (366 days) from now (+ ${RETENTION_CLOCK_SKEW_SECONDS} s `
            + 'of clock skew); no token lives that long. Fix: set an earlier time, or run merge with --keep-old-until');
      }
    }
    retired.push(e as unknown as RetiredKey);
  });
  return problems.length > 0 ? { problems } : { state: { version: 1, retired }, problems };
}

/**
 * Parses an ISO 8601 date-time with seconds and an explicit zone (`Z` or `±hh:mm`); anything else
 * (a date alone, a local time) is ambiguous for a deadline and refused, and so is a day the
 * calendar does not have (2026-02-30: `Date.parse` would roll it over to March 2), an hour past 23,
 * a minute or second past 59, a zone beyond ±23:59.
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

interface KeyInfo {
  readonly jwk: PublicJwk;
  readonly kid: string | undefined;
  readonly thumbprint: string | undefined;
  readonly type: string;
}

function info(jwk: PublicJwk): KeyInfo {
  return {
    jwk,
    kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
    thumbprint: jwkThumbprint(jwk),
    type: [jwk.kty, typeof jwk.alg === 'string' ? jwk.alg : undefined].filter((x) => x !== undefined).join(' '),
  };
}

/**
 * Whether trusted key `t` verifies the tokens signed with served key `c`: same content, and the
 * token's kid (= `c.kid`) selects `t`. A token without kid is tried against every key.
 */
function verifies(t: KeyInfo, c: KeyInfo): boolean {
  return t.thumbprint !== undefined && t.thumbprint === c.thumbprint && (c.kid === undefined || t.kid === c.kid);
}

/**
 * Whether trusted key `t` is still served as `c`: same content, and the same kid (or `t` has none,
 * so `c` is the same key now served with a kid: `c` replaces it).
 */
function served(t: KeyInfo, c: KeyInfo): boolean {
  return t.thumbprint !== undefined && t.thumbprint === c.thumbprint && (t.kid === undefined || t.kid === c.kid);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
