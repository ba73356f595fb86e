/**
 * Issue codes: Grants: roles, custom policies and their statements, grant scopes, agencies.
 * One entry per code; `npm run docs:codes` writes them to docs/error-codes.md.
 */
import type { IssueCodeInfo } from './issue-code-info';

export const IAM_CODES = {
  AGENCY_PERMISSIONS_OVER_DEFAULT_QUOTA: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A pod-identity agency would hold more permissions (roles per scope) than IAM\'s default quota per agency; the apply fails unless '
      + 'the quota was raised.',
    fix: 'Merge actions into one custom policy (IamRole.custom), or have the quota raised.',
  },
  AGENCY_TOO_MANY_PERMISSIONS: {
    severity: 'error',
    side: 'terraform',
    summary: 'A pod-identity agency would hold more permissions (roles per scope) than an agency can hold at all, so the apply fails.',
    fix: 'Grant fewer roles: merge actions into one custom policy (IamRole.custom), or drop grants.',
  },
  DUPLICATE_GRANT: {
    severity: 'error',
    side: 'terraform',
    summary: 'The same role is granted twice in the same scope.',
    fix: 'Grant it once.',
  },
  GRANT_NEEDS_DOMAIN_ID: {
    severity: 'error',
    side: 'terraform',
    summary: 'A role is assigned on the account (domain), but the declaration has no domainId.',
    fix: 'Set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters).',
  },
  GRANT_NEEDS_PROJECT_ID: {
    severity: 'error',
    side: 'terraform',
    summary: 'A role is assigned in the workload project, but no projectId says which project that is.',
    fix: 'Set projectId (IAM console > My Credentials > Projects), or pass an explicit GrantScope.project(...) / projectByName(...).',
  },
  GRANT_SCOPE_MISMATCH: {
    severity: 'error',
    side: 'terraform',
    summary: 'A global-services (AX) policy is assigned in a project; IAM grants global services only in the global service project, so it '
      + 'would never apply.',
    fix: 'Use GrantScope.domain() (and set domainId on the declaration).',
  },
  INVALID_GRANT: {
    severity: 'error',
    side: 'terraform',
    summary: 'A grant is not { role: IamRole, scope: GrantScope }.',
    fix: 'Use a preset such as Grants.obsReadOnly("my-bucket"), or grant(IamRole.custom({...}), GrantScope.domain()).',
  },
  INVALID_GRANTS: {
    severity: 'error',
    side: 'terraform',
    summary: '`grants` is not a list of grants.',
    fix: 'Pass e.g. [Grants.obsReadOnly("my-bucket")].',
  },
  INVALID_GRANT_SCOPE: {
    severity: 'error',
    side: 'terraform',
    summary: 'A grant scope is not a valid scope (its project ID, region or enterprise project ID breaks its rule).',
    fix: 'Use GrantScope.domain(), GrantScope.project("<project id>"), GrantScope.projectByName("cn-north-4") or GrantScope.allProjects().',
  },
  INVALID_KMS_KEY_ID: {
    severity: 'error',
    side: 'terraform',
    summary: 'The key ID given to a KMS grant preset is not a KMS key ID.',
    fix: 'Copy the key ID from the DEW console (Key Management Service > key details).',
  },
  INVALID_OBS_BUCKET: {
    severity: 'error',
    side: 'terraform',
    summary: 'The bucket given to an OBS grant preset is not a valid OBS bucket name.',
    fix: 'Use the bucket name exactly as OBS shows it, e.g. "cce-workload-identity-demo".',
  },
  INVALID_POLICY_ACTION: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy statement\'s action is not of the form "<service>:<resource type>:<operation>".',
    fix: 'Copy the action from the service\'s "Permissions and Supported Actions" page, e.g. "obs:object:GetObject".',
  },
  INVALID_POLICY_CONDITION: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy statement\'s conditions are not { <operator>: { <condition key>: [values] } } with a known operator and a valid key.',
    fix: 'Omit conditions, or write e.g. { StringEquals: { "obs:prefix": ["public"] } }.',
  },
  INVALID_POLICY_DESCRIPTION: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy\'s description is too long or holds control or invisible characters.',
    fix: 'Shorten it, or omit it for the default.',
  },
  INVALID_POLICY_DOCUMENT: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy\'s document is not a PolicyDocument.',
    fix: 'Pass PolicyDocument.of(PolicyStatement.allow([...], [...])).',
  },
  INVALID_POLICY_EFFECT: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy statement\'s effect is neither "Allow" nor "Deny".',
    fix: 'Use Effect.ALLOW or Effect.DENY.',
  },
  INVALID_POLICY_NAME: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy\'s name breaks IAM\'s policy name rule.',
    fix: 'Use a name such as "app-obs-read".',
  },
  INVALID_POLICY_RESOURCE: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy statement\'s resource is not a resource URN IAM accepts.',
    fix: 'Write the URN as the service documents it, e.g. "OBS:*:*:bucket:my-bucket" or "OBS:*:*:object:my-bucket/*".',
  },
  INVALID_POLICY_STATEMENT: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy document holds something that is not a PolicyStatement.',
    fix: 'Create it with new PolicyStatement({...}), PolicyStatement.allow or PolicyStatement.deny.',
  },
  INVALID_POLICY_TYPE: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy\'s type is neither "AX" (global services) nor "XA" (project-level services).',
    fix: 'Use PolicyScopeType.GLOBAL or PolicyScopeType.PROJECT.',
  },
  INVALID_ROLE_NAME: {
    severity: 'error',
    side: 'terraform',
    summary: 'A system role\'s name is not a display name IAM knows the form of.',
    fix: 'Use the display name as the IAM console shows it, e.g. "OBS ReadOnlyAccess".',
  },
  INVALID_SMN_TOPIC: {
    severity: 'error',
    side: 'terraform',
    summary: 'The topic given to the SMN grant preset is not a valid SMN topic name.',
    fix: 'Use the topic name shown in the SMN console, e.g. "order-events".',
  },
  POLICY_OVER_LEGACY_LIMIT: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A statement lists more actions or resources than earlier IAM documentation allowed (the current quota page says unlimited).',
    fix: 'Split the statement if IAM rejects the policy.',
  },
  POLICY_STATEMENT_EMPTY_RESOURCES: {
    severity: 'error',
    side: 'terraform',
    summary: 'A statement\'s resources is an empty list, which matches no resource.',
    fix: 'Omit resources to apply the statement to every resource, or list URNs.',
  },
  POLICY_STATEMENT_WITHOUT_ACTIONS: {
    severity: 'error',
    side: 'terraform',
    summary: 'A statement has no actions; IAM requires "Action" in every statement.',
    fix: 'List the actions, e.g. ["obs:object:GetObject"].',
  },
  POLICY_TOO_LONG: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy exceeds IAM\'s limit of characters per custom policy.',
    fix: 'Split it into several custom policies, or use wildcards ("obs:object:Get*") and fewer resources.',
  },
  POLICY_TYPE_MISMATCH: {
    severity: 'error',
    side: 'terraform',
    summary: 'A custom policy\'s type does not fit its actions: global-service actions in a project-level policy, or the reverse, would never apply.',
    fix: 'Use PolicyScopeType.GLOBAL with GrantScope.domain() for global services, PolicyScopeType.PROJECT with a project scope otherwise.',
  },
  POLICY_WILDCARD_ACTION: {
    severity: 'warning',
    side: 'terraform',
    summary: 'An action allows every action of a service, or of every service.',
    fix: 'List only the actions the workload calls, e.g. "obs:object:GetObject", or use a Grants preset.',
  },
  POLICY_WILDCARD_RESOURCE: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A resource matches every resource of a service, or of every service.',
    fix: 'Name the resources, e.g. "OBS:*:*:object:my-bucket/*", or use a Grants preset.',
  },
  POLICY_WITHOUT_STATEMENTS: {
    severity: 'error',
    side: 'terraform',
    summary: 'A policy document holds no statement; IAM requires "Statement".',
    fix: 'Add e.g. PolicyStatement.allow(["obs:object:GetObject"], ["OBS:*:*:object:my-bucket/*"]).',
  },
  TOO_MANY_AGENCIES: {
    severity: 'warning',
    side: 'terraform',
    summary: 'The pod-identity bindings create more agencies than IAM\'s default quota per account; IAM refuses those beyond it.',
    fix: 'Have the agency quota raised (IAM v5 notes: up to 5,000), spread the workloads over accounts, or keep some bindings on OIDC federation.',
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;
