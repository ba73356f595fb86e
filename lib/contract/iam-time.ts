/**
 * IAM's timestamp format (`expires_at`, `issued_at`): `2023-06-28T08:56:33.710000Z`, an ISO 8601
 * UTC time with microseconds. The emulator writes it and the runtime reads it, so both live here.
 * Part of lib/contract: no imports.
 */

/** Writes `ms` (since the epoch) as IAM does: microsecond precision, `Z`. */
export function formatIamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Parses an IAM timestamp (`2026-01-01T00:00:00.000000Z`, any number of fraction digits, `Z` or a
 * `±hh[:]mm` offset, no zone meaning UTC); `undefined` if invalid.
 */
export function parseIamTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1]}.${fraction}${normalizeZone(match[3])}`);
  return Number.isFinite(ms) ? ms : undefined;
}

function normalizeZone(zone: string | undefined): string {
  if (zone === undefined || zone === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}
