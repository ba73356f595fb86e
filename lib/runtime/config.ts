/**
 * Configuration: explicit options win over the environment variables the Kubernetes construct
 * injects (the same ones the Huawei Cloud SDKs read). Pure: `resolveConfig` only reads the `env`
 * object it is given.
 */
import { PROVIDER_NAME_PATTERN, SdkEnv } from '../contract/sdk-env';
import { CredentialSource } from './credential-source';
import { ConfigError } from './errors';
import { excerpt } from '../contract/excerpt';
import { isLoopbackHost } from '../contract/loopback';
import { PROJECT_ID_PATTERN, REGION_PATTERN } from '../contract/names';

export { isLoopbackHost };

/** Environment variable names (identical to the Huawei Cloud SDKs'). */
export const ENV = SdkEnv;

/** Where the identity and scope come from. */
export interface IdentityConfigOptions {
  /**
   * Name of the IAM identity provider (sent as `X-Idp-Id`): the declaration's `providerName`.
   * @default env `HUAWEICLOUD_SDK_IDP_ID`
   */
  readonly providerName?: string;
  /**
   * The former name of `providerName`; giving both with different values is a configuration error.
   * @deprecated use `providerName` (removed in the next release)
   * @default none
   */
  readonly idpId?: string;
  /**
   * Path of the projected ServiceAccount token; read afresh for every exchange.
   * @default env `HUAWEICLOUD_SDK_ID_TOKEN_FILE`
   */
  readonly tokenFile?: string;
  /**
   * Project the IAM token is scoped to. When absent, the token is scoped by project name = `region`.
   * @default env `HUAWEICLOUD_SDK_PROJECT_ID`
   */
  readonly projectId?: string;
  /**
   * Region, e.g. `cn-north-4`: derives the IAM endpoint and, without `projectId`, the scope.
   * @default env `HUAWEICLOUD_SDK_REGION`
   */
  readonly region?: string;
  /**
   * IAM endpoint. Must be `https://`, except `http://` on a loopback host (tests/emulators).
   * @default env `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else `https://iam.<region>.myhuaweicloud.com`
   */
  readonly iamEndpoint?: string;
  /**
   * Environment to read the variables from.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Scope of the IAM token. */
export type TokenScope = { readonly project: { readonly id: string } } | { readonly project: { readonly name: string } };

/** Fully resolved identity configuration. */
export interface IdentityConfig {
  /** Always {@link CredentialSource.OIDC_FEDERATION}. */
  readonly source: CredentialSource.OIDC_FEDERATION;
  /** Name of the IAM identity provider (sent as `X-Idp-Id`). */
  readonly providerName: string;
  readonly tokenFile: string;
  readonly projectId?: string;
  readonly region?: string;
  /** Normalised endpoint without trailing slash, e.g. `https://iam.cn-north-4.myhuaweicloud.com`. */
  readonly iamEndpoint: string;
  readonly scope: TokenScope;
}

/** `https://iam.<region>.myhuaweicloud.com`. */
export function defaultIamEndpoint(region: string): string {
  return `https://iam.${region}.myhuaweicloud.com`;
}


/**
 * Validate and normalise an IAM endpoint: absolute URL, `https:` (or `http:` on loopback only),
 * no credentials, query or fragment; trailing slashes removed.
 */
export function normalizeIamEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new ConfigError(`IAM endpoint is not an absolute URL: ${JSON.stringify(excerpt(endpoint, [], 200))}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `IAM endpoint must use https:// (plain http is allowed only on loopback): ${url.protocol}//${url.host}`,
    );
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError('IAM endpoint must not contain credentials');
  if (url.search !== '' || url.hash !== '') throw new ConfigError('IAM endpoint must not contain a query or fragment');
  // Trailing "/" removed by hand: `/\/+$/` backtracks on a long run of "/" that is not at the end.
  let end = url.pathname.length;
  while (end > 0 && url.pathname[end - 1] === '/') end -= 1;
  return `${url.origin}${url.pathname.slice(0, end)}`;
}

function pick(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = explicit ?? env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Resolve options + environment into an {@link IdentityConfig}; throws `ERR_CONFIG_INVALID` listing every problem. */
export function resolveIdentityConfig(options: IdentityConfigOptions = {}): IdentityConfig {
  const env = options.env ?? process.env;
  const aliasConflict = options.providerName !== undefined && options.idpId !== undefined && options.providerName !== options.idpId;
  const providerName = pick(options.providerName ?? options.idpId, env, ENV.IDP_ID);
  const tokenFile = pick(options.tokenFile, env, ENV.ID_TOKEN_FILE);
  const projectId = pick(options.projectId, env, ENV.PROJECT_ID);
  const region = pick(options.region, env, ENV.REGION);
  const endpoint = pick(options.iamEndpoint, env, ENV.IAM_ENDPOINT);

  const problems: string[] = [];
  if (aliasConflict) problems.push('options providerName and idpId (its deprecated alias) differ; give providerName only');
  if (providerName === undefined) problems.push(`identity provider name missing (option providerName or ${ENV.IDP_ID})`);
  else if (!PROVIDER_NAME_PATTERN.test(providerName)) problems.push('identity provider name must be 1-64 letters, digits, "_" or "-"');
  if (tokenFile === undefined) problems.push(`token file path missing (option tokenFile or ${ENV.ID_TOKEN_FILE})`);
  if (projectId !== undefined && !PROJECT_ID_PATTERN.test(projectId)) problems.push('project id must be 32 lower-case hexadecimal characters '
    + `(${ENV.PROJECT_ID}; IAM console > My Credentials > Projects)`);
  if (region !== undefined && !REGION_PATTERN.test(region)) problems.push(`region ${JSON.stringify(region.slice(0, 64))} is not a region ID like `
    + '"cn-north-4" or "ap-southeast-1"');
  if (projectId === undefined && region === undefined) {
    problems.push(`scope missing: set a project id (option projectId or ${ENV.PROJECT_ID}) or a region (option region or ${ENV.REGION})`);
  }
  if (endpoint === undefined && region === undefined) {
    problems.push(`IAM endpoint missing: set option iamEndpoint / ${ENV.IAM_ENDPOINT}, or a region to derive it from`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid workload identity configuration: ${problems.join('; ')}`);

  const iamEndpoint = normalizeIamEndpoint(endpoint ?? defaultIamEndpoint(region as string));
  const scope: TokenScope = projectId !== undefined ? { project: { id: projectId } } : { project: { name: region as string } };
  return {
    source: CredentialSource.OIDC_FEDERATION,
    providerName: providerName as string,
    tokenFile: tokenFile as string,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(region !== undefined ? { region } : {}),
    iamEndpoint,
    scope,
  };
}
