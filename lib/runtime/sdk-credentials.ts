/**
 * Lets the Node SDK (`@huaweicloud/huaweicloud-sdk-core`) sign with this runtime's credentials.
 * The Node SDK core (3.1.211) has no pod-identity provider: it reads neither
 * `HC_CONTAINER_CREDENTIALS_FULL_URI` nor `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE`. Its credentials
 * objects (`BasicCredentials`, `GlobalCredentials`) sign every request in `processAuthRequest` with
 * their AK, SK and security token, and exchange an id token only when `idpId` and `idTokenFile` are
 * set (`auth/BaseCredentials.js`). So before each request the wrapper sets the AK/SK/security token
 * from the runtime's cache (which refreshes them ahead of expiry), then lets the SDK sign as usual.
 * No import of the SDK: the object is typed by the methods used.
 */

/** The parts of a Node SDK credentials object (`BasicCredentials`, `GlobalCredentials`) the wrapper uses. */
export interface SdkCredentialsLike {
  /** Sets the access key. */
  withAk(ak: string): unknown;
  /** Sets the secret key. */
  withSk(sk: string): unknown;
  /** Sets the security token (temporary credentials). */
  withSecurityToken(securityToken: string): unknown;
  /** Signs one request (called by the SDK's `HcClient` for every request). */
  processAuthRequest(hcClient: unknown, httpRequest: unknown): Promise<unknown>;
  /** Resolves the project / domain ID (called by the SDK once per client). */
  processAuthParams(hcClient: unknown, region: string): Promise<unknown>;
}

/** The three values the SDK signs with. */
export interface SigningMaterial {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
}

const WRAPPED = Symbol.for('cce-workload-identity.sdkCredentials');

/**
 * Makes `target` fetch its AK/SK/security token from `source` before every use, and returns it.
 * Wrapping twice is refused, as is an object without the methods above.
 * @internal used by `WorkloadIdentityCredentials.sdkCredentials`
 */
export function bindSdkCredentials<T extends SdkCredentialsLike>(target: T, source: () => Promise<SigningMaterial>): T {
  for (const method of ['withAk', 'withSk', 'withSecurityToken', 'processAuthRequest', 'processAuthParams'] as const) {
    if (typeof (target as Partial<SdkCredentialsLike> | undefined)?.[method] !== 'function') {
      throw new TypeError('sdkCredentials() needs a credentials object of @huaweicloud/huaweicloud-sdk-core (BasicCredentials or GlobalCredentials); '
        + `it has no ${method}()`);
    }
  }
  if ((target as unknown as Record<symbol, unknown>)[WRAPPED] === true) {
    throw new TypeError('sdkCredentials(): this credentials object is already bound');
  }
  const refresh = async (): Promise<void> => {
    const material = await source();
    // All three set in one synchronous step, so a request never signs with a mixed pair.
    target.withAk(material.accessKey);
    target.withSk(material.secretKey);
    target.withSecurityToken(material.securityToken);
  };
  const processAuthRequest = target.processAuthRequest.bind(target);
  const processAuthParams = target.processAuthParams.bind(target);
  Object.defineProperties(target, {
    [WRAPPED]: { value: true },
    processAuthRequest: {
      configurable: true,
      value: async (hcClient: unknown, httpRequest: unknown): Promise<unknown> => {
        await refresh();
        return processAuthRequest(hcClient, httpRequest);
      },
    },
    processAuthParams: {
      configurable: true,
      value: async (hcClient: unknown, region: string): Promise<unknown> => {
        await refresh();
        return processAuthParams(hcClient, region);
      },
    },
  });
  return target;
}
