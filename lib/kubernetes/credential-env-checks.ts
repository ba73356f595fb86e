/**
 * Credentials a bound container must not bring itself. A container bound to a workload identity
 * gets its credentials from the binding; a second source in its environment competes with it, and
 * which one wins differs by SDK (each SDK's environment provider and provider chain has its own
 * order; they are not compared here). So a bound container may not set:
 * - static credentials, `HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN` (the variables the SDKs read:
 *   REFERENCE.md, "Huawei Cloud SDK federated auth"), in either mode;
 * - with pod identity, the OIDC variables `HUAWEICLOUD_SDK_IDP_ID` / `_ID_TOKEN_FILE` (the SDKs
 *   would try federation with a token the pod does not have);
 * - with OIDC federation, the pod-identity variables `HC_CONTAINER_CREDENTIALS_FULL_URI` /
 *   `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` (the platform sets them only for pod identity).
 *
 * Only `env` entries (a `value` or a `valueFrom`) are seen: variables a container takes from a
 * Secret or ConfigMap through `envFrom` are resolved by the kubelet and cannot be checked here.
 */
import { ContainerCredentialsEnv, SdkEnv } from '../contract/sdk-env';
import { IdentityMode } from '../core/declaration/identity-mode';
import { IssueCollector, IssueSide } from '../core/issues/issues';
import { JsonObject, objectsIn } from './pod-template';

/** The static-credential variables of the Huawei Cloud SDKs. */
export const STATIC_CREDENTIAL_VARIABLES: readonly string[] = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'];

/** What every fix adds: the limit of the check. */
const ENV_FROM_NOTE = 'variables from envFrom (a Secret or ConfigMap) cannot be checked here: make sure none of them provides it either';

/**
 * Reports every competing credential variable of `container` (a bound container of a workload at
 * `where`, the construct path) into `out`. The variable's value is never shown.
 */
export function checkCredentialEnv(container: JsonObject, mode: IdentityMode, where: string, out: IssueCollector): void {
  const name = typeof container.name === 'string' ? container.name : '?';
  const pod = mode === IdentityMode.POD_IDENTITY;
  const other: readonly string[] = pod
    ? [SdkEnv.IDP_ID, SdkEnv.ID_TOKEN_FILE]
    : [ContainerCredentialsEnv.FULL_URI, ContainerCredentialsEnv.AUTHORIZATION_TOKEN_FILE];
  const modeName = pod ? 'pod identity' : 'OIDC federation';
  for (const entry of objectsIn(container, 'env')) {
    const variable = entry.name;
    if (typeof variable !== 'string') continue;
    const from = entry.valueFrom !== undefined ? ' (from a reference)' : '';
    if (STATIC_CREDENTIAL_VARIABLES.includes(variable)) {
      out.error({
        code: 'STATIC_CREDENTIALS_ON_BOUND_CONTAINER',
        path: `${where}.containers[${name}].env.${variable}`,
        rule: `is set${from} on container ${JSON.stringify(name)}, which is bound to a workload identity (${modeName}): static credentials `
          + 'compete with the binding\'s, and which ones an SDK uses differs by SDK',
        fix: `remove ${variable} from the container: the binding provides its credentials (${ENV_FROM_NOTE})`,
        side: IssueSide.KUBERNETES,
      });
    } else if (other.includes(variable)) {
      out.error({
        code: 'OTHER_MODE_VARIABLE_ON_BOUND_CONTAINER',
        path: `${where}.containers[${name}].env.${variable}`,
        rule: `is set${from} on container ${JSON.stringify(name)}, but it belongs to ${pod ? 'OIDC federation' : 'pod identity'} and the binding `
          + `uses ${modeName}: the SDKs would try the other mode's credentials`,
        fix: `remove ${variable} from the container (or change the binding's mode); ${ENV_FROM_NOTE}`,
        side: IssueSide.KUBERNETES,
      });
    }
  }
}
