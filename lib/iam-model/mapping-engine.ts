/**
 * IAM identity conversion rules, evaluated the way IAM's (OpenStack Keystone-derived) mapping
 * engine does. Pure: no I/O, no clock.
 *
 * Semantics (Keystone `RuleProcessor`):
 * - A rule matches when **every** remote entry matches. A remote entry needs its attribute present
 *   in the token's claims (a missing or empty claim fails the entry whatever its condition), then:
 *   - `any_one_of`: some claim value is in `value`;
 *   - `not_any_of`: no claim value is in `value`;
 *   - no condition: always matches, and the claim's values become a substitution source: the first
 *     unconditioned remote entry of the rule is `{0}`, the second `{1}`, … usable in `local`.
 * - The locals of all matching rules combine: the first `username` wins (later ones are ignored, as
 *   Keystone does), groups accumulate (deduplicated, in order).
 * - No matching rule, or matches that yield no username → not admitted.
 *
 * Claims are matched by top-level name (`sub`, `aud`, …); strings, numbers and booleans, and arrays
 * of them, are matchable; object-valued claims (e.g. `kubernetes.io`) are treated as absent.
 */

/** Condition of a remote entry. */
export type EmulatedRemoteCondition = 'any_one_of' | 'not_any_of';

/** One `local` entry of a conversion rule (Terraform form). */
export interface EmulatedConversionRuleLocal {
  /** IAM user name of the federated user; may contain `{0}`-style substitutions. @default no user from this entry */
  readonly username?: string;
  /** IAM user group the federated user joins; may contain `{0}`-style substitutions. @default no group from this entry */
  readonly group?: string;
}

/** One `remote` entry of a conversion rule (Terraform form). */
export interface EmulatedConversionRuleRemote {
  /** Claim name, e.g. `sub`. */
  readonly attribute: string;
  /** How `value` is compared with the claim. @default none (the claim only has to be present; its value feeds `{N}`) */
  readonly condition?: EmulatedRemoteCondition;
  /** Values for `condition`. @default none */
  readonly value?: readonly string[];
}

/** A conversion rule (Terraform `conversion_rules` block). */
export interface EmulatedConversionRule {
  /** Identity the federated user gets when the rule matches. */
  readonly local: readonly EmulatedConversionRuleLocal[];
  /** Conditions on the token's claims; all must hold. */
  readonly remote: readonly EmulatedConversionRuleRemote[];
}

/** Token claims, as verified. */
export type Claims = Readonly<Record<string, unknown>>;

/** How one remote entry fared. */
export interface RemoteEvaluation {
  /** Index of the entry in the rule's `remote` list. */
  readonly index: number;
  /** The entry's attribute. */
  readonly attribute: string;
  /** The entry's condition, if any. */
  readonly condition: EmulatedRemoteCondition | undefined;
  /** Whether it matched. */
  readonly matched: boolean;
  /** Human explanation, e.g. `sub "system:serviceaccount:default:x" is not any of ["…"]`. */
  readonly reason: string;
}

/** How one rule fared. */
export interface RuleEvaluation {
  /** Index of the rule in `conversion_rules`. */
  readonly index: number;
  /** Whether every remote entry matched (and substitution succeeded). */
  readonly matched: boolean;
  /** Per remote entry. */
  readonly remotes: readonly RemoteEvaluation[];
  /** Username this rule yields (after substitution), when it matched and has one. */
  readonly username: string | undefined;
  /** Groups this rule yields (after substitution), when it matched. */
  readonly groups: readonly string[];
  /** Why a rule whose remotes all matched still failed (bad substitution), if it did. */
  readonly error: string | undefined;
}

/** Result of evaluating all rules against a token's claims. */
export type MappingResult =
  | {
      readonly admitted: true;
      /** The federated user's name. */
      readonly username: string;
      /** The user groups the federated user joins. */
      readonly groups: readonly string[];
      /** Indexes of the rules that matched. */
      readonly matchedRules: readonly number[];
      /** Per-rule details. */
      readonly rules: readonly RuleEvaluation[];
      /** Non-fatal notes (e.g. a later matching rule's username ignored). */
      readonly warnings: readonly string[];
    }
  | {
      readonly admitted: false;
      /** One-line reason. */
      readonly reason: string;
      /** Per-rule details. */
      readonly rules: readonly RuleEvaluation[];
    };

/** Evaluates conversion rules against claims. Pure. */
export function evaluateConversionRules(rules: readonly EmulatedConversionRule[], claims: Claims): MappingResult {
  const evaluations = rules.map((rule, index) => evaluateRule(rule, index, claims));
  const matched = evaluations.filter((r) => r.matched);
  if (matched.length === 0) {
    return { admitted: false, reason: noMatchReason(evaluations), rules: evaluations };
  }
  const warnings: string[] = [];
  let username: string | undefined;
  const groups: string[] = [];
  for (const rule of matched) {
    if (rule.username !== undefined) {
      if (username === undefined) username = rule.username;
      else if (rule.username !== username) {
        warnings.push(`rule #${rule.index} also matched; its username "${rule.username}" is ignored (the first matching rule's "${username}" wins)`);
      }
    }
    for (const group of rule.groups) if (!groups.includes(group)) groups.push(group);
  }
  if (username === undefined) {
    return {
      admitted: false,
      reason: `rule(s) ${matched.map((r) => `#${r.index}`).join(', ')} matched but none sets a username`,
      rules: evaluations,
    };
  }
  return { admitted: true, username, groups, matchedRules: matched.map((r) => r.index), rules: evaluations, warnings };
}

/** The values of a claim as the mapping engine sees them, or undefined when absent/unmatchable. Pure. */
export function claimValues(claims: Claims, attribute: string): string[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(claims, attribute)) return undefined;
  const value = claims[attribute];
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else return undefined;
  }
  return out.length === 0 ? undefined : out;
}

function evaluateRule(rule: EmulatedConversionRule, index: number, claims: Claims): RuleEvaluation {
  const remotes = rule.remote.map((remote, i) => evaluateRemote(remote, i, claims));
  const allMatched = remotes.every((r) => r.matched);
  if (!allMatched) {
    return { index, matched: false, remotes, username: undefined, groups: [], error: undefined };
  }
  const directMaps = rule.remote
    .filter((remote) => remote.condition === undefined)
    .map((remote) => claimValues(claims, remote.attribute) ?? []);
  try {
    let username: string | undefined;
    const groups: string[] = [];
    for (const local of rule.local) {
      if (local.username !== undefined && username === undefined) {
        const values = substitute(local.username, directMaps);
        if (values.length !== 1) {
          throw new Error(`username "${local.username}" substitutes to ${values.length} values; it needs exactly one`);
        }
        username = values[0];
      }
      if (local.group !== undefined) {
        for (const group of substitute(local.group, directMaps)) if (!groups.includes(group)) groups.push(group);
      }
    }
    return { index, matched: true, remotes, username, groups, error: undefined };
  } catch (error) {
    return { index, matched: false, remotes, username: undefined, groups: [], error: (error as Error).message };
  }
}

function evaluateRemote(remote: EmulatedConversionRuleRemote, index: number, claims: Claims): RemoteEvaluation {
  const base = { index, attribute: remote.attribute, condition: remote.condition };
  const values = claimValues(claims, remote.attribute);
  if (values === undefined) {
    const present = Object.prototype.hasOwnProperty.call(claims, remote.attribute);
    return {
      ...base,
      matched: false,
      reason: present
        ? `claim "${remote.attribute}" is not a string, number, boolean or list of them`
        : `claim "${remote.attribute}" is missing from the token`,
    };
  }
  const shown = show(values);
  const expected = remote.value ?? [];
  switch (remote.condition) {
    case undefined:
      return { ...base, matched: true, reason: `claim "${remote.attribute}" is present (${shown})` };
    case 'any_one_of': {
      const hit = values.some((v) => expected.includes(v));
      return {
        ...base,
        matched: hit,
        reason: `${remote.attribute} ${shown} ${hit ? 'is' : 'is not'} any of ${JSON.stringify(expected)}`,
      };
    }
    case 'not_any_of': {
      const hit = values.filter((v) => expected.includes(v));
      return {
        ...base,
        matched: hit.length === 0,
        reason: hit.length === 0
          ? `${remote.attribute} ${shown} is none of ${JSON.stringify(expected)}`
          : `${remote.attribute} ${shown} is excluded by not_any_of ${JSON.stringify(expected)}`,
      };
    }
    default:
      return assertNever(remote.condition);
  }
}

const PLACEHOLDER = /\{(\d+)\}/g;

/** Expands `{N}` placeholders; a placeholder over a multi-valued source expands to one string per value. */
function substitute(template: string, directMaps: readonly (readonly string[])[]): string[] {
  let results = [''];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const position = match.index ?? 0;
    const literalPart = template.slice(last, position);
    const n = Number(match[1]);
    const source = directMaps[n];
    if (source === undefined) {
      throw new Error(`"${template}" refers to {${n}} but the rule has only ${directMaps.length} unconditioned remote `
        + `entr${directMaps.length === 1 ? 'y' : 'ies'}`);
    }
    results = results.flatMap((prefix) => source.map((value) => prefix + literalPart + value));
    last = position + match[0].length;
  }
  const tail = template.slice(last);
  return results.map((prefix) => prefix + tail);
}

function noMatchReason(evaluations: readonly RuleEvaluation[]): string {
  if (evaluations.length === 0) return 'the provider has no conversion rules';
  const parts = evaluations.map((r) => {
    if (r.error) return `rule #${r.index}: ${r.error}`;
    const failed = r.remotes.find((x) => !x.matched);
    return `rule #${r.index}: ${failed ? failed.reason : 'no match'}`;
  });
  return `no conversion rule matched (${parts.join('; ')})`;
}

function show(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
}

function assertNever(value: never): never {
  throw new Error(`unexpected condition ${String(value)}`);
}
