/**
 * Name patterns the declaration (lib/core rules) and the pod runtime (the values it reads from
 * the environment the Kubernetes side injects) must agree on: what one side writes, the other
 * accepts. Part of lib/contract, so it imports nothing. The identity provider name's pattern is
 * with the variable that carries it, in `sdk-env.ts`.
 */

/**
 * Huawei Cloud region ID such as `cn-north-4` or `ap-southeast-1`: two lower-case letters, a
 * lower-case word and a number (the value of `HUAWEICLOUD_SDK_REGION`; also the project name the
 * runtime scopes by when no project ID is known).
 */
export const REGION_PATTERN = /^[a-z]{2}-[a-z]+-[0-9]+$/;

/** Huawei Cloud project ID (the value of `HUAWEICLOUD_SDK_PROJECT_ID`): 32 lower-case hexadecimal characters. */
export const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Huawei Cloud account (domain) ID (the value of `HUAWEICLOUD_SDK_DOMAIN_ID`): 32 lower-case hexadecimal characters. */
export const DOMAIN_ID_PATTERN = /^[0-9a-f]{32}$/;
