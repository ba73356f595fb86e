/**
 * Issue codes: Several declarations at once (one synthesis), fleets, pod identity, and the Terraform stack around them.
 * One entry per code; `npm run docs:codes` writes them to docs/error-codes.md.
 */
import type { IssueCodeInfo } from './issue-code-info';

export const CROSS_DECLARATION_CODES = {
  AGENCY_NAME_WITHOUT_POD_IDENTITY: {
    severity: 'error',
    side: 'terraform',
    summary: '`agencyName` is set on a binding that uses OIDC federation, which has no agency.',
    fix: 'Remove agencyName, or set mode: IdentityMode.POD_IDENTITY on the binding (or the declaration).',
  },
  AGENCY_NEEDS_PROVIDER_DOMAIN_ID: {
    severity: 'warning',
    side: 'terraform',
    summary: 'The declaration has pod-identity bindings, but the stack\'s huaweicloud provider block sets no domain_id, which the provider '
      + 'needs to create agencies.',
    fix: 'Set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs).',
  },
  ALL_PROJECTS_NEEDS_PROVIDER_DOMAIN_ID: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A grant applies in all projects (project_id = "all"), but the stack\'s huaweicloud provider block sets no domain_id, which the '
      + 'provider needs to resolve it.',
    fix: 'Set domainId on the HuaweicloudProvider (or HW_DOMAIN_ID where terraform runs).',
  },
  BINDING_DISAGREES_WITH_PROVIDER: {
    severity: 'error',
    side: 'both',
    summary: 'A binding maps to another IAM user or other groups than the same binding of the declaration the other side renders for this '
      + 'identity provider.',
    fix: 'Render both sides from one declaration.',
  },
  BINDING_MODE_DISAGREES: {
    severity: 'error',
    side: 'both',
    summary: 'A binding\'s mode differs from the same binding of the declaration the other side renders for this identity provider: the pods '
      + 'would expect credentials the IAM side does not set up.',
    fix: 'Render both sides from one declaration.',
  },
  BINDING_NOT_IN_PROVIDER: {
    severity: 'error',
    side: 'both',
    summary: 'A binding rendered on the Kubernetes side is missing from the declaration the Terraform side renders for this identity provider, '
      + 'so its tokens would not be admitted.',
    fix: 'Add the binding to the declaration the Terraform side renders (or render both sides from one declaration).',
  },
  DUPLICATE_AGENCY_NAME: {
    severity: 'error',
    side: 'terraform',
    summary: 'Two pod-identity bindings name the same agency; each gets its own, so that no ServiceAccount holds another\'s rights.',
    fix: 'Give the bindings different agencyName values, or omit them.',
  },
  DUPLICATE_BINDING: {
    severity: 'error',
    side: 'both',
    summary: 'One ServiceAccount is bound twice behind one identity provider; it maps to one IAM identity per provider.',
    fix: 'Keep a single binding for it.',
  },
  DUPLICATE_CREATED_GROUP: {
    severity: 'error',
    side: 'terraform',
    summary: 'Two declarations create the same IAM group (or one creates it and another looks it up).',
    fix: 'Declare the group in one declaration, and as { name, existing: true } in the others.',
  },
  DUPLICATE_CUSTOM_POLICY: {
    severity: 'warning',
    side: 'terraform',
    summary: 'Two declarations create a custom policy of the same name; whether IAM accepts two custom policies of one name is not documented.',
    fix: 'Grant the policy through a group declared in one declaration.',
  },
  DUPLICATE_POD_IDENTITY_ASSOCIATION: {
    severity: 'error',
    side: 'both',
    summary: 'A ServiceAccount is bound with pod identity twice in one cluster; CCE allows one pod identity association per ServiceAccount.',
    fix: 'Bind the ServiceAccount in one declaration only.',
  },
  DUPLICATE_PROVIDER: {
    severity: 'error',
    side: 'both',
    summary: 'An identity provider name is declared more than once; IAM keeps one provider and one mapping per name, so they would overwrite '
      + 'each other.',
    fix: 'Declare the provider once and add every binding to that declaration.',
  },
  FLEET_CLUSTER_NOT_RENDERED: {
    severity: 'error',
    side: 'terraform',
    summary: 'A fleet\'s cluster has no identity provider (or agencies) in the Terraform app that renders the fleet, so its pods would be '
      + 'denied or get no credentials.',
    fix: 'Render every cluster of the fleet in one Terraform app, e.g. new WorkloadIdentityFleetProviders(stack, "fleet", { fleet }).',
  },
  FLEET_DUPLICATE_CLUSTER: {
    severity: 'error',
    side: 'both',
    summary: 'A fleet lists a cluster name twice; each cluster has its own provider and output directory.',
    fix: 'List each cluster once.',
  },
  FLEET_DUPLICATE_PROVIDER_NAME: {
    severity: 'error',
    side: 'both',
    summary: 'Two clusters of a fleet get the same identity provider name, so one provider would trust both clusters\' keys.',
    fix: 'Give each cluster a distinct name (or providerName).',
  },
  FLEET_INVALID_BINDINGS: {
    severity: 'error',
    side: 'both',
    summary: 'A fleet\'s bindings are not an array of bindings.',
    fix: 'Pass bindings: [{ namespace, serviceAccountName, iamGroups }], or omit it.',
  },
  FLEET_INVALID_CLUSTER: {
    severity: 'error',
    side: 'both',
    summary: 'An entry of a fleet\'s clusters is not an object.',
    fix: 'Pass { name: "prod-a", jwks: Jwks.fromFile("jwks/prod-a.json") }.',
  },
  FLEET_INVALID_CLUSTER_NAME: {
    severity: 'error',
    side: 'both',
    summary: 'A fleet cluster\'s name is not a DNS-1123 label (it names the cluster\'s provider and output directory).',
    fix: 'Name the cluster as in CCE, in lowercase, e.g. "prod-a".',
  },
  FLEET_INVALID_PROVIDER_NAME: {
    severity: 'error',
    side: 'both',
    summary: 'The provider name derived from a fleet\'s prefix and a cluster name breaks the provider name rule.',
    fix: 'Shorten providerNamePrefix or the cluster name, or give the cluster a providerName.',
  },
  FLEET_INVALID_PROVIDER_NAME_PREFIX: {
    severity: 'error',
    side: 'both',
    summary: 'A fleet\'s providerNamePrefix is not a string usable as the start of a provider name.',
    fix: 'Pass a prefix of letters, digits, "_" and "-", e.g. "workload_identity_", or omit it.',
  },
  FLEET_INVALID_QUOTA: {
    severity: 'error',
    side: 'terraform',
    summary: 'A fleet\'s identityProviderQuota is not a whole number of at least 1.',
    fix: 'Omit it (IAM\'s default quota, 10) or give the quota of the account.',
  },
  FLEET_NO_CLUSTERS: {
    severity: 'error',
    side: 'both',
    summary: 'A fleet lists no clusters, so it declares no identity provider.',
    fix: 'List each cluster with its name and JWKS, e.g. { name: "prod-a", jwks: Jwks.fromFile("jwks/prod-a.json") }.',
  },
  FLEET_QUOTA_EXCEEDED: {
    severity: 'error',
    side: 'terraform',
    summary: 'A fleet\'s clusters need more identity providers than the account\'s quota; IAM refuses those beyond it.',
    fix: 'Split the clusters over several accounts (one fleet each), or ask Huawei Cloud for a higher quota and set identityProviderQuota.',
  },
  GROUP_CREATED_AND_EXISTING: {
    severity: 'error',
    side: 'terraform',
    summary: 'An IAM group is created in one place and looked up as existing in another: the lookup would run before the group exists.',
    fix: 'Declare the group in one declaration, and as { name, existing: true } in the others.',
  },
  HUAWEICLOUD_PROVIDER_MISSING: {
    severity: 'error',
    side: 'terraform',
    summary: 'The Terraform stack has no HuaweicloudProvider, which the identity provider and conversion resources need.',
    fix: 'Add new HuaweicloudProvider(stack, "huaweicloud", { region }) to the stack.',
  },
  INVALID_AGENCY_NAME: {
    severity: 'error',
    side: 'terraform',
    summary: '`agencyName` breaks IAM\'s agency name rule.',
    fix: 'Use a name such as "shop.order-service", or omit it (derived from the provider name, namespace and ServiceAccount).',
  },
  INVALID_CLUSTER_ID: {
    severity: 'error',
    side: 'terraform',
    summary: '`clusterId` is not a CCE cluster ID (a UUID of lowercase hex digits).',
    fix: 'Copy the cluster ID from the CCE console (cluster > Overview), or from Terraform huaweicloud_cce_cluster.<name>.id.',
  },
  INVALID_IDENTITY_MODE: {
    severity: 'error',
    side: 'both',
    summary: '`mode` is neither IdentityMode.OIDC_FEDERATION nor IdentityMode.POD_IDENTITY.',
    fix: 'Pass mode: IdentityMode.POD_IDENTITY, or omit it (OIDC federation).',
  },
  PLACEHOLDER_CLUSTER_ID: {
    severity: 'warning',
    side: 'both',
    summary: '`clusterId` is the placeholder cluster ID: the pod identity associations would name a cluster that does not exist.',
    fix: 'Set the real cluster ID (CCE console > cluster > Overview) before deploying.',
  },
  POD_IDENTITY_ENTERPRISE_PROJECT_GRANT: {
    severity: 'error',
    side: 'terraform',
    summary: 'A grant in an enterprise project reaches a pod-identity agency, but agencies are assigned enterprise project roles by name, which '
      + 'the library does not know from an ID.',
    fix: 'Grant in a project, all projects or on the account instead, or keep this binding on OIDC federation.',
  },
  POD_IDENTITY_GROUP_ROLES_NOT_COPIED: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A pod-identity binding names a group: the agency gets only the roles the declaration grants to that group, not the roles the '
      + 'group has elsewhere.',
    fix: 'Declare the group with its grants, or grant the roles to the binding (grants).',
  },
  POD_IDENTITY_NEEDS_CLUSTER_ID: {
    severity: 'error',
    side: 'terraform',
    summary: 'Bindings use pod identity, but the declaration has no clusterId, which the pod identity association names.',
    fix: 'Set clusterId on the declaration: the CCE cluster ID (CCE console > cluster > Overview).',
  },
  POD_IDENTITY_WITHOUT_GRANTS: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A pod-identity binding grants nothing (neither its own grants nor those of the declared groups it names): its agency holds no roles.',
    fix: 'Add grants to the binding, or name a declared group with grants in iamGroups.',
  },
  PROVIDER_DECLARATIONS_DISAGREE: {
    severity: 'error',
    side: 'both',
    summary: 'The Terraform and Kubernetes sides render one identity provider from declarations that differ, so the tokens mounted would not '
      + 'match what IAM checks.',
    fix: 'Build both apps from one declaration (share the WorkloadIdentity object or the values it is made from).',
  },
  SERVICE_ACCOUNT_BOUND_TWICE: {
    severity: 'error',
    side: 'both',
    summary: 'One ServiceAccount of one cluster is bound by two declarations (or in two modes); its pods would get two competing identities.',
    fix: 'Bind the ServiceAccount in one declaration only, in one mode (to migrate it, change the mode of that one binding: README '
      + '"Migrating a binding"); or, if the declarations are of different clusters, give each its own clusterId.',
  },
  SHARED_SIGNING_KEY: {
    severity: 'error',
    side: 'terraform',
    summary: 'Two providers trust the same signing key with the same issuer and client ID, so a token of one cluster passes both providers.',
    fix: 'Give each provider only its own cluster\'s keys (cce-workload-identity jwks fetch --context <cluster>), or give the providers '
      + 'different client IDs.',
  },
  TOO_MANY_PROVIDERS: {
    severity: 'warning',
    side: 'terraform',
    summary: 'The declarations hold more identity providers than IAM\'s per-account quota, if they go to one account.',
    fix: 'Spread the providers over accounts, or have the quota raised and declare it (WorkloadIdentityFleet identityProviderQuota).',
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;
