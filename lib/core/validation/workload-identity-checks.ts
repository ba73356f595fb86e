/**
 * Validation of a whole declaration: its own fields, the JWKS, every binding
 * (binding-checks.ts), the declared groups and their grants, and what bindings and groups must
 * not share (a ServiceAccount bound twice, a dedicated group name in use, two custom policies of
 * one name). `WorkloadIdentity.validate()` runs it.
 */
import { CCE_ISSUER, PLACEHOLDER_DOMAIN_ID, PLACEHOLDER_PROJECT_ID } from '../declaration/constants';
import { checkPodIdentity } from './pod-identity-checks';
import { customPolicyIdentity } from '../iam/grant-plan';
import { IdentityMode } from '../declaration/identity-mode';
import type { IamGroup } from '../iam/iam-group';
import { domainIdRule } from '../iam/iam-policy-rules';
import type { IamRole } from '../iam/iam-role';
import { IssueCollector, publicProviderNames, IssueSide, ValidationIssue } from '../issues/issues';
import { Jwks } from '../jwks/jwks';
import {
  checkExactString, checkText, clientIdRule, describeType, iamEndpointPlainHttpRule, iamEndpointRule, iamGroupNameRule, issuerRule,
  issuerTrailingSlashRule, projectIdRule, providerNameRule, regionRule, signingKeyRule,
} from './rules';
import { checkAgencyPermissions } from './agency-checks';
import { checkBinding } from './binding-checks';
import { FieldChecker } from './field-checker';
import { checkGrants } from './grant-checks';
import type { ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

/** Every problem of a declaration (errors and warnings). */
export function checkWorkloadIdentity(identity: WorkloadIdentityView): ValidationIssue[] {
  const out = new IssueCollector(publicProviderNames([identity.providerName]));
  const base = identity.path;
  // The exact string is checked (no whitespace or control characters), then the field's rule.
  // A credential pasted into a field (a token as the client ID) is never echoed: the collector hides it.
  const fields = new FieldChecker(out, base, { side: IssueSide.BOTH });
  fields.exact('providerName', identity.providerName, providerNameRule, 'INVALID_PROVIDER_NAME', 'use e.g. "workload_identity"');
  const oidc = identity.usesOidcFederation;
  if (identity.clientId === undefined && oidc) {
    out.error({
      code: 'CLIENT_ID_REQUIRED',
      path: `${base}.clientId`,
      rule: `is not set, but ${oidcUsers(identity)} OIDC federation, whose identity provider needs a client ID (the audience of the `
        + 'projected tokens)',
      fix: 'set clientId, e.g. "cce-workload-identity"; or put every binding on pod identity (mode: IdentityMode.POD_IDENTITY), which needs none',
      side: IssueSide.BOTH,
    });
  } else if (identity.clientId !== undefined) {
    fields.exact(
      'clientId',
      identity.clientId,
      clientIdRule,
      'INVALID_CLIENT_ID',
      'use the client ID you chose for the identity provider, e.g. "cce-workload-identity"',
    );
  }
  fields.exact(
    'issuer',
    identity.issuer,
    issuerRule,
    'INVALID_ISSUER',
    'omit it to use the CCE issuer "https://kubernetes.default.svc.cluster.local"',
    { side: IssueSide.TERRAFORM },
  );
  if (identity.region !== undefined) fields.exact(
    'region',
    identity.region,
    regionRule,
    'INVALID_REGION',
    'use a region ID such as "cn-north-4"',
    { side: IssueSide.KUBERNETES },
  );
  if (identity.projectId !== undefined) fields.exact(
    'projectId',
    identity.projectId,
    projectIdRule,
    'INVALID_PROJECT_ID',
    'copy the project ID from the console (My Credentials > Projects)',
    { side: IssueSide.KUBERNETES },
  );
  if (identity.projectId === PLACEHOLDER_PROJECT_ID) {
    out.warn({
      code: 'PLACEHOLDER_PROJECT_ID',
      path: `${base}.projectId`,
      value: identity.projectId,
      rule: 'is the placeholder project ID: pods get a project that does not exist, and every regional call fails',
      fix: 'set the real project ID (IAM console > My Credentials > Projects) before deploying',
      side: IssueSide.BOTH,
    });
  }
  if (identity.domainId !== undefined) fields.exact(
    'domainId',
    identity.domainId,
    domainIdRule,
    'INVALID_DOMAIN_ID',
    'copy the account ID from the console (My Credentials > Account ID)',
  );
  if (identity.domainId === PLACEHOLDER_DOMAIN_ID) {
    out.warn({
      code: 'PLACEHOLDER_DOMAIN_ID',
      path: `${base}.domainId`,
      value: identity.domainId,
      rule: 'is the placeholder account ID: domain grants (e.g. OBS) and global credentials would target an account that does not exist',
      fix: 'set the real account ID (IAM console > My Credentials) before deploying',
      side: IssueSide.BOTH,
    });
  }
  if (identity.iamEndpoint !== undefined) fields.exact(
    'iamEndpoint',
    identity.iamEndpoint,
    iamEndpointRule,
    'INVALID_IAM_ENDPOINT',
    'omit it, or use "https://iam.<region>.myhuaweicloud.com"',
    { side: IssueSide.KUBERNETES },
  );
  if (typeof identity.iamEndpoint === 'string' && !checkExactString(identity.iamEndpoint, iamEndpointRule)) {
    const http = iamEndpointPlainHttpRule(identity.iamEndpoint);
    if (http) out.warn({
      code: 'IAM_ENDPOINT_PLAIN_HTTP',
      path: `${base}.iamEndpoint`,
      value: identity.iamEndpoint,
      rule: http,
      fix: 'for a local emulator use `cce-workload-identity emulate --tls` and its https:// URL',
      side: IssueSide.KUBERNETES,
    });
  }
  if (typeof identity.issuer === 'string' && !checkExactString(identity.issuer, issuerRule)) {
    const slash = issuerTrailingSlashRule(identity.issuer);
    if (slash) out.warn({
      code: 'ISSUER_TRAILING_SLASH',
      path: `${base}.issuer`,
      value: identity.issuer,
      rule: slash,
      fix: `remove the trailing "/" unless the cluster's --service-account-issuer really has one (compare with the "iss" of a token); CCE `
        + `uses "${CCE_ISSUER}"`,
      side: IssueSide.TERRAFORM,
    });
  }
  if (typeof identity.enabled !== 'boolean') {
    out.error({
      code: 'INVALID_ENABLED',
      path: `${base}.enabled`,
      value: identity.enabled,
      rule: 'must be true or false',
      fix: 'pass a boolean, or omit it (enabled)',
      side: IssueSide.TERRAFORM,
    });
  }
  const description = checkText(identity.description, (v) => (v.length > 255 ? 'must be a string of at most 255 characters' : undefined));
  if (description) {
    out.error({
      code: 'INVALID_DESCRIPTION',
      path: `${base}.description`,
      value: identity.description,
      rule: description,
      fix: 'shorten it, on one line',
      side: IssueSide.TERRAFORM,
    });
  }
  if (identity.jwks === undefined) {
    if (oidc) out.error({
      code: 'JWKS_REQUIRED',
      path: `${base}.jwks`,
      rule: `is not set, but ${oidcUsers(identity)} OIDC federation, whose identity provider trusts the cluster's signing keys`,
      fix: 'pass jwks: Jwks.fromFile("jwks.json") (cce-workload-identity jwks fetch --out jwks.json); or put every binding on pod identity '
        + '(mode: IdentityMode.POD_IDENTITY), which needs none',
      side: IssueSide.TERRAFORM,
    });
  } else if (!(identity.jwks instanceof Jwks)) {
    out.error({
      code: 'INVALID_JWKS',
      path: `${base}.jwks`,
      rule: 'must be a Jwks (Jwks.fromFile, Jwks.fromJson or Jwks.fromObject)',
      fix: 'pass jwks: Jwks.fromFile("jwks.json")',
      side: IssueSide.TERRAFORM,
    });
  } else {
    identity.jwks._check(out, `${base}.jwks`);
    const json = identity.jwks.validJson;
    const tooLong = json === undefined ? undefined : signingKeyRule(json);
    if (tooLong) {
      out.error({
        code: 'INVALID_SIGNING_KEY_LENGTH',
        path: `${base}.jwks`,
        rule: tooLong,
        fix: 'list only the keys that sign tokens still in use (kubectl get --raw /openid/v1/jwks)',
        side: IssueSide.TERRAFORM,
      });
    }
  }
  if (identity._bindingsProp !== undefined) {
    out.error({
      code: 'INVALID_BINDINGS',
      path: `${base}.bindings`,
      rule: `must be an array of bindings (got ${describeType(identity._bindingsProp)})`,
      fix: 'pass bindings: [{ namespace, serviceAccountName, iamGroups }]',
      side: IssueSide.BOTH,
    });
  } else if (identity.bindings.length === 0) {
    out.error({
      code: 'NO_BINDINGS',
      path: `${base}.bindings`,
      rule: 'is empty: the provider would admit no ServiceAccount',
      fix: 'add a binding, e.g. { namespace: "default", serviceAccountName: "oidc-token", iamGroups: ["demo"] }',
      side: IssueSide.BOTH,
    });
  }
  checkGroups(identity, out, base);
  const seen = new Map<string, number>();
  for (const binding of identity.bindings) {
    checkBinding(out, binding, base);
    if (typeof binding.namespace !== 'string' || typeof binding.serviceAccountName !== 'string') continue;
    const key = binding.subject;
    const first = seen.get(key);
    if (first !== undefined) {
      out.error({
        code: 'DUPLICATE_BINDING',
        path: `${base}.bindings[${binding.index}]`,
        value: binding.toString(),
        rule: `binds the same ServiceAccount as bindings[${first}]; one ServiceAccount maps to one IAM identity`,
        fix: 'merge the two bindings (list all groups in one)',
        side: IssueSide.BOTH,
        bindingIndex: binding.index,
      });
    } else {
      seen.set(key, binding.index);
    }
  }
  checkGroupNames(identity, out, base);
  checkCustomPolicies(identity, out, base);
  checkPodIdentity(identity, out, base);
  checkAgencyPermissions(identity, out, base);
  return [...out.issues];
}

/** Who uses OIDC federation, for messages: `bindings default/app, shop/x use` or `the declaration's mode is`. */
function oidcUsers(identity: WorkloadIdentityView): string {
  const users = identity.bindings.filter((b) => b.mode !== IdentityMode.POD_IDENTITY);
  if (users.length === 0) return 'the declaration\'s mode (no binding yet) is';
  const shown = users.slice(0, 3).map((b) => `bindings[${b.index}] (${b})`).join(', ');
  return `${shown}${users.length > 3 ? ` and ${users.length - 3} more` : ''} use${users.length === 1 ? 's' : ''}`;
}

/** Declared groups: names, flags, their grants. */
function checkGroups(identity: WorkloadIdentityView, out: IssueCollector, base: string): void {
  const side = IssueSide.TERRAFORM;
  if (identity._groupsProp !== undefined && !Array.isArray(identity._groupsProp)) {
    out.error({
      code: 'INVALID_GROUPS',
      path: `${base}.groups`,
      rule: 'must be a list of groups',
      fix: 'pass e.g. [{ name: "demo", grants: [...] }]',
      side,
    });
  }
  const byName = new Map<string, IamGroup>();
  for (const group of identity.groups) {
    const path = `${base}.groups[${group.index}]`;
    new FieldChecker(out, path, { side }).string(
      'name',
      group.name,
      iamGroupNameRule,
      'INVALID_IAM_GROUP',
      'use the IAM user group name, e.g. "demo"',
    );
    if (typeof group.existing !== 'boolean') {
      out.error({
        code: 'INVALID_GROUP_EXISTING',
        path: `${path}.existing`,
        value: group.existing,
        rule: 'must be true or false',
        fix: 'pass a boolean, or omit it (the library creates the group)',
        side,
      });
    }
    if (group.description !== undefined) {
      if (group.existing === true) {
        out.error({
          code: 'EXISTING_GROUP_DESCRIPTION',
          path: `${path}.description`,
          value: group.description,
          rule: 'is set on an existing group, which is looked up by name only and never changed',
          fix: 'remove the description, or let the library create the group (existing: false)',
          side,
        });
      } else {
        // The same rule as the declaration's description: free text on one line.
        new FieldChecker(out, path, { side }).text(
          'description',
          group.description,
          (v) => (v.length > 255 ? 'must be a string of at most 255 characters (IAM "Creating a User Group")' : undefined),
          'INVALID_GROUP_DESCRIPTION',
          'shorten it, on one line',
        );
      }
    }
    const first = byName.get(group.name);
    if (first !== undefined) {
      const conflict = first.existing !== group.existing;
      out.error({
        code: conflict ? 'GROUP_CREATED_AND_EXISTING' : 'DUPLICATE_GROUP',
        path: `${path}.name`,
        value: group.name,
        rule: conflict
          ? `is declared as existing in one place and to be created in another (groups[${first.index}]): a group is either looked up `
            + 'or created, never both'
          : `is declared twice (also groups[${first.index}])`,
        fix: conflict
          ? 'declare the group once, with existing: true if it already exists in the account'
          : 'declare the group once and put all its grants there',
        side,
      });
    } else {
      byName.set(group.name, group);
    }
    checkGrants(out, group._grantsProp === undefined || Array.isArray(group._grantsProp) ? group.grants : group._grantsProp, `${path}.grants`, {
      projectId: identity.projectId,
      domainId: identity.domainId,
      projectFrom: 'the declaration',
    });
  }
}

/** A dedicated group's name must not be any other group's. */
function checkGroupNames(identity: WorkloadIdentityView, out: IssueCollector, base: string): void {
  const dedicated = new Map<string, ServiceAccountBindingView>();
  for (const binding of identity.bindings) {
    const name = binding.dedicatedGroupName;
    if (name === undefined) continue;
    const taken = identity.findGroup(name) !== undefined
      || identity.bindings.some((other) => Array.isArray(other.iamGroups) && other.iamGroups.includes(name))
      || dedicated.has(name);
    if (taken) {
      out.error({
        code: 'DEDICATED_GROUP_NAME_TAKEN',
        path: `${base}.bindings[${binding.index}].grants`,
        value: name,
        rule: 'needs a dedicated group of this name, which the declaration also uses as a shared group, so other ServiceAccounts '
          + 'would get these rights',
        fix: 'rename the shared group, or grant through a declared group instead of the binding',
        side: IssueSide.TERRAFORM,
        bindingIndex: binding.index,
      });
    }
    dedicated.set(name, binding);
  }
}

/** Custom policies are created once per name: two different ones may not share it. */
function checkCustomPolicies(identity: WorkloadIdentityView, out: IssueCollector, base: string): void {
  const byName = new Map<string, { role: IamRole; rendered: string; path: string }>();
  const visit = (grants: readonly unknown[], path: string): void => {
    grants.forEach((grant, i) => {
      const role = (grant as { role?: IamRole } | undefined)?.role;
      if (!role || typeof role !== 'object' || !role.isCustom) return;
      const rendered = customPolicyIdentity(role);
      const first = byName.get(role.name);
      if (first === undefined) byName.set(role.name, { role, rendered, path: `${path}[${i}]` });
      else if (first.rendered !== rendered) {
        out.error({
          code: 'CONFLICTING_CUSTOM_POLICY',
          path: `${path}[${i}].role.name`,
          value: role.name,
          rule: `names a custom policy that differs from the one of the same name at ${first.path}; each name is created once`,
          fix: 'give the policies different names, or use the same one',
          side: IssueSide.TERRAFORM,
        });
      }
    });
  };
  identity.groups.forEach((g) => visit(g.grants, `${base}.groups[${g.index}].grants`));
  identity.bindings.forEach((b) => visit(b.grants, `${base}.bindings[${b.index}].grants`));
}
