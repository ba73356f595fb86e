/**
 * The one definition of "invisible" characters for the package: what the declaration's checks
 * refuse in names and free text (lib/core/validation/rules.ts) and what the offline IAM model treats as a
 * pattern IAM may read otherwise (lib/iam-model/statement-match.ts). Part of lib/contract: pure.
 */

/**
 * Regular-expression class body (for a `u`-flag class `[…]`) of the characters invisible in a
 * console: control (Cc), format (Cf: zero-width space, soft hyphen, bidi controls, tags), lone
 * surrogates (Cs), private use (Co) and every other default-ignorable code point (variation
 * selectors such as U+FE0F, Hangul fillers such as U+3164, the combining grapheme joiner U+034F).
 * Any regex built on it is one character class: a linear scan.
 */
export const INVISIBLE_CLASS = '\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Default_Ignorable_Code_Point}';
