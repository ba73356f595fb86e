import { localExpiry, parseHttpDate, parseIamTime, refreshSchedule } from '../../lib/runtime/expiry';

describe('IAM timestamps', () => {
  test.each([
    ['2026-01-01T00:00:00.000000Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.123456Z', Date.UTC(2026, 0, 1) + 123],
    ['2026-01-01T08:00:00.5+08:00', Date.UTC(2026, 0, 1) + 500],
    ['2026-01-01T08:00:00+0800', Date.UTC(2026, 0, 1)],
  ])('parses %s', (text, ms) => {
    expect(parseIamTime(text)).toBe(ms);
  });

  test.each([undefined, 42, '', 'tomorrow', '2026-13-01T00:00:00Z'])('rejects %p', (value) => {
    expect(parseIamTime(value)).toBeUndefined();
  });

  test('HTTP dates', () => {
    expect(parseHttpDate('Thu, 01 Jan 2026 00:00:00 GMT')).toBe(Date.UTC(2026, 0, 1));
    expect(parseHttpDate(null)).toBeUndefined();
    expect(parseHttpDate('nope')).toBeUndefined();
  });
});

describe('localExpiry (clock skew)', () => {
  const local = Date.UTC(2026, 0, 1, 12);
  test('uses issued_at..expires_at measured on the IAM clock, anchored at the local request start', () => {
    const iamNow = local + 10 * 60_000; // IAM is 10 min ahead
    expect(localExpiry({ expiresAt: iamNow + 3600_000, issuedAt: iamNow, requestStart: local })).toBe(local + 3600_000);
  });

  test('falls back to the Date header (minus its 1 s resolution), then to face value', () => {
    const iamNow = local - 10 * 60_000; // IAM is 10 min behind
    expect(localExpiry({ expiresAt: iamNow + 3600_000, serverDate: iamNow, requestStart: local })).toBe(local + 3599_000);
    expect(localExpiry({ expiresAt: local + 3600_000, requestStart: local })).toBe(local + 3600_000);
  });

  test('an inconsistent Date header is ignored; maxLifetime caps; never before the request', () => {
    expect(localExpiry({ expiresAt: local + 900_000, serverDate: local + 3600_000, requestStart: local })).toBe(local + 900_000);
    expect(localExpiry({ expiresAt: local + 7200_000, requestStart: local, maxLifetimeMs: 900_000 })).toBe(local + 900_000);
    expect(localExpiry({ expiresAt: local - 1, requestStart: local })).toBe(local);
  });
});

describe('refreshSchedule', () => {
  test('24 h IAM token: refresh 6 h ahead (25%), serve until 5 min before expiry', () => {
    const s = refreshSchedule(0, 86_400_000, { expiryMarginMs: 300_000, refreshAheadMs: 900_000 });
    expect(s).toEqual({ refreshAt: 64_800_000, usableUntil: 86_100_000, expiresAt: 86_400_000 });
  });

  test('invariant obtainedAt <= refreshAt <= usableUntil <= expiresAt for any parameters', () => {
    for (const lifetime of [0, 1, 1000, 60_000, 900_000, 3_600_000, 86_400_000]) {
      for (const margin of [0, 60_000, 300_000, 10_000_000]) {
        for (const ahead of [0, 900_000, 100_000_000]) {
          const s = refreshSchedule(5, 5 + lifetime, { expiryMarginMs: margin, refreshAheadMs: ahead });
          expect(s.refreshAt).toBeGreaterThanOrEqual(5);
          expect(s.refreshAt).toBeLessThanOrEqual(s.usableUntil);
          expect(s.usableUntil).toBeLessThanOrEqual(s.expiresAt);
          if (lifetime > 0) expect(s.refreshAt).toBeGreaterThanOrEqual(5 + lifetime / 2);
        }
      }
    }
  });
});
