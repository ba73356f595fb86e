/**
 * Validation of one binding's own fields: names, groups, grants, scope (project or global-only)
 * and the projected token. Cross-binding checks (duplicates, dedicated group names) are the
 * declaration's (workload-identity-checks.ts).
 */
import {
  DEFAULT_API_TOKEN_MOUNT_PATH, DEFAULT_TOKEN_EXPIRATION_SECONDS, DEFAULT_TOKEN_MOUNT_PATH, DEFAULT_TOKEN_PATH,
  KUBELET_MAX_REFRESH_SECONDS, MAX_GROUPS_PER_USER, MAX_TOKEN_EXPIRATION_SECONDS, MIN_TOKEN_EXPIRATION_SECONDS, PLACEHOLDER_PROJECT_ID,
} from '../declaration/constants';
import { bindingContext } from '../iam/grant-plan';
import { IssueCollector, IssueSide } from '../issues/issues';
import {
  describeType, iamGroupNameRule, iamUserNameRule, mountPathRule, namespaceRule, projectIdRule, regionRule, secretKind,
  serviceAccountNameRule, suggestDnsName, tokenPathRule,
} from './rules';
import { FieldChecker } from './field-checker';
import { checkGrants } from './grant-checks';
import { IdentityMode } from '../declaration/identity-mode';
import type { ServiceAccountBindingView } from '../declaration/types';

/** Checks `binding`'s own fields; `base` is the declaration's path. */
export function checkBinding(out: IssueCollector, binding: ServiceAccountBindingView, base: string): void {
  const path = `${base}.bindings[${binding.index}]`;
  const bindingIndex = binding.index;
  // The exact string is checked, then the field's rule; the collector never echoes a credential.
  const fields = new FieldChecker(out, path, { side: IssueSide.BOTH, bindingIndex });
  for (const { field, value } of binding._notObjects) {
    out.error({
      code: 'INVALID_BINDING',
      path: `${path}${field}`,
      rule: `must be an object (got ${describeType(value)})`,
      fix: field === '' ? 'pass { namespace, serviceAccountName, iamGroups }' : 'pass token: { expirationSeconds, path, mountPath }, or omit it',
      side: IssueSide.BOTH,
      bindingIndex,
    });
  }
  // The suggested name is derived from the bad one (never from a value that looks like a secret).
  const like = (value: unknown, kind: 'label' | 'subdomain', fallback: string): string =>
    (typeof value === 'string' && secretKind(value) === undefined ? suggestDnsName(value, kind) : undefined) ?? fallback;
  fields.exact(
    'namespace',
    binding.namespace,
    namespaceRule,
    'INVALID_NAMESPACE',
    `use the namespace exactly as Kubernetes shows it, e.g. "${like(binding.namespace, 'label', 'default')}"`,
  );
  fields.exact(
    'serviceAccountName',
    binding.serviceAccountName,
    serviceAccountNameRule,
    'INVALID_SERVICE_ACCOUNT_NAME',
    `use a lowercase name such as "${like(binding.serviceAccountName, 'subdomain', 'oidc-token')}"`,
  );
  const oidc = binding.mode !== IdentityMode.POD_IDENTITY;
  if (binding.iamUserGiven) {
    fields.exact('iamUser', binding.iamUser, iamUserNameRule, 'INVALID_IAM_USER', 'use a name such as "test" or "app-reader"', {
      side: IssueSide.TERRAFORM,
      innerSpaces: true,
    });
  } else if (oidc && typeof binding.serviceAccountName === 'string' && serviceAccountNameRule(binding.serviceAccountName) === undefined) {
    const broken = iamUserNameRule(binding.serviceAccountName);
    if (broken) {
      out.error({
        code: 'IAM_USER_REQUIRED',
        path: `${path}.iamUser`,
        value: binding.serviceAccountName,
        rule: `is not set, and the ServiceAccount name it defaults to is not a valid IAM user name (it ${broken})`,
        fix: 'set iamUser, e.g. "app-reader"',
        side: IssueSide.TERRAFORM,
        bindingIndex,
      });
    }
  }
  if (!Array.isArray(binding.iamGroups)) {
    out.error({
      code: 'INVALID_IAM_GROUPS',
      path: `${path}.iamGroups`,
      rule: 'must be an array of group names',
      fix: 'pass e.g. ["demo"]',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  } else {
    const seen = new Set<string>();
    binding.iamGroups.forEach((group, i) => {
      fields.exact(`iamGroups[${i}]`, group, iamGroupNameRule, 'INVALID_IAM_GROUP', 'use the IAM user group name, e.g. "demo"', {
        side: IssueSide.TERRAFORM,
        innerSpaces: true,
      });
      if (seen.has(group)) {
        out.error({
          code: 'DUPLICATE_IAM_GROUP',
          path: `${path}.iamGroups[${i}]`,
          value: group,
          rule: 'is listed twice',
          fix: 'list each group once',
          side: IssueSide.TERRAFORM,
          bindingIndex,
        });
      }
      seen.add(group);
    });
  }
  const groups = binding.groups;
  if (!oidc) {
    // Pod identity: no user, no groups; the agency's checks are in pod-identity-checks.ts.
  } else if (!binding.iamUserGiven && Array.isArray(binding.iamGroups) && groups.length === 0) {
    out.error({
      code: 'BINDING_MAPS_TO_NOTHING',
      path,
      value: binding.toString(),
      rule: 'maps the ServiceAccount to neither an IAM user nor a group, so the rule would admit it with no identity',
      fix: 'set iamUser and/or iamGroups (groups carry the permissions), or grant roles with grants',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  } else if (groups.length === 0) {
    out.warn({
      code: 'BINDING_WITHOUT_GROUPS',
      path: `${path}.iamGroups`,
      rule: 'is empty and the binding has no grants: the federated user gets an IAM token but no permissions (permissions come from groups)',
      fix: 'add the user group whose permissions the workload needs, or grants',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  } else if (groups.length > MAX_GROUPS_PER_USER) {
    out.warn({
      code: 'TOO_MANY_GROUPS',
      path: `${path}.iamGroups`,
      value: `${groups.length} groups`,
      rule: `exceeds the ${MAX_GROUPS_PER_USER} groups IAM lets a user belong to (IAM "Notes and Constraints"; whether federated users are held to `
        + 'it is not documented)',
      fix: 'merge groups, or grant the roles to fewer groups',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  }
  const grantsProp = binding._grantsProp;
  const grants = binding.grants;
  if (grantsProp !== undefined || grants.length > 0) {
    checkGrants(
      out,
      Array.isArray(grantsProp) || grantsProp === undefined ? grants : grantsProp,
      `${path}.grants`,
      bindingContext(binding),
      bindingIndex,
    );
  }
  if (binding.projectId !== undefined) fields.exact(
    'projectId',
    binding.projectId,
    projectIdRule,
    'INVALID_PROJECT_ID',
    'copy the project ID from the console (My Credentials > Projects)',
    { side: IssueSide.KUBERNETES },
  );
  if (binding.region !== undefined) fields.exact(
    'region',
    binding.region,
    regionRule,
    'INVALID_REGION',
    'use a region ID such as "cn-north-4"',
    { side: IssueSide.KUBERNETES },
  );
  checkScope(out, binding, path, bindingIndex);
  checkToken(out, binding, `${path}.token`, bindingIndex);
}

/**
 * The SDKs need the project for regional services: the Node SDK cannot fill `{project_id}`
 * without HUAWEICLOUD_SDK_PROJECT_ID, and Go, Python and Java look it up with
 * `GET /v3/projects?name=<region>`, which a federated identity is normally not allowed to call.
 */
function checkScope(out: IssueCollector, binding: ServiceAccountBindingView, path: string, bindingIndex: number): void {
  if (typeof binding.globalOnly !== 'boolean') {
    out.error({
      code: 'INVALID_GLOBAL_ONLY',
      path: `${path}.globalOnly`,
      value: binding.globalOnly,
      rule: 'must be true or false',
      fix: 'pass a boolean, or omit it (false)',
      side: IssueSide.KUBERNETES,
      bindingIndex,
    });
    return;
  }
  if (binding.globalOnly) {
    if (binding.identity.domainId === undefined) {
      out.error({
        code: 'GLOBAL_ONLY_NEEDS_DOMAIN_ID',
        path: `${path}.globalOnly`,
        value: true,
        rule: 'is set, but the declaration has no domainId to inject as HUAWEICLOUD_SDK_DOMAIN_ID (the SDKs\' global credentials otherwise call GET '
          + '/v3/auth/domains, which federated identities are normally not allowed to)',
        fix: 'set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters)',
        side: IssueSide.KUBERNETES,
        bindingIndex,
      });
    }
    return;
  }
  if (binding.projectId === undefined) {
    out.error({
      code: 'PROJECT_ID_REQUIRED',
      path: `${path}.projectId`,
      rule: `is not set (neither on the binding of ${binding} nor on the declaration), so its pods get no HUAWEICLOUD_SDK_PROJECT_ID: the Node SDK `
        + 'cannot fill {project_id} in regional URLs, and the Go, Python and Java SDKs look the project up with GET /v3/projects?name=<region>, '
        + 'which the federated identity is normally not allowed to call',
      fix: 'set projectId (32 hex characters) on the declaration or the binding; find it in the console under My Credentials > Projects (the row of '
        + 'your region), with Terraform data "huaweicloud_identity_projects" { name = "<region>" }, or with the IAM API GET '
        + '/v3/projects?name=<region> called with administrator credentials; or set globalOnly: true (with domainId) if the workloads only '
        + 'call global services',
      side: IssueSide.KUBERNETES,
      bindingIndex,
    });
  } else if (binding.projectId === PLACEHOLDER_PROJECT_ID && binding.projectId !== binding.identity.projectId) {
    out.warn({
      code: 'PLACEHOLDER_PROJECT_ID',
      path: `${path}.projectId`,
      value: binding.projectId,
      rule: 'is the placeholder project ID: pods get a project that does not exist, and every regional call fails',
      fix: 'set the real project ID (My Credentials > Projects) before deploying',
      side: IssueSide.KUBERNETES,
      bindingIndex,
    });
  }
}

function checkToken(out: IssueCollector, binding: ServiceAccountBindingView, path: string, bindingIndex: number): void {
  const t = binding._tokenProps;
  const side = IssueSide.KUBERNETES;
  const fields = new FieldChecker(out, path, { side, bindingIndex });
  if (t.expirationSeconds !== undefined) {
    const x = t.expirationSeconds;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < MIN_TOKEN_EXPIRATION_SECONDS || x > MAX_TOKEN_EXPIRATION_SECONDS) {
      out.error({
        code: 'INVALID_TOKEN_EXPIRATION',
        path: `${path}.expirationSeconds`,
        value: x,
        rule: `must be a whole number of seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} (kube-apiserver's minimum) to `
          + `${MAX_TOKEN_EXPIRATION_SECONDS} (2^32)`,
        fix: `use ${DEFAULT_TOKEN_EXPIRATION_SECONDS} (the CCE guide's value) or at least ${MIN_TOKEN_EXPIRATION_SECONDS}`,
        side,
        bindingIndex,
      });
    } else if (x > KUBELET_MAX_REFRESH_SECONDS) {
      out.warn({
        code: 'LONG_TOKEN_EXPIRATION',
        path: `${path}.expirationSeconds`,
        value: x,
        rule: 'exceeds 24 h; the kubelet rotates projected tokens after 24 h anyway, so a longer lifetime only widens the window a '
          + 'leaked token stays valid',
        fix: `use at most ${KUBELET_MAX_REFRESH_SECONDS}`,
        side,
        bindingIndex,
      });
    }
  }
  if (t.path !== undefined) {
    fields.exact('path', t.path, tokenPathRule, 'INVALID_TOKEN_PATH', `use a file name such as "${DEFAULT_TOKEN_PATH}"`);
  }
  if (t.mountPath !== undefined) {
    const m = t.mountPath;
    const broken = fields.exact('mountPath', m, mountPathRule, 'INVALID_MOUNT_PATH', `use "${DEFAULT_TOKEN_MOUNT_PATH}"`);
    if (!broken && typeof m === 'string' && (overlaps(m, DEFAULT_API_TOKEN_MOUNT_PATH) || overlaps(m.replace(/^\/run(?=\/|$)/, '/var/run'), DEFAULT_API_TOKEN_MOUNT_PATH))) {
      // /var/run is a symlink to /run in most images, so /run/secrets/... is the same directory.
      out.error({
        code: 'MOUNT_PATH_COLLIDES_WITH_API_TOKEN',
        path: `${path}.mountPath`,
        value: m,
        rule: `overlaps "${DEFAULT_API_TOKEN_MOUNT_PATH}" (or its /run alias), where Kubernetes mounts the default API token`,
        fix: `use "${DEFAULT_TOKEN_MOUNT_PATH}"`,
        side,
        bindingIndex,
      });
    }
  }
}

/** Whether one directory is the other or contains it. */
function overlaps(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}
