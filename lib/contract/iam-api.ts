/**
 * IAM's federation APIs as the runtime calls them and the emulator serves them: the paths and the
 * bounds of `duration_seconds`. Part of lib/contract: no imports.
 */

/**
 * "Obtaining a Token with an OpenID Connect ID Token" (IAM API iam_13_0605): `POST` with
 * `X-Idp-Id` and `{"auth":{"id_token":{"id":"<jwt>"},"scope":…}}`; the IAM token comes back in
 * `X-Subject-Token`.
 */
export const ID_TOKEN_PATH = '/v3.0/OS-AUTH/id-token/tokens';

/**
 * "Obtaining Temporary Access Keys and Security Tokens of a Federated User" (IAM API iam_04_0003):
 * `POST` with `X-Auth-Token: <unscoped IAM token>`.
 */
export const SECURITY_TOKEN_PATH = '/v3.0/OS-CREDENTIAL/securitytokens';

/**
 * `auth.identity.token.duration_seconds` of the security-token API: 15 min to 24 h
 * (terraform-provider-huaweicloud docs/resources/identity_temporary_access_key.md; IAM iam_04_0003).
 * The runtime refuses to ask for more or less, and the emulator answers 400 outside it.
 */
export const SECURITY_TOKEN_DURATION_SECONDS = {
  /** Shortest lifetime IAM grants. */
  min: 900,
  /** Longest lifetime IAM grants. */
  max: 86400,
} as const;
