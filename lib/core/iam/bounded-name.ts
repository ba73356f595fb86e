/**
 * Names the library derives (a binding's dedicated group, a preset's custom policy) must fit
 * IAM's length limits and stay unique: a name over the limit is cut, and "-" plus the first 8 hex
 * digits of the SHA-256 of the whole name are appended, so two long names that share a prefix
 * still differ.
 */
import { createHash } from 'node:crypto';

/** `name` itself when at most `max` characters, else its first `max - 9` characters, "-" and 8 hex digits of its SHA-256. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}
