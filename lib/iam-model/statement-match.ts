/**
 * Does one policy pattern apply to what is asked? Three answers: `yes`, `no`, or `maybe` with why.
 * Pure. The rule that keeps the policy evaluator from ever answering a false "allowed": a Deny
 * applies when it *may* apply (`maybe` counts as an uncertain deny), an Allow only when it
 * certainly does (`maybe` is not counted). What makes an answer `maybe`:
 *
 * - a `?` in the pattern: whether IAM reads it as a wildcard is UNVERIFIED, so both readings are [unverified:question-mark-wildcard]
 *   tried and a difference is uncertain;
 * - invisible or space characters in the pattern (Unicode Cc, Cf, Z: U+200B, U+FEFF, a trailing
 *   space, …), or a difference in case only (in segments this model compares case-sensitively):
 *   a reviewer reads `secret/*` and IAM might too, so the pattern is also compared with those
 *   characters removed and case folded;
 * - a malformed pattern in a Deny (IAM may read it in a way this model does not).
 *
 * An asked resource holding `*` or `?` is a SET of resources (`obs:*:*:object:*`, or a region left
 * as `*`): a Deny applies when it meets the set (it denies some member, so not every member is
 * allowed), an Allow only when it covers the whole set.
 */
import {
  actionPatternCovers, actionPatternsIntersect, hasWildcard, resourcePatternCovers, resourcePatternsIntersect, type QuestionMark,
} from './patterns';
import { isActionPattern, isResourcePattern } from './policy-document';
import { INVISIBLE_CLASS } from '../contract/invisible';

/** How far a pattern applies. `partial`: an Allow that covers only part of an asked set. */
export interface PatternApplies {
  readonly result: 'yes' | 'no' | 'maybe' | 'partial';
  readonly why?: string;
}

const NO: PatternApplies = { result: 'no' };
const YES: PatternApplies = { result: 'yes' };

/**
 * Invisible and space characters: lib/contract's {@link INVISIBLE_CLASS} (the declaration's own
 * class: Cc, Cf, Cs, Co and every default-ignorable code point) and separators (Z). Linear.
 */
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}\\p{Z}]`, 'u');
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE_CLASS}\\p{Z}]`, 'gu');

/** Whether a string holds an invisible, control or space character. Pure. */
export function hasInvisible(value: string): boolean {
  return INVISIBLE.test(value);
}

/** The first invisible/control/space character as `U+200B at position 3`, or undefined. Pure. */
export function describeInvisible(value: string): string | undefined {
  const match = INVISIBLE.exec(value);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${match.index}`;
}

function loose(value: string): string {
  return value.replace(INVISIBLE_ALL, '').toLowerCase();
}

type Relation = (pattern: string, asked: string, q: QuestionMark) => boolean;

/**
 * Whether an `Action` pattern applies to an asked action (which has no wildcards: questions with
 * wildcards in the action are refused). `effect` decides how a malformed pattern counts.
 */
export function actionApplies(pattern: string, action: string, effect: 'Allow' | 'Deny'): PatternApplies {
  if (pattern === '*') return YES;
  return applies(pattern, action, effect, isActionPattern(pattern), actionPatternCovers, actionPatternsIntersect, false);
}

/** Whether a `Resource` pattern applies to an asked resource URN (which may be a set, see the module doc). */
export function resourceApplies(pattern: string, resource: string, effect: 'Allow' | 'Deny'): PatternApplies {
  if (pattern === '*') return YES;
  return applies(pattern, resource, effect, isResourcePattern(pattern), resourcePatternCovers, resourcePatternsIntersect, hasWildcard(resource));
}

function applies(
  pattern: string, asked: string, effect: 'Allow' | 'Deny', wellFormed: boolean, covers: Relation, intersects: Relation, askedIsSet: boolean,
): PatternApplies {
  const shown = JSON.stringify(pattern);
  if (!wellFormed) {
    return effect === 'Deny' ? { result: 'maybe', why: `its pattern ${shown} is malformed, and IAM may read it otherwise` } : NO;
  }
  const invisible = describeInvisible(pattern);
  const questionMark = pattern.includes('?');
  // A Deny needs to meet the asked set; an Allow to cover it. With a literal asked value both are "matches".
  const relation = effect === 'Deny' ? intersects : covers;
  const wildcardReading = relation(pattern, asked, 'wildcard');
  // The literal reading of `?` is only sound when the asked value has no `?` of its own.
  const literalReading = questionMark && !asked.includes('?') ? relation(pattern, asked, 'literal') : wildcardReading;
  if (invisible === undefined && wildcardReading && (!questionMark || (literalReading && !asked.includes('?')))) return YES;
  if (wildcardReading || literalReading) {
    if (invisible !== undefined) return { result: 'maybe', why: `its pattern ${shown} holds an invisible or space character (${invisible})` };
    return { result: 'maybe', why: `its pattern ${shown} holds "?", which IAM may read as a wildcard or literally` };
  }
  const loosePattern = loose(pattern);
  const looseAsked = asked.toLowerCase();
  if (relation(loosePattern, looseAsked, 'wildcard')) {
    const what = invisible !== undefined ? `an invisible or space character (${invisible})` : 'a difference in case';
    return { result: 'maybe', why: `its pattern ${shown} matches but for ${what}` };
  }
  if (effect === 'Allow' && askedIsSet && intersects(loosePattern, looseAsked, 'wildcard')) {
    return { result: 'partial', why: `its pattern ${shown} covers only part of the asked resources` };
  }
  return NO;
}
