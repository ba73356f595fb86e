import fc from 'fast-check';
import {
  actionPatternCovers, actionPatternsIntersect, patternCovers, patternMatches, patternsIntersect, resourcePatternCovers, resourcePatternsIntersect,
} from '../../lib/iam-model';

/** Reference: a glob as a regular expression (tests only, tiny inputs). */
function reference(pattern: string, value: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** Every string over {a, b, c} up to `max` characters ("c" appears in no pattern: a fresh letter). */
function strings(max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n += 1) {
    layer = layer.flatMap((s) => ['a', 'b', 'c'].map((c) => s + c));
    out.push(...layer);
  }
  return out;
}
const ALL = strings(7);
const pattern = fc.array(fc.constantFrom('a', 'b', '?', '*'), { maxLength: 3 }).map((cs) => cs.join(''));

describe('glob patterns (* and ?)', () => {
  it('patternMatches agrees with a regular-expression reference', () => {
    fc.assert(fc.property(pattern, fc.array(fc.constantFrom('a', 'b', 'c', '?', '*'), { maxLength: 6 }).map((cs) => cs.join('')), (p, v) => {
      expect(patternMatches(p, v)).toBe(reference(p, v));
    }), { numRuns: 500 });
  });

  it('patternsIntersect is exact: true iff some string is matched by both', () => {
    fc.assert(fc.property(pattern, pattern, (a, b) => {
      const witness = ALL.some((s) => s.length <= a.length + b.length && reference(a, s) && reference(b, s));
      expect(patternsIntersect(a, b)).toBe(witness);
    }), { numRuns: 300 });
  });

  it('patternCovers is sound: when true, every string the specific pattern matches the general one matches', () => {
    fc.assert(fc.property(pattern, pattern, (g, s) => {
      if (!patternCovers(g, s)) return;
      for (const w of ALL) if (reference(s, w)) expect(reference(g, w)).toBe(true);
    }), { numRuns: 300 });
  });

  it('patternCovers finds the coverings a reviewer expects', () => {
    expect(patternCovers('*', 'a*b')).toBe(true);
    expect(patternCovers('a*', 'ab*')).toBe(true);
    expect(patternCovers('?*', '*?')).toBe(true);
    expect(patternCovers('*a*', '*a*b*')).toBe(true);
    expect(patternCovers('a?c', 'abc')).toBe(true);
    expect(patternCovers('abc', 'a?c')).toBe(false);
    expect(patternCovers('a*', '*')).toBe(false);
    expect(patternCovers('secret/*', 'secret/x')).toBe(true);
    expect(patternCovers('a?c', 'a?c', 'literal')).toBe(true);
    expect(patternCovers('a?c', 'abc', 'literal')).toBe(false);
  });

  it('runs on long inputs without recursion (a 200,000-character pattern)', () => {
    const long = `${'a*'.repeat(100_000)}b`;
    expect(patternsIntersect(long, `*${'a'.repeat(10)}`)).toBe(false);
    expect(patternMatches(long, 'a'.repeat(100_000))).toBe(false);
    expect(patternCovers('*', long)).toBe(true);
  });
});

describe('actions and URNs (IAM case rule per segment)', () => {
  it('action segments compare case-insensitively', () => {
    expect(actionPatternCovers('OBS:*:*', 'obs:object:GetObject')).toBe(true);
    expect(actionPatternCovers('obs:object:get*', 'obs:object:*')).toBe(false);
    expect(actionPatternsIntersect('obs:object:get*', 'obs:*:GETOBJECT')).toBe(true);
    expect(actionPatternsIntersect('obs:bucket:*', 'obs:object:*')).toBe(false);
    expect(actionPatternCovers('*', 'ecs:server:list')).toBe(true);
    expect(actionPatternCovers('obs:*', 'obs:object:GetObject')).toBe(false); // malformed
  });

  it('a URN\'s service and type ignore case; region, account and path do not', () => {
    expect(resourcePatternCovers('OBS:*:*:OBJECT:b/*', 'obs:*:*:object:b/x')).toBe(true);
    expect(resourcePatternCovers('obs:*:*:object:B/*', 'obs:*:*:object:b/x')).toBe(false);
    expect(resourcePatternsIntersect('obs:cn-north-4:*:object:b/*', 'obs:*:*:object:*')).toBe(true);
    expect(resourcePatternCovers('obs:cn-north-4:*:object:*', 'obs:*:*:object:b/x')).toBe(false);
    expect(resourcePatternCovers('obs:*:*:object:a:b*', 'obs:*:*:object:a:bc')).toBe(true); // the path keeps ':'
    expect(resourcePatternsIntersect('*', 'obs:*:*:bucket:x')).toBe(true);
    expect(resourcePatternCovers('*:*:*:*:*', '*')).toBe(true);
    expect(resourcePatternCovers('obs:*:*:*:*', '*')).toBe(false);
  });
});
