/**
 * Expiry arithmetic, all pure. IAM reports `expires_at` on ITS clock; the pod's clock may differ
 * (skew). The cache therefore works with a *local* expiry: the request start time (local clock)
 * plus the lifetime IAM granted, where the lifetime is measured on IAM's clock only
 * (`expires_at - issued_at`, or `expires_at - Date header`). Without either, `expires_at` is taken
 * at face value.
 */

/** Parse an IAM timestamp (the format is part of lib/contract: the emulator writes it). */
export { parseIamTime } from '../contract/iam-time';

/** Parse an HTTP `Date` header (1 s resolution); `undefined` if absent/invalid. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Inputs of {@link localExpiry}. */
export interface ExpiryInputs {
  /** `expires_at` as reported by IAM (IAM clock, ms). */
  readonly expiresAt: number;
  /** `issued_at` as reported by IAM (IAM clock, ms), when present. */
  readonly issuedAt?: number;
  /** The response's `Date` header (IAM clock, 1 s resolution), when present. */
  readonly serverDate?: number;
  /** Local clock when the request was sent (ms). */
  readonly requestStart: number;
  /** Upper bound of the lifetime (e.g. the requested `duration_seconds`), ms. */
  readonly maxLifetimeMs?: number;
}

/**
 * The local time at which the value expires, corrected for clock skew and never later than
 * `requestStart + maxLifetimeMs`. Conservative: measured from the request start, and the `Date`
 * header's truncation to whole seconds is counted against the lifetime. A `Date` header that
 * would make the value already expired is ignored (face value is used instead).
 */
export function localExpiry(inputs: ExpiryInputs): number {
  const { expiresAt, issuedAt, serverDate, requestStart, maxLifetimeMs } = inputs;
  let lifetime = expiresAt - requestStart; // face value
  if (issuedAt !== undefined && issuedAt < expiresAt) lifetime = expiresAt - issuedAt;
  else if (serverDate !== undefined && expiresAt - serverDate - 1000 > 0) lifetime = expiresAt - serverDate - 1000;
  if (maxLifetimeMs !== undefined) lifetime = Math.min(lifetime, maxLifetimeMs);
  return requestStart + Math.max(0, lifetime);
}

/** When a cached value is refreshed (in the background) and until when it may be served. */
export interface RefreshSchedule {
  /** Local time at which a background refresh starts. */
  readonly refreshAt: number;
  /** Local time after which the value is no longer served (expiry minus margin). */
  readonly usableUntil: number;
  /** Local expiry. */
  readonly expiresAt: number;
}

/** Parameters of {@link refreshSchedule} (ms). */
export interface ScheduleParameters {
  /** Never serve a value that expires within this margin. Clamped to 10% of the lifetime. */
  readonly expiryMarginMs: number;
  /**
   * Start refreshing in the background at least this long before expiry, and no later than when
   * 25% of the lifetime remains; never earlier than half-way through the lifetime.
   */
  readonly refreshAheadMs: number;
}

/**
 * Compute the schedule for a value obtained at `obtainedAt` that expires at `expiresAt` (local).
 * Invariant: `obtainedAt <= refreshAt <= usableUntil <= expiresAt`, and for short lifetimes the
 * refresh still starts no earlier than half-way, so a short-lived value is not refreshed in a loop.
 */
export function refreshSchedule(obtainedAt: number, expiresAt: number, params: ScheduleParameters): RefreshSchedule {
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  const margin = Math.min(Math.max(0, params.expiryMarginMs), lifetime * 0.1);
  const ahead = Math.min(Math.max(params.refreshAheadMs, lifetime * 0.25, margin), lifetime * 0.5);
  const usableUntil = expiresAt - margin;
  const refreshAt = Math.min(expiresAt - ahead, usableUntil);
  return { refreshAt, usableUntil, expiresAt };
}
