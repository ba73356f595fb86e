/**
 * Issue codes: The fields of one declaration (`WorkloadIdentity`), its bindings and groups.
 * One entry per code; `npm run docs:codes` writes them to docs/error-codes.md.
 */
import type { IssueCodeInfo } from './issue-code-info';

export const DECLARATION_CODES = {
  BINDING_MAPS_TO_NOTHING: {
    severity: 'error',
    side: 'terraform',
    summary: 'A binding maps its ServiceAccount to neither an IAM user nor a group, so the rule would admit it with no identity.',
    fix: 'Set iamUser and/or iamGroups (groups carry the permissions), or grant roles with grants.',
  },
  BINDING_WITHOUT_GROUPS: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A binding has no groups and no grants: the federated user gets an IAM token but no permissions.',
    fix: 'Add the user group whose permissions the workload needs, or grants.',
  },
  CLIENT_ID_REQUIRED: {
    severity: 'error',
    side: 'both',
    summary: 'Bindings use OIDC federation, but the declaration has no clientId (the audience of the projected tokens).',
    fix: 'Set clientId, e.g. "cce-workload-identity"; or put every binding on pod identity (mode: IdentityMode.POD_IDENTITY), which needs none.',
  },
  CONFLICTING_CUSTOM_POLICY: {
    severity: 'error',
    side: 'terraform',
    summary: 'Two different custom policies have the same name; each name is created once.',
    fix: 'Give the policies different names, or use the same one.',
  },
  DEDICATED_GROUP_NAME_TAKEN: {
    severity: 'error',
    side: 'terraform',
    summary: 'A binding\'s grants need a dedicated group whose name the declaration also uses for a shared group, so other ServiceAccounts '
      + 'would get these rights.',
    fix: 'Rename the shared group, or grant through a declared group instead of the binding.',
  },
  DUPLICATE_GROUP: {
    severity: 'error',
    side: 'terraform',
    summary: 'A group is declared twice, or as existing in one place and to be created in another.',
    fix: 'Declare the group once, with existing: true if it already exists in the account.',
  },
  DUPLICATE_IAM_GROUP: {
    severity: 'error',
    side: 'terraform',
    summary: 'A binding lists a group twice.',
    fix: 'List each group once.',
  },
  EXISTING_GROUP_DESCRIPTION: {
    severity: 'error',
    side: 'terraform',
    summary: 'A description is set on an existing group, which is looked up by name only and never changed.',
    fix: 'Remove the description, or let the library create the group (existing: false).',
  },
  GLOBAL_ONLY_NEEDS_DOMAIN_ID: {
    severity: 'error',
    side: 'kubernetes',
    summary: '`globalOnly` is set, but the declaration has no domainId to inject as HUAWEICLOUD_SDK_DOMAIN_ID.',
    fix: 'Set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters).',
  },
  IAM_ENDPOINT_PLAIN_HTTP: {
    severity: 'warning',
    side: 'kubernetes',
    summary: '`iamEndpoint` uses plain http://: the Go SDK turns it into "https://http://...", so only the Node SDK and this package\'s '
      + 'runtime can use it.',
    fix: 'For a local emulator use `cce-workload-identity emulate --tls` and its https:// URL.',
  },
  IAM_USER_REQUIRED: {
    severity: 'error',
    side: 'terraform',
    summary: '`iamUser` is not set, and the ServiceAccount name it defaults to is not a valid IAM user name.',
    fix: 'Set iamUser, e.g. "app-reader".',
  },
  INVALID_BINDING: {
    severity: 'error',
    side: 'both',
    summary: 'A binding (or its token options) is not an object.',
    fix: 'Pass { namespace, serviceAccountName, iamGroups }.',
  },
  INVALID_BINDINGS: {
    severity: 'error',
    side: 'both',
    summary: '`bindings` is not an array of bindings.',
    fix: 'Pass bindings: [{ namespace, serviceAccountName, iamGroups }].',
  },
  INVALID_CLIENT_ID: {
    severity: 'error',
    side: 'both',
    summary: '`clientId` breaks the client ID rule.',
    fix: 'Use the client ID you chose for the identity provider, e.g. "cce-workload-identity".',
  },
  INVALID_DESCRIPTION: {
    severity: 'error',
    side: 'terraform',
    summary: 'The identity provider\'s description is too long or holds control or invisible characters.',
    fix: 'Shorten it, on one line.',
  },
  INVALID_DOMAIN_ID: {
    severity: 'error',
    side: 'both',
    summary: '`domainId` is not an account (domain) ID of 32 lowercase hexadecimal characters.',
    fix: 'Copy the account ID from the console (My Credentials > Account ID).',
  },
  INVALID_ENABLED: {
    severity: 'error',
    side: 'terraform',
    summary: '`enabled` is not a boolean.',
    fix: 'Pass a boolean, or omit it (enabled).',
  },
  INVALID_GLOBAL_ONLY: {
    severity: 'error',
    side: 'kubernetes',
    summary: '`globalOnly` is not a boolean.',
    fix: 'Pass a boolean, or omit it (false).',
  },
  INVALID_GROUPS: {
    severity: 'error',
    side: 'terraform',
    summary: '`groups` is not a list of groups.',
    fix: 'Pass e.g. [{ name: "demo", grants: [...] }].',
  },
  INVALID_GROUP_DESCRIPTION: {
    severity: 'error',
    side: 'both',
    summary: 'A group\'s description is too long or holds control or invisible characters.',
    fix: 'Shorten it, on one line.',
  },
  INVALID_GROUP_EXISTING: {
    severity: 'error',
    side: 'terraform',
    summary: 'A group\'s existing is not a boolean.',
    fix: 'Pass a boolean, or omit it (the library creates the group).',
  },
  INVALID_IAM_ENDPOINT: {
    severity: 'error',
    side: 'kubernetes',
    summary: '`iamEndpoint` is not an IAM endpoint URL.',
    fix: 'Omit it, or use "https://iam.<region>.myhuaweicloud.com".',
  },
  INVALID_IAM_GROUP: {
    severity: 'error',
    side: 'terraform',
    summary: 'A group name breaks IAM\'s user group name rule.',
    fix: 'Use the IAM user group name, e.g. "demo".',
  },
  INVALID_IAM_GROUPS: {
    severity: 'error',
    side: 'terraform',
    summary: '`iamGroups` is not an array of group names.',
    fix: 'Pass e.g. ["demo"].',
  },
  INVALID_IAM_USER: {
    severity: 'error',
    side: 'terraform',
    summary: '`iamUser` breaks IAM\'s user name rule.',
    fix: 'Use a name such as "test" or "app-reader".',
  },
  INVALID_ISSUER: {
    severity: 'error',
    side: 'terraform',
    summary: '`issuer` is not an https URL "https://<host>[:port][/path]" of the allowed length, or it holds credentials.',
    fix: 'Omit it to use the CCE issuer "https://kubernetes.default.svc.cluster.local".',
  },
  INVALID_MOUNT_PATH: {
    severity: 'error',
    side: 'both',
    summary: 'The token\'s mountPath is not an absolute, normalized directory path.',
    fix: 'Use an absolute directory such as "/var/run/secrets/tokens".',
  },
  INVALID_NAMESPACE: {
    severity: 'error',
    side: 'both',
    summary: '`namespace` is not a Kubernetes namespace name (a DNS-1123 label).',
    fix: 'Use the namespace exactly as Kubernetes shows it, e.g. "default".',
  },
  INVALID_PROJECT_ID: {
    severity: 'error',
    side: 'both',
    summary: '`projectId` is not a project ID of 32 lowercase hexadecimal characters.',
    fix: 'Copy the project ID from the console (My Credentials > Projects).',
  },
  INVALID_PROVIDER_NAME: {
    severity: 'error',
    side: 'both',
    summary: '`providerName` breaks IAM\'s identity provider name rule.',
    fix: 'Use e.g. "workload_identity".',
  },
  INVALID_REGION: {
    severity: 'error',
    side: 'both',
    summary: '`region` is not a region ID such as "cn-north-4".',
    fix: 'Use a region ID such as "cn-north-4".',
  },
  INVALID_SERVICE_ACCOUNT_NAME: {
    severity: 'error',
    side: 'both',
    summary: '`serviceAccountName` is not a ServiceAccount name (a DNS-1123 subdomain).',
    fix: 'Use a lowercase name such as "oidc-token".',
  },
  INVALID_TOKEN_EXPIRATION: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The token\'s expirationSeconds is not a whole number of seconds in the range kube-apiserver accepts.',
    fix: 'Use 86400 (the CCE guide\'s value) or at least 600.',
  },
  INVALID_TOKEN_PATH: {
    severity: 'error',
    side: 'both',
    summary: 'The token\'s path is not a relative, normalized file path.',
    fix: 'Use a file name such as "oidc-token".',
  },
  ISSUER_TRAILING_SLASH: {
    severity: 'warning',
    side: 'terraform',
    summary: '`issuer` ends with "/", which must match the cluster\'s issuer character for character.',
    fix: 'Remove the trailing "/" unless the cluster\'s --service-account-issuer really has one (compare with the "iss" of a token).',
  },
  LONG_TOKEN_EXPIRATION: {
    severity: 'warning',
    side: 'kubernetes',
    summary: 'The token\'s expirationSeconds exceeds 24 h; the kubelet rotates it after 24 h anyway, so a longer lifetime only widens the '
      + 'window a leaked token stays valid.',
    fix: 'Use at most 86400.',
  },
  MOUNT_PATH_COLLIDES_WITH_API_TOKEN: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'The token\'s mountPath overlaps the directory where Kubernetes mounts the default API token.',
    fix: 'Use "/var/run/secrets/tokens".',
  },
  NO_BINDINGS: {
    severity: 'error',
    side: 'both',
    summary: '`bindings` is empty: the provider would admit no ServiceAccount.',
    fix: 'Add a binding, e.g. { namespace: "default", serviceAccountName: "oidc-token", iamGroups: ["demo"] }.',
  },
  PLACEHOLDER_DOMAIN_ID: {
    severity: 'warning',
    side: 'both',
    summary: '`domainId` is the placeholder account ID.',
    fix: 'Set the real account ID (IAM console > My Credentials) before deploying.',
  },
  PLACEHOLDER_PROJECT_ID: {
    severity: 'warning',
    side: 'both',
    summary: '`projectId` is the placeholder project ID: pods get a project that does not exist.',
    fix: 'Set the real project ID (My Credentials > Projects) before deploying.',
  },
  PROJECT_ID_REQUIRED: {
    severity: 'error',
    side: 'kubernetes',
    summary: 'A binding\'s pods get no HUAWEICLOUD_SDK_PROJECT_ID (no projectId on the binding or the declaration), which the SDKs need for '
      + 'regional calls.',
    fix: 'Set projectId (32 hex characters) on the declaration or the binding (console: My Credentials > Projects); or set globalOnly: true '
      + '(with domainId) if the workloads only call global services.',
  },
  TOO_MANY_GROUPS: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A binding lists more groups than IAM lets a user belong to.',
    fix: 'Merge groups, or grant the roles to fewer groups.',
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;
