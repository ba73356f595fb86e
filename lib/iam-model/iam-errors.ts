/**
 * Error types of the IAM federation emulator.
 *
 * Two families:
 * - {@link IamError}: a denial the emulator answers over HTTP. It carries the HTTP status, an
 *   IAM-style `error_code` / `error_msg` pair for the response body, the name of the check that
 *   failed, and an operator-facing `detail`. None of them ever contains a JWT, an IAM token, an
 *   access key secret or a security token.
 * - {@link EmulatorConfigError}: the emulator (or `explain`) cannot be set up from its input,
 *   e.g. the Terraform JSON uses an expression where a literal is needed.
 *
 * The error codes are the emulator's own, stable and descriptive; they are *not* the numeric codes
 * the real IAM returns (those are not published per check). The response shape is IAM's v3.0 one:
 * `{"error_msg": "...", "error_code": "IAM.<Reason>"}`, which the Huawei Cloud SDKs parse into
 * `errorMsg` / `errorCode`.
 */

/** The individual checks a federated sign-in goes through, in the order the emulator makes them. */
export type IamCheck =
  | 'request'
  | 'provider'
  | 'protocol'
  | 'token-format'
  | 'algorithm'
  | 'key'
  | 'signature'
  | 'claims'
  | 'issuer'
  | 'audience'
  | 'expiry'
  | 'not-before'
  | 'issued-at'
  | 'mapping'
  | 'auth-token'
  | 'duration'
  | 'availability'
  | 'authorization'
  | 'association';

/** Every error code the emulator's IAM endpoints can answer with. */
export const IamErrorCode = {
  /** 400: body is not JSON or misses a required member. */
  RequestBodyInvalid: 'IAM.RequestBodyInvalid',
  /** 400: `X-Idp-Id` header missing. */
  IdpIdMissing: 'IAM.IdpIdMissing',
  /** 404: no identity provider with that name. */
  IdpNotFound: 'IAM.IdpNotFound',
  /** 403: the identity provider exists but its `status` is false. */
  IdpDisabled: 'IAM.IdpDisabled',
  /** 400: the identity provider is not an OIDC provider, or the path names another protocol. */
  IdpProtocolMismatch: 'IAM.IdpProtocolMismatch',
  /** 400: the OIDC provider lacks `access_config` (`provider_url`, `client_id`, `signing_key`). */
  IdpNotConfigured: 'IAM.IdpNotConfigured',
  /** 401: the id token is not a compact JWS / JWT. */
  IdTokenMalformed: 'IAM.IdTokenMalformed',
  /** 401: `alg` is `none`, symmetric (HS*), or not one the provider's keys allow. */
  IdTokenAlgorithmNotAllowed: 'IAM.IdTokenAlgorithmNotAllowed',
  /** 401: no key of the provider's `signing_key` matches the token's `kid` / `alg`. */
  IdTokenKeyNotFound: 'IAM.IdTokenKeyNotFound',
  /** 401: the signature does not verify against the provider's signing key. */
  IdTokenSignatureInvalid: 'IAM.IdTokenSignatureInvalid',
  /** 401: a required claim (`iss`, `sub`, `aud`, `exp`, `iat`) is missing or has the wrong type. */
  IdTokenClaimMissing: 'IAM.IdTokenClaimMissing',
  /** 401: `iss` differs from the provider's `provider_url`. */
  IdTokenIssuerMismatch: 'IAM.IdTokenIssuerMismatch',
  /** 401: `aud` does not contain the provider's `client_id`. */
  IdTokenAudienceMismatch: 'IAM.IdTokenAudienceMismatch',
  /** 401: `exp` is in the past (beyond the clock skew). */
  IdTokenExpired: 'IAM.IdTokenExpired',
  /** 401: `nbf` is in the future (beyond the clock skew). */
  IdTokenNotYetValid: 'IAM.IdTokenNotYetValid',
  /** 401: `iat` is in the future (beyond the clock skew). */
  IdTokenIssuedInFuture: 'IAM.IdTokenIssuedInFuture',
  /** 403: no conversion rule of the provider admits the token's claims. */
  MappingNoMatch: 'IAM.MappingNoMatch',
  /** 401: `X-Auth-Token` missing, unknown (not issued by this emulator) or expired. */
  AuthTokenInvalid: 'IAM.AuthTokenInvalid',
  /**
   * 400: `securitytokens` was given a scoped federated token. IAM documents temporary credentials
   * of a federated user as obtained with an unscoped token (API iam_04_0003, iam_13_0605).
   */
  AuthTokenScoped: 'IAM.AuthTokenScoped',
  /** 400: `duration_seconds` outside 900..86400. */
  DurationInvalid: 'IAM.DurationInvalid',
  /** 404: no such IAM API in the emulator. */
  ApiNotFound: 'IAM.ApiNotFound',
  /** 405: wrong HTTP method for the API. */
  MethodNotAllowed: 'IAM.MethodNotAllowed',
  /** 413: request body larger than the emulator accepts. */
  RequestTooLarge: 'IAM.RequestTooLarge',
  /** 414: request URL longer than the emulator accepts. */
  UriTooLong: 'IAM.UriTooLong',
  /** 431: request headers larger than the emulator accepts. */
  HeadersTooLarge: 'IAM.RequestHeadersTooLarge',
  /** 400: not an HTTP request the emulator can parse. */
  MalformedRequest: 'IAM.MalformedRequest',
  /** 408: the request's headers or body did not arrive in time. */
  RequestTimeout: 'IAM.RequestTimeout',
  /** Status chosen by `failNext` / `setDown`: an injected failure. */
  InjectedFailure: 'IAM.InjectedFailure',
} as const;

/** One of the {@link IamErrorCode} values. */
export type IamErrorCodeValue = (typeof IamErrorCode)[keyof typeof IamErrorCode];

/** Error codes the fake cloud service answers with (APIG-style `{"error_msg","error_code"}`). */
export const ServiceErrorCode = {
  /** 401: no `Authorization` header, or not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`. */
  AuthorizationMissing: 'APIGW.AuthorizationMissing',
  /** 401: the access key was never issued by this emulator. */
  AccessKeyUnknown: 'APIGW.AccessKeyUnknown',
  /** 401: the temporary credential has expired. */
  CredentialExpired: 'APIGW.CredentialExpired',
  /** 401: `X-Security-Token` missing, unsigned, or not the one issued with the access key. */
  SecurityTokenInvalid: 'APIGW.SecurityTokenInvalid',
  /** 401: `X-Sdk-Date` missing, unsigned, malformed or more than 15 minutes away from the clock. */
  RequestDateInvalid: 'APIGW.RequestDateInvalid',
  /** 401: a header required to be signed (`host`, `x-sdk-date`, `x-security-token`) is not signed. */
  SignedHeadersIncomplete: 'APIGW.SignedHeadersIncomplete',
  /** 401: the recomputed signature differs. */
  SignatureMismatch: 'APIGW.SignatureMismatch',
  /** 400: `X-Emulator-Action` / `X-Emulator-Resource` / `X-Emulator-Project` malformed. */
  AuthorizationRequestInvalid: 'IAM.AuthorizationRequestInvalid',
  /** 403: the caller's policies do not allow the action named by `X-Emulator-Action` (explicit or implicit deny). */
  ActionDenied: 'IAM.ActionDenied',
} as const;

/** One of the {@link ServiceErrorCode} values. */
export type ServiceErrorCodeValue = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

/**
 * Error codes of the emulated CCE pod identity endpoints (the container-credentials endpoint and
 * `assume-agency-for-pod-identity`). The emulator's own, like {@link IamErrorCode}; CCE's real
 * codes for these cases are not published per check (UNVERIFIED). [unverified:pod-identity-endpoint-errors]
 */
export const PodIdentityErrorCode = {
  /** 400: `Authorization` header (container endpoint) or `token` body member (CCE API) missing. */
  TokenMissing: 'CCE.PodIdentityTokenMissing',
  /** 401: `X-Auth-Token` missing on the CCE API (the caller's own IAM token; not verified by the emulator). */
  AuthTokenMissing: 'CCE.AuthTokenMissing',
  /** 401: the emulator was given no signing keys for the cluster, so it cannot verify its tokens. */
  ClusterKeysMissing: 'CCE.PodIdentityClusterKeysMissing',
  /** 403: no pod identity association binds the token's ServiceAccount in this cluster. */
  AssociationNotFound: 'CCE.PodIdentityAssociationNotFound',
  /** 404: no association in the Terraform names this cluster. */
  ClusterNotFound: 'CCE.ClusterNotFound',
} as const;

/** One of the {@link PodIdentityErrorCode} values. */
export type PodIdentityErrorCodeValue = (typeof PodIdentityErrorCode)[keyof typeof PodIdentityErrorCode];

/** Properties of an {@link IamError}. */
export interface IamErrorProps {
  /** HTTP status of the answer. */
  readonly status: number;
  /** IAM-style `error_code`. */
  readonly code: IamErrorCodeValue | ServiceErrorCodeValue | PodIdentityErrorCodeValue;
  /** Which check failed. */
  readonly check: IamCheck;
  /** The public `error_msg` (short, no secrets). */
  readonly message: string;
  /** Operator-facing explanation (no secrets); @default the message */
  readonly detail?: string;
}

/** A denial answered over HTTP with an IAM-style body. Never carries a secret. */
export class IamError extends Error {
  /** HTTP status of the answer. */
  public readonly status: number;
  /** IAM-style `error_code`, e.g. `IAM.IdTokenAudienceMismatch`. */
  public readonly code: IamErrorCodeValue | ServiceErrorCodeValue | PodIdentityErrorCodeValue;
  /** Which check failed. */
  public readonly check: IamCheck;
  /** Operator-facing explanation of what exactly did not match. */
  public readonly detail: string;

  constructor(props: IamErrorProps) {
    super(props.message);
    this.name = 'IamError';
    this.status = props.status;
    this.code = props.code;
    this.check = props.check;
    this.detail = props.detail ?? props.message;
  }

  /** The response body, IAM v3.0 style. */
  toBody(): { readonly error_msg: string; readonly error_code: string } {
    return { error_msg: this.message, error_code: this.code };
  }
}

/**
 * Every `code` an {@link EmulatorConfigError} can carry: a closed set, stable across releases.
 *
 * @example
 * ```ts
 * try {
 *   await startIamEmulator({ terraform: 'cdktf.out/stacks/app/cdk.tf.json' });
 * } catch (error) {
 *   if (error instanceof EmulatorConfigError && error.code === 'ERR_EMULATOR_NON_LITERAL') {
 *     // the Terraform JSON holds an expression where the emulator needs a literal
 *   }
 *   throw error;
 * }
 * ```
 */
export type EmulatorConfigErrorCode =
  /** The Terraform input could not be read or parsed. */
  | 'ERR_EMULATOR_TERRAFORM_UNREADABLE'
  /** The Terraform input is not shaped like a cdktf `cdk.tf.json`. */
  | 'ERR_EMULATOR_TERRAFORM_INVALID'
  /** An attribute the emulator needs is a Terraform expression (`${…}`) rather than a literal. */
  | 'ERR_EMULATOR_NON_LITERAL'
  /** The provider's `signing_key` is not a usable public JWKS. */
  | 'ERR_EMULATOR_SIGNING_KEY_INVALID'
  /** A conversion targets a provider the input does not declare, or two conversions target one provider. */
  | 'ERR_EMULATOR_CONVERSION_INVALID'
  /** Two identity providers have the same name. */
  | 'ERR_EMULATOR_DUPLICATE_PROVIDER'
  /** Host is not a loopback address and `allowNonLoopback` is not set. */
  | 'ERR_EMULATOR_NON_LOOPBACK_HOST'
  /** An option has an invalid value. */
  | 'ERR_EMULATOR_OPTION_INVALID';

/**
 * The codes of {@link EmulatorConfigError} by purpose, for the emulator's own use.
 * @internal
 */
export const EmulatorConfigErrorCode = {
  TerraformUnreadable: 'ERR_EMULATOR_TERRAFORM_UNREADABLE',
  TerraformInvalid: 'ERR_EMULATOR_TERRAFORM_INVALID',
  NonLiteral: 'ERR_EMULATOR_NON_LITERAL',
  SigningKeyInvalid: 'ERR_EMULATOR_SIGNING_KEY_INVALID',
  ConversionInvalid: 'ERR_EMULATOR_CONVERSION_INVALID',
  DuplicateProvider: 'ERR_EMULATOR_DUPLICATE_PROVIDER',
  NonLoopbackHost: 'ERR_EMULATOR_NON_LOOPBACK_HOST',
  OptionInvalid: 'ERR_EMULATOR_OPTION_INVALID',
} as const satisfies Record<string, EmulatorConfigErrorCode>;

/**
 * The emulator (or `explain`) cannot be set up from its input. The message says where and why;
 * `code` says what, from a closed set ({@link EmulatorConfigErrorCode}).
 */
export class EmulatorConfigError extends Error {
  /** Machine-readable reason. */
  public readonly code: EmulatorConfigErrorCode;

  constructor(code: EmulatorConfigErrorCode, message: string) {
    super(message);
    this.name = 'EmulatorConfigError';
    this.code = code;
  }
}

/** What the table says about one {@link EmulatorConfigErrorCode}. */
export interface EmulatorConfigErrorCodeInfo {
  readonly summary: string;
  readonly fix: string;
}

/**
 * The meaning and usual fix of every {@link EmulatorConfigErrorCode} (complete: checked by the
 * compiler). The command prints them renamed after itself (`ERR_EXPLAIN_NON_LITERAL`, `ERR_JWKS_…`,
 * `ERR_ACCESS_…`); docs/error-codes.md is generated from this table (`npm run docs:codes`).
 * @internal
 */
export const EMULATOR_CONFIG_ERROR_CODES = {
  ERR_EMULATOR_TERRAFORM_UNREADABLE: {
    summary: 'A Terraform input (cdk.tf.json, plan JSON or state) cannot be read, is too large, or is not JSON.',
    fix: 'Synthesize first (`cdktf synth`) and pass cdktf.out/stacks/<stack>/cdk.tf.json, or `terraform show -json` output.',
  },
  ERR_EMULATOR_TERRAFORM_INVALID: {
    summary: 'The Terraform input is JSON, but not shaped like a cdk.tf.json, a plan or a state (or a policy document in it is not one IAM accepts).',
    fix: 'Pass the synthesized cdk.tf.json of the stack that declares the identity provider.',
  },
  ERR_EMULATOR_NON_LITERAL: {
    summary: 'An attribute the tool needs (issuer, client ID, signing key, rule) is a Terraform expression (`${...}`), not a literal.',
    fix: 'Synthesize the value inline (the JWKS JSON string, not `${file(...)}`), or pass `terraform show -json` of a plan, where '
      + 'values are resolved.',
  },
  ERR_EMULATOR_SIGNING_KEY_INVALID: {
    summary: 'The identity provider\'s signing_key is not a usable public JWKS.',
    fix: 'Use Jwks.fromFile with the output of `kubectl get --raw /openid/v1/jwks`.',
  },
  ERR_EMULATOR_CONVERSION_INVALID: {
    summary: 'A conversion rule targets a provider the input does not declare, or two target the same provider.',
    fix: 'Pass every stack of the account together, and keep one conversion resource per provider.',
  },
  ERR_EMULATOR_DUPLICATE_PROVIDER: {
    summary: 'Two identity providers in the inputs have the same name.',
    fix: 'Give each provider its own providerName, or pass only one account\'s stacks.',
  },
  ERR_EMULATOR_NON_LOOPBACK_HOST: {
    summary: 'The emulator was asked to listen on an address other than loopback.',
    fix: 'Use 127.0.0.1 (the default), or `--allow-non-loopback` when a container must reach it.',
  },
  ERR_EMULATOR_OPTION_INVALID: {
    summary: 'An option has an invalid value (a port, a lifetime, a ServiceAccount, an action, a provider name that is not in the input).',
    fix: 'Correct the option the message names.',
  },
} as const satisfies Record<EmulatorConfigErrorCode, EmulatorConfigErrorCodeInfo>;
