/**
 * Issue codes: The Kubernetes side: `WorkloadServiceAccount` and the workloads bound to it.
 * One entry per code; `npm run docs:codes` writes them to docs/error-codes.md.
 */
import type { IssueCodeInfo } from './issue-code-info';

export const KUBERNETES_CODES = {
  CONTAINER_ADDED_AFTER_BIND: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A container was added to a bound workload after bind(), so it has neither the token nor the SDK environment.',
    fix: 'Add containers before calling bind(), or pass bind(workload, { containers: [...] }) to choose.',
  },
  DUPLICATE_SERVICE_ACCOUNT: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A ServiceAccount is created twice in one namespace.',
    fix: 'Create one WorkloadServiceAccount per binding and bind every workload to it.',
  },
  ENV_CONFLICT: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound container sets a variable that bind() sets to another value.',
    fix: 'Do not set the variable on the container yourself; bind() sets it.',
  },
  INVALID_CONTAINERS: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The containers option of bind() is not a non-empty array of container names.',
    fix: 'Pass bind(workload, { containers: ["app"] }), or omit containers to bind all.',
  },
  INVALID_METADATA: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'ServiceAccount labels or annotations are not an object of strings.',
    fix: 'Pass e.g. labels: { "app.kubernetes.io/name": "shop" }.',
  },
  INVALID_METADATA_KEY: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A label or annotation key is not a Kubernetes qualified name.',
    fix: 'Use a key such as "app.kubernetes.io/name".',
  },
  INVALID_METADATA_VALUE: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A label value breaks Kubernetes\' label value rule (or a value is not a string).',
    fix: 'Use at most 63 letters, digits, "-", "_" and ".".',
  },
  INVALID_VOLUME_NAME: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The volumeName option of bind() is not a DNS-1123 label.',
    fix: 'Pass bind(workload, { volumeName: "workload-identity-token" }) or another DNS-1123 label.',
  },
  MOUNT_HIDES_TOKEN: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'Another volume is mounted inside the token directory and can hide the token file.',
    fix: 'Mount it elsewhere, or set token.mountPath of the binding to another directory.',
  },
  MOUNT_PATH_IN_USE: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'Another volume is mounted at the token\'s mountPath.',
    fix: 'Set token.mountPath of the binding to a free directory, or move that mount.',
  },
  NAMESPACE_MISMATCH: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound workload is in another namespace than its ServiceAccount; a pod can only run as a ServiceAccount of its own namespace.',
    fix: 'Set the workload\'s metadata.namespace (or the chart\'s namespace) to the binding\'s namespace.',
  },
  OTHER_MODE_VARIABLE_ON_BOUND_CONTAINER: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound container sets a variable of the other identity mode, so the SDKs would try that mode\'s credentials.',
    fix: 'Remove the variable from the container (or change the binding\'s mode).',
  },
  STATIC_CREDENTIALS_ON_BOUND_CONTAINER: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound container sets static credentials (an access key), which compete with the binding\'s.',
    fix: 'Remove the variable from the container: the binding provides its credentials.',
  },
  UNKNOWN_CONTAINER: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The containers option of bind() names a container the workload does not have.',
    fix: 'Name an existing container, or omit containers to bind all.',
  },
  UNSUPPORTED_WORKLOAD: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The object passed to bind() is not a workload whose pod spec the library can find.',
    fix: 'Bind a cdk8s-plus workload, a KubeDeployment-like import or an ApiObject of a workload kind.',
  },
  VOLUME_NAME_IN_USE: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The token volume\'s name is already the name of another volume of the pod.',
    fix: 'Pass bind(workload, { volumeName: "<a free name>" }).',
  },
  WORKLOAD_ALREADY_BOUND: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A workload is bound to two ServiceAccounts; a pod runs as one.',
    fix: 'Bind each workload once.',
  },
  WORKLOAD_HAS_NO_CONTAINERS: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A workload has no containers when bound, so none would get the token.',
    fix: 'Add containers before calling bind().',
  },
  WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound workload already runs as another ServiceAccount.',
    fix: 'Remove serviceAccount from the workload, or bind the binding of that ServiceAccount.',
  },
  WORKLOAD_IN_OTHER_APP: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A workload is bound to a ServiceAccount of another cdk8s App.',
    fix: 'Create a WorkloadServiceAccount for the binding in the workload\'s own app (one per app) and bind the workload to that one.',
  },
  WORKLOAD_RENDER_FAILED: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A bound workload cannot be rendered, so the binding cannot be checked.',
    fix: 'Fix the workload so that cdk8s can render it (a cdk8s-plus workload needs at least one container).',
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;
