/**
 * The reader's shared value helpers (one copy: the two readers' copies had drifted, only one
 * redacted credential-shaped text in messages). Pure.
 */
import { EmulatorConfigError, EmulatorConfigErrorCode } from '../iam-errors';
import { excerpt } from '../../contract/excerpt';

/** `${[data.]<type>.<addr>.<attribute path>}`: a whole-string reference to another block. */
export const REFERENCE = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)\}$/;

export interface Reference {
  /** `data.<type>.<addr>` or `<type>.<addr>`. */
  readonly address: string;
  readonly data: boolean;
  readonly type: string;
  readonly attribute: string;
}

/** Parses a whole-string `${…}` reference. */
export function parseReference(value: string): Reference | undefined {
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const data = match[1] !== undefined;
  return { address: `${data ? 'data.' : ''}${match[2]}.${match[3]}`, data, type: match[2], attribute: match[4] };
}

export function requiredString(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${at} is required (a non-empty string)`);
  return value;
}

export function requiredLiteral(value: unknown, at: string): string {
  return literal(requiredString(value, at), at);
}

export function optionalLiteral(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${at} must be a string`);
  return literal(value, at);
}

export function literal(value: string, at: string): string {
  if (value.includes('${')) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.NonLiteral, `${at} is a Terraform expression (${truncate(value)}); the offline reader `
      + 'needs the literal value');
  }
  return value;
}

export function invalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, message);
}

/** An excerpt of an expression for a message: credential-shaped text redacted first, then cut (lib/contract's excerpt). */
export function truncate(value: string): string {
  return excerpt(value, 'user-text', 77);
}
