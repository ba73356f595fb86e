/**
 * The key-set arithmetic behind `jwks diff` and `jwks merge`: keys are identified by content and
 * kid, a retired key stays until its recorded time, and the merged set is always a valid JWKS that
 * holds every key the cluster serves.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { IssueCollector } from '../../lib/core/issues/issues';
import { Jwks, PublicJwk } from '../../lib/core/jwks/jwks';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';
import { compareKeySets, mergeKeySets, parseRetentionState, parseTimestamp, RetentionState } from '../../lib/cli/jwks-rotation';

/** A public EC key with a kube-apiserver-like kid (derived from the key). */
function key(): PublicJwk {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return { use: 'sig', kid: jwkThumbprint(jwk), alg: 'ES256', ...jwk } as PublicJwk;
}

const POOL = Array.from({ length: 6 }, key);
const [OLD, NEW, OTHER] = POOL;
const NOW = new Date('2025-03-01T12:00:00Z');
const HOUR = 3600;

function valid(keys: readonly PublicJwk[]): string[] {
  const issues = new IssueCollector();
  Jwks.fromObject({ keys: [...keys] })._check(issues, 'jwks');
  return issues.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);
}

describe('compareKeySets', () => {
  test('present, missing, extra by kid and content', () => {
    const result = compareKeySets([OLD, OTHER], [OLD, NEW]);
    expect(result.map((r) => [r.status, r.kid])).toEqual([['present', OLD.kid], ['missing', NEW.kid], ['extra', OTHER.kid]]);
  });

  test('the same kid with other key material: missing (signature fails) and the trusted one extra', () => {
    const impostor = { ...NEW, kid: OLD.kid };
    const result = compareKeySets([OLD], [impostor]);
    expect(result.map((r) => r.status)).toEqual(['missing', 'extra']);
    expect(result[0].note).toContain('different key under kid');
  });

  test('the same key under another kid: missing (IAM picks keys by the token\'s kid)', () => {
    const result = compareKeySets([{ ...OLD, kid: 'renamed' }], [OLD]);
    expect(result.map((r) => r.status)).toEqual(['missing', 'extra']);
    expect(result[0].note).toContain('trusts this key as kid renamed');
  });

  test('a served key without kid is present when the content is trusted; the entry under the old kid is no longer served', () => {
    const { kid: _kid, ...noKid } = OLD;
    // Tokens without kid are tried against every key, so the trusted copy verifies them; tokens
    // signed before still name the kid, which the cluster no longer serves.
    expect(compareKeySets([OLD], [noKid as PublicJwk]).map((r) => r.status)).toEqual(['present', 'extra']);
  });

  test('a trusted key without kid does not verify tokens that name a kid', () => {
    const { kid: _kid, ...noKid } = OLD;
    expect(compareKeySets([noKid as PublicJwk], [OLD]).map((r) => r.status)).toEqual(['missing']);
  });
});

describe('mergeKeySets', () => {
  const merge = (trusted: PublicJwk[], cluster: PublicJwk[], state?: RetentionState, now = NOW, extra: { keepOldUntil?: Date } = {}) =>
    mergeKeySets({ trusted, cluster, state, now, retentionSeconds: 2 * HOUR, ...extra });

  test('a rotation keeps the old key, records until when, and is a valid key set', () => {
    const result = merge([OLD], [NEW]);
    expect(result.keys).toEqual([NEW, OLD]);
    expect(result.actions.map((a) => [a.action, a.kid])).toEqual([['added', NEW.kid], ['retained', OLD.kid]]);
    expect(result.state).toEqual({
      version: 1,
      retired: [{ kid: OLD.kid, thumbprint: jwkThumbprint(OLD), retiredAt: '2025-03-01T12:00:00Z', keepUntil: '2025-03-01T14:00:00Z' }],
    });
    expect(valid(result.keys)).toEqual([]);
  });

  test('a later merge keeps the recorded time, then drops the key once it has passed', () => {
    const first = merge([OLD], [NEW]);
    const before = merge(first.keys, [NEW], first.state, new Date('2025-03-01T13:59:59Z'));
    expect(before.keys).toEqual([NEW, OLD]);
    expect(before.state).toEqual(first.state);
    const after = merge(before.keys, [NEW], before.state, new Date('2025-03-01T14:00:00Z'));
    expect(after.keys).toEqual([NEW]);
    expect(after.actions.map((a) => a.action)).toEqual(['kept', 'dropped']);
    expect(after.state.retired).toEqual([]);
  });

  test('--keep-old-until replaces recorded times; a past time drops the key now', () => {
    const first = merge([OLD], [NEW]);
    const later = merge(first.keys, [NEW], first.state, NOW, { keepOldUntil: new Date('2025-03-05T00:00:00Z') });
    expect(later.state.retired[0].keepUntil).toBe('2025-03-05T00:00:00Z');
    expect(later.state.retired[0].retiredAt).toBe(first.state.retired[0].retiredAt);
    const now = merge(first.keys, [NEW], first.state, NOW, { keepOldUntil: NOW });
    expect(now.keys).toEqual([NEW]);
  });

  test('a key the cluster serves again leaves the retention record', () => {
    const first = merge([OLD], [NEW]);
    const back = merge(first.keys, [NEW, OLD], first.state);
    expect(back.actions.map((a) => a.action)).toEqual(['kept', 'kept']);
    expect(back.state.retired).toEqual([]);
  });

  test('deduplicated by content: the cluster\'s copy (with kid) replaces a trusted copy without kid', () => {
    const { kid: _kid, ...noKid } = OLD;
    const result = merge([noKid as PublicJwk], [OLD]);
    expect(result.keys).toEqual([OLD]);
    expect(result.actions.map((a) => a.action)).toEqual(['kept']);
  });

  test('deduplicated by kid: one entry per key', () => {
    const result = merge([OLD, NEW], [NEW, OLD]);
    expect(result.keys).toEqual([NEW, OLD]);
    expect(result.actions.map((a) => a.action)).toEqual(['kept', 'kept']);
  });

  test('the same kid with other material is a conflict', () => {
    const result = merge([OLD], [{ ...NEW, kid: OLD.kid }]);
    expect(result.conflicts).toEqual([
      `kid ${String(OLD.kid).slice(0, 16)}…: the trusted key set and the cluster hold different keys under this kid`,
    ]);
  });

  test('invariants over arbitrary rotations', () => {
    const subset = fc.subarray(POOL.map((_, i) => i), { minLength: 1 });
    fc.assert(fc.property(subset, subset, fc.integer({ min: 0, max: 48 * HOUR }), (t, c, retention) => {
      const trusted = t.map((i) => POOL[i]);
      const cluster = c.map((i) => POOL[i]);
      const result = mergeKeySets({ trusted, cluster, state: undefined, now: NOW, retentionSeconds: retention });
      // every served key is in, nothing is invented, nothing is repeated, and it is a valid JWKS
      for (const k of cluster) expect(result.keys).toContain(k);
      for (const k of result.keys) expect([...trusted, ...cluster]).toContain(k);
      expect(new Set(result.keys.map((k) => k.kid)).size).toBe(result.keys.length);
      expect(valid(result.keys)).toEqual([]);
      // retired keys are kept exactly when the retention is positive
      const retired = trusted.filter((k) => !cluster.includes(k));
      expect(result.state.retired.length).toBe(retention > 0 ? retired.length : 0);
      // and after the merge, diff finds nothing missing
      expect(compareKeySets(result.keys, cluster).filter((r) => r.status === 'missing')).toEqual([]);
      // diff is the set difference
      const diff = compareKeySets(trusted, cluster);
      expect(
        diff
          .filter((r) => r.status === 'missing')
          .map((r) => r.kid)
          .sort(),
      ).toEqual(
        cluster
          .filter((k) => !trusted.includes(k))
          .map((k) => k.kid)
          .sort(),
      );
      expect(diff.filter((r) => r.status === 'extra').map((r) => r.kid).sort()).toEqual(retired.map((k) => k.kid).sort());
    }), { numRuns: 200 });
  });
});

describe('retention file and times', () => {
  test('a state written by merge reads back', () => {
    const { state } = mergeKeySets({ trusted: [OLD], cluster: [NEW], state: undefined, now: NOW, retentionSeconds: HOUR });
    expect(parseRetentionState(JSON.parse(JSON.stringify(state)))).toEqual({ state, problems: [] });
  });

  test.each<[unknown, string]>([
    [[], 'must be a JSON object'],
    [{ version: 2, retired: [] }, '.version must be 1'],
    [{ version: 1 }, '.retired must be an array'],
    [
      { version: 1, retired: [{ thumbprint: 'short', retiredAt: '2025-01-01T00:00:00Z', keepUntil: '2025-01-01T00:00:00Z' }] },
      '.retired[0].thumbprint',
    ],
    [
      { version: 1, retired: [{ thumbprint: jwkThumbprint(OLD), retiredAt: '2025-01-01', keepUntil: '2025-01-01T00:00:00Z' }] },
      '.retired[0].retiredAt',
    ],
    [
      { version: 1, retired: [{ kid: 3, thumbprint: jwkThumbprint(OLD), retiredAt: '2025-01-01T00:00:00Z', keepUntil: '2025-01-01T00:00:00Z' }] },
      '.retired[0].kid',
    ],
  ])('malformed state %j', (value, problem) => {
    const result = parseRetentionState(value);
    expect(result.state).toBeUndefined();
    expect(result.problems.join('; ')).toContain(problem);
  });

  test.each([
    ['2025-01-31T12:00:00Z', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T12:00:00.5+08:00', '2025-01-31T04:00:00.500Z'],
    ['2025-01-31', undefined],
    ['2025-01-31T12:00:00', undefined],
    ['2025-13-31T12:00:00Z', undefined],
    ['tomorrow', undefined],
  ])('timestamp %s', (text, expected) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(expected);
  });
});
