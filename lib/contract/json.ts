/**
 * How every reader of JSON in the package (the runtime reading IAM's answers, the declaration
 * reading a JWKS or a policy, the emulator and the tools reading Terraform) tells a JSON object
 * from the other values. Part of lib/contract: no imports.
 */

/** Whether `value` is a JSON object: an object that is neither `null` nor an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
