/** Where a pod's credentials come from (no imports: config, sources and provider share it). */
export enum CredentialSource {
  /** OIDC federation: the projected ServiceAccount token is exchanged at IAM (`HUAWEICLOUD_SDK_IDP_ID`, `HUAWEICLOUD_SDK_ID_TOKEN_FILE`). */
  OIDC_FEDERATION = 'oidc-federation',
  /** CCE pod identity: the platform's credentials endpoint (`HC_CONTAINER_CREDENTIALS_FULL_URI`, `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE`). */
  CONTAINER_CREDENTIALS = 'container-credentials',
}
