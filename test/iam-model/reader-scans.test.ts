/**
 * The reader's scans are written for speed (indexOf, no split): they must answer exactly as the plain
 * versions. The nesting-depth scan (every file and every embedded policy, before JSON.parse) must find
 * the same position as a character-by-character scan on any text, escapes and unterminated strings
 * included; the pattern-shape checks (every action and resource) the same as the split-based rule.
 */
import fc from 'fast-check';
import { isActionPattern, isResourcePattern, nestingDepth } from '../../lib/iam-model';

/** The plain scan: inside a string a backslash skips the next character and a quote ends it. */
function reference(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > max) return i;
    } else if (c === ']' || c === '}') {
      depth -= 1;
    }
  }
  return undefined;
}

test('same answer as the character-by-character scan on any mix of brackets, quotes and backslashes', () => {
  const text = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\\\', '\\"', 'a', ':', ','), { maxLength: 80 }).map((p) => p.join(''));
  fc.assert(fc.property(text, fc.integer({ min: 0, max: 6 }), (t, max) => {
    expect(nestingDepth(t, max)).toBe(reference(t, max));
  }), { numRuns: 3000 });
});

test('brackets inside strings do not count, an escaped quote does not end the string', () => {
  expect(nestingDepth('{"a":"[[[[\\"[[[["}', 2)).toBeUndefined();
  expect(nestingDepth('{"a":"\\\\"[[[}', 2)).toBe(10);
  expect(nestingDepth('"unterminated [[[', 0)).toBeUndefined();
  expect(nestingDepth(`${'['.repeat(100)}${']'.repeat(100)}`, 64)).toBe(64);
});

test('action and resource pattern shapes: the same answer as the split-based rule on any text of segments and colons', () => {
  const action = (p: string): boolean => p === '*' || (p.split(':').length === 3 && p.split(':').every((x) => x.length > 0));
  const resource = (p: string): boolean => {
    if (p === '*') return true;
    const parts = p.split(':');
    return parts.length >= 5 && parts.slice(0, 4).every((x) => x.length > 0) && parts.slice(4).join(':').length > 0;
  };
  const text = fc.array(fc.constantFrom('a', 'obs', ':', '*', '/'), { maxLength: 14 }).map((p) => p.join(''));
  fc.assert(fc.property(text, (t) => {
    expect(isActionPattern(t)).toBe(action(t));
    expect(isResourcePattern(t)).toBe(resource(t));
  }), { numRuns: 5000 });
});
