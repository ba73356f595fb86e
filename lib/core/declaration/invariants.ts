/**
 * The invariants that bind the Terraform side to the Kubernetes side, derived in this one place.
 * Both sides (and the verification tools) call these functions; no other module spells them out.
 *
 * | invariant                          | Terraform side                     | Kubernetes side                         |
 * |------------------------------------|------------------------------------|-----------------------------------------|
 * | audience = client ID               | access_config.client_id            | serviceAccountToken.audience            |
 * | rule sub = the workload's SA       | remote sub any_one_of              | ServiceAccount + pod serviceAccountName |
 * | signing key = cluster JWKS         | access_config.signing_key          | (cluster signs tokens)                  |
 * | issuer = provider URL              | access_config.provider_url         | (cluster's `iss`)                       |
 * | provider name = X-Idp-Id / URL idp | identity provider name             | HUAWEICLOUD_SDK_IDP_ID                  |
 * | env token file = mounted file      | -                                  | volumeMount + HUAWEICLOUD_SDK_ID_TOKEN_FILE |
 */
import { posix } from 'node:path';
import { SdkEnv } from './constants';

/** The audience a projected token must carry: always the provider's client ID. */
export function tokenAudience(clientId: string): string {
  return clientId;
}

/** The `sub` claim kube-apiserver puts into a ServiceAccount token. */
export function serviceAccountSubject(namespace: string, serviceAccountName: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccountName}`;
}

/** Where the SDK finds the token: the mount path joined with the projected file's path. */
export function tokenFilePath(mountPath: string, path: string): string {
  return posix.join(mountPath, path);
}

/** How a conversion rule's remote condition compares the claim with its values. */
export enum ConversionRuleCondition {
  /** The claim has one of the values. */
  ANY_ONE_OF = 'any_one_of',
  /** The claim has none of the values. */
  NOT_ANY_OF = 'not_any_of',
}

/** A `local` entry of a conversion rule: the federated user, or one of its groups. */
export interface ConversionRuleLocal {
  /** IAM user name of the federated user. @default no user from this entry */
  readonly username?: string;
  /** IAM user group the federated user joins. @default no group from this entry */
  readonly group?: string;
}

/** A `remote` entry of a conversion rule: a condition on one claim of the token. */
export interface ConversionRuleRemote {
  /** Claim name, e.g. `sub`. */
  readonly attribute: string;
  /** How the claim is compared with `value`. */
  readonly condition: ConversionRuleCondition;
  /** The values. */
  readonly value: string[];
}

/** One identity conversion rule, in the provider's `conversion_rules` block shape. */
export interface ConversionRule {
  /** Local identities: the federated user, then one entry per group. */
  readonly local: ConversionRuleLocal[];
  /** Remote conditions: exactly `sub` any_one_of [the ServiceAccount subject]. */
  readonly remote: ConversionRuleRemote[];
}

/** The rule admitting exactly one ServiceAccount as `user` and into `groups` (the CCE guide's rule). */
export function conversionRule(subject: string, user: string, groups: readonly string[]): ConversionRule {
  return {
    local: [{ username: user }, ...groups.map((group) => ({ group }))],
    remote: [{ attribute: 'sub', condition: ConversionRuleCondition.ANY_ONE_OF, value: [subject] }],
  };
}

/** The `access_config` of the identity provider: programmatic access trusting the cluster's keys. */
export interface ProviderAccessConfig {
  /** `program`: token exchange only, no console sign-in. */
  readonly accessType: 'program';
  /** = the token issuer (`iss`). */
  readonly providerUrl: string;
  /** = the token audience. */
  readonly clientId: string;
  /** = the cluster's JWKS, compact JSON. */
  readonly signingKey: string;
}

/** Derives the provider's access configuration. */
export function providerAccessConfig(issuer: string, clientId: string, jwksJson: string): ProviderAccessConfig {
  return { accessType: 'program', providerUrl: issuer, clientId: tokenAudience(clientId), signingKey: jwksJson };
}

/** Inputs of the SDK environment. */
export interface SdkEnvironmentInput {
  /** Identity provider name. */
  readonly providerName: string;
  /** Absolute token file path inside the container. */
  readonly tokenFile: string;
  /** @default not set */
  readonly projectId?: string;
  /** @default not set */
  readonly domainId?: string;
  /** @default not set */
  readonly region?: string;
  /** @default not set */
  readonly iamEndpoint?: string;
}

/** The environment the Huawei Cloud SDKs (and this package's runtime) read for federated auth. */
export function sdkEnvironment(input: SdkEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    [SdkEnv.IDP_ID]: input.providerName,
    [SdkEnv.ID_TOKEN_FILE]: input.tokenFile,
  };
  if (input.projectId !== undefined) env[SdkEnv.PROJECT_ID] = input.projectId;
  if (input.domainId !== undefined) env[SdkEnv.DOMAIN_ID] = input.domainId;
  if (input.region !== undefined) env[SdkEnv.REGION] = input.region;
  if (input.iamEndpoint !== undefined) env[SdkEnv.IAM_ENDPOINT] = input.iamEndpoint;
  return env;
}
