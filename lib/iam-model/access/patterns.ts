/**
 * Subsumption and overlap of IAM `*` patterns, per segment, for the access diff. Pure.
 *
 * A pattern's `*` matches any run of characters (the evaluator's rule, `../policy-evaluator`).
 * - `globCovers(g, s)`: every string `s` matches also matches `g`. Decided by matching `g` against
 *   `s` where each `*` of `s` is a letter only a `*` of `g` can absorb (exact for `*`-only globs).
 * - `globsIntersect(a, b)`: some string matches both; dynamic programming over the two patterns.
 * Both run in O(|a|·|b|) time: patterns are bounded ({@link MAX_PATTERN}), longer ones are treated
 * as not comparable and the caller marks the result uncertain.
 */

/** Longest pattern segment compared (IAM policies are at most 6,144 characters). */
export const MAX_PATTERN = 2048;

/** Whether every string matched by `specific` is matched by `general`. Pure. */
export function globCovers(general: string, specific: string): boolean {
  if (general === specific || general === '*') return true;
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < specific.length) {
    if (p < general.length && general[p] !== '*' && specific[v] !== '*' && general[p] === specific[v]) {
      p += 1;
      v += 1;
    } else if (p < general.length && general[p] === '*') {
      star = p;
      mark = v;
      p += 1;
    } else if (star !== -1) {
      p = star + 1;
      mark += 1;
      v = mark;
    } else {
      return false;
    }
  }
  while (p < general.length && general[p] === '*') p += 1;
  return p === general.length;
}

/** Whether some string matches both patterns. Pure. */
export function globsIntersect(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  if (!a.includes('*') && !b.includes('*')) return false;
  if (!a.includes('*')) return globCovers(b, a);
  if (!b.includes('*')) return globCovers(a, b);
  // reach[i][j]: a[i:] and b[j:] may still produce a common string; filled from the ends.
  const m = a.length;
  const n = b.length;
  let next = new Uint8Array(n + 1);
  let row = new Uint8Array(n + 1);
  for (let i = m; i >= 0; i -= 1) {
    for (let j = n; j >= 0; j -= 1) {
      let ok = false;
      if (i === m && j === n) ok = true;
      else if (i < m && a[i] === '*') {
        ok = next[j] === 1 || (j < n && row[j + 1] === 1);
      } else if (j < n && b[j] === '*') {
        ok = row[j + 1] === 1 || (i < m && next[j] === 1);
      } else if (i < m && j < n) {
        ok = a[i] === b[j] && next[j + 1] === 1;
      }
      row[j] = ok ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}
