/**
 * Glob patterns as IAM policies write them in `Action` and `Resource`: `*` matches any run of
 * characters (including none), `?` exactly one character, everything else itself. Pure; no
 * regular expressions; every function runs in O(|a| + |b|) except the matchers' single backtrack
 * point (O(|a|·|b|) worst case, never exponential).
 *
 * Whether IAM treats `?` as a wildcard in `Action`/`Resource` is UNVERIFIED (its docs show only [unverified:question-mark-wildcard]
 * `*`): these functions treat it as one; the policy evaluator asks both readings and calls a
 * difference uncertain. Case is the caller's business: these compare characters exactly (the
 * URN/action helpers below apply IAM's case rule per segment).
 *
 * Stable API (used by the access review's diff):
 * - {@link patternMatches}`(pattern, value)`: the literal string `value` is matched by `pattern`;
 * - {@link patternCovers}`(general, specific)`: every string matched by `specific` is matched by
 *   `general`. Sound (never true when some string escapes); it may say false for exotic equivalent
 *   pairs, which makes callers conservative, never wrong;
 * - {@link patternsIntersect}`(a, b)`: some string is matched by both. Exact.
 */

/** How `?` is read: a one-character wildcard (default) or a literal question mark. */
export type QuestionMark = 'wildcard' | 'literal';

/** Whether the literal string `value` is matched by the glob `pattern`. Pure. */
export function patternMatches(pattern: string, value: string, questionMark: QuestionMark = 'wildcard'): boolean {
  const q = questionMark === 'wildcard';
  return greedyMatch(pattern.length, value.length, (p) => pattern[p] === '*', (p, v) => (q && pattern[p] === '?') || pattern[p] === value[v]);
}

/** Whether every string matched by `specific` is matched by `general` (sound; see the module doc). Pure. */
export function patternCovers(general: string, specific: string, questionMark: QuestionMark = 'wildcard'): boolean {
  const q = questionMark === 'wildcard';
  const g = q ? normalize(general) : general;
  const s = q ? normalize(specific) : specific;
  // `specific` read as text over characters + wildcards: g's `*` takes any run of it (its wildcards
  // included), g's `?` one character that is not `*`, g's literal only the same literal.
  return greedyMatch(g.length, s.length, (p) => g[p] === '*', (p, v) => {
    if (s[v] === '*') return false;
    if (q && g[p] === '?') return true;
    if (q && s[v] === '?') return false;
    return g[p] === s[v];
  });
}

/** Whether some string is matched by both patterns. Exact. Pure. */
export function patternsIntersect(a: string, b: string, questionMark: QuestionMark = 'wildcard'): boolean {
  const q = questionMark === 'wildcard';
  const compatible = (x: string, y: string): boolean => x === y || (q && (x === '?' || y === '?'));
  const aStar = a.indexOf('*');
  const bStar = b.indexOf('*');
  if (aStar === -1 && bStar === -1) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!compatible(a[i], b[i])) return false;
    return true;
  }
  if (aStar === -1 || bStar === -1) {
    // One side has a fixed length: match the starred side against it, position by position.
    const [starred, fixed] = aStar === -1 ? [b, a] : [a, b];
    return greedyMatch(starred.length, fixed.length, (p) => starred[p] === '*', (p, v) => compatible(starred[p], fixed[v]));
  }
  // Both have a `*`: the parts before the first `*` must agree on their common length, and so must
  // the parts after the last `*`; the middles then fit between them (each side's stars absorb the other's).
  const aLast = a.lastIndexOf('*');
  const bLast = b.lastIndexOf('*');
  const prefix = Math.min(aStar, bStar);
  for (let i = 0; i < prefix; i += 1) if (!compatible(a[i], b[i])) return false;
  const suffix = Math.min(a.length - aLast - 1, b.length - bLast - 1);
  for (let i = 1; i <= suffix; i += 1) if (!compatible(a[a.length - i], b[b.length - i])) return false;
  return true;
}

/** Whether a string holds a wildcard (`*`, or `?` when it is one). Pure. */
export function hasWildcard(value: string, questionMark: QuestionMark = 'wildcard'): boolean {
  return value.includes('*') || (questionMark === 'wildcard' && value.includes('?'));
}

/** Runs of `*`/`?` rewritten as the `?`s then one `*` (`*?*` → `?*`): same language, easier to compare. */
function normalize(pattern: string): string {
  if (!pattern.includes('*')) return pattern;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] !== '*' && pattern[i] !== '?') {
      out += pattern[i];
      i += 1;
      continue;
    }
    let questions = '';
    let star = false;
    while (i < pattern.length && (pattern[i] === '*' || pattern[i] === '?')) {
      if (pattern[i] === '*') star = true;
      else questions += '?';
      i += 1;
    }
    out += questions + (star ? '*' : '');
  }
  return out;
}

/**
 * Wildcard matching with one backtrack point: `isStar(p)` says the pattern element p takes any run
 * (including none) of the text, `same(p, v)` whether element p takes text element v. Greedy
 * leftmost matching is exact for per-position predicates like these.
 */
function greedyMatch(patternLength: number, textLength: number, isStar: (p: number) => boolean, same: (p: number, v: number) => boolean): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < textLength) {
    if (p < patternLength && !isStar(p) && same(p, v)) {
      p += 1;
      v += 1;
    } else if (p < patternLength && isStar(p)) {
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
  while (p < patternLength && isStar(p)) p += 1;
  return p === patternLength;
}

// ---- IAM actions and resource URNs ----------------------------------------------------------------

/**
 * An action `<service>:<resource type>:<operation>` or URN `<service>:<region>:<account id>:<resource
 * type>:<path>` cut into segments, each with IAM's case rule applied (this model's one rule, UNVERIFIED
 * [unverified:action-case, unverified:resource-case]
 * against IAM: action segments, and a URN's service and resource type, compare case-insensitively;
 * a URN's region, account id and path case-sensitively). `*` alone stands for everything
 * (undefined); a string of the wrong shape gives null.
 */
export function actionSegments(action: string): readonly string[] | undefined | null {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length !== 3 || parts.some((p) => p === '')) return null;
  return parts.map((p) => p.toLowerCase());
}

/** See {@link actionSegments}; the path keeps any further `:`. */
export function resourceSegments(urn: string): readonly string[] | undefined | null {
  if (urn === '*') return undefined;
  const parts = urn.split(':');
  if (parts.length < 5) return null;
  const path = parts.slice(4).join(':');
  if (parts.slice(0, 4).some((p) => p === '') || path === '') return null;
  return [parts[0].toLowerCase(), parts[1], parts[2], parts[3].toLowerCase(), path];
}

/** Whether every action `specific` names is named by `general` (both action patterns; false when either is malformed). Pure. */
export function actionPatternCovers(general: string, specific: string, questionMark: QuestionMark = 'wildcard'): boolean {
  return segmentsCover(actionSegments(general), actionSegments(specific), questionMark);
}

/** Whether some action is named by both action patterns (false when either is malformed). Pure. */
export function actionPatternsIntersect(a: string, b: string, questionMark: QuestionMark = 'wildcard'): boolean {
  return segmentsIntersect(actionSegments(a), actionSegments(b), questionMark);
}

/** Whether every resource `specific` names is named by `general` (both URN patterns; false when either is malformed). Pure. */
export function resourcePatternCovers(general: string, specific: string, questionMark: QuestionMark = 'wildcard'): boolean {
  return segmentsCover(resourceSegments(general), resourceSegments(specific), questionMark);
}

/** Whether some resource is named by both URN patterns (false when either is malformed). Pure. */
export function resourcePatternsIntersect(a: string, b: string, questionMark: QuestionMark = 'wildcard'): boolean {
  return segmentsIntersect(resourceSegments(a), resourceSegments(b), questionMark);
}

function segmentsCover(g: readonly string[] | undefined | null, s: readonly string[] | undefined | null, q: QuestionMark): boolean {
  if (g === null || s === null) return false;
  if (g === undefined) return true;
  if (s === undefined) return g.every((segment) => /^\**$/.test(segment));
  return g.length === s.length && g.every((segment, i) => patternCovers(segment, s[i], q));
}

function segmentsIntersect(a: readonly string[] | undefined | null, b: readonly string[] | undefined | null, q: QuestionMark): boolean {
  if (a === null || b === null) return false;
  if (a === undefined || b === undefined) return true;
  return a.length === b.length && a.every((segment, i) => patternsIntersect(segment, b[i], q));
}
