/**
 * IAM's agency limits for pod identity: 50 agencies per account by default (iam_01_0305), 10
 * permissions per agency by default and 20 at most (IAM v5 notes). A pod-identity agency holds
 * every grant of its binding and of the declared groups it names, so both are checked.
 */
import { join } from 'node:path';
import { GrantScope, Grants, IdentityMode, Jwks, WorkloadIdentity, type ServiceAccountBindingProps, type ValidationIssue } from '../../lib';
import { crossDeclarationIssues } from '../../lib/core/declaration/declarations';
import { CLUSTER } from '../fixtures/ids';

const JWKS = Jwks.fromFile(join(__dirname, '..', '..', 'examples', 'jwks.json'));
const key = (i: number): string => `0d0466b0-e727-4d9c-b35d-${String(i).padStart(12, '0')}`;

function declare(providerName: string, bindings: ServiceAccountBindingProps[], mode = IdentityMode.POD_IDENTITY): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName,
    clientId: 'cce-workload-identity-demo',
    jwks: JWKS,
    projectId: '0123456789abcdef0123456789abcdef',
    domainId: 'fedcba9876543210fedcba9876543210',
    mode,
    clusterId: CLUSTER,
    groups: [{ name: 'demo', grants: [Grants.obsReadOnly('cce-workload-identity-demo')] }],
    bindings,
  });
}

/** One pod-identity binding whose agency holds `permissions` roles: the group's one, and its own. */
const withPermissions = (permissions: number, mode = IdentityMode.POD_IDENTITY): WorkloadIdentity => declare('workload_identity', [{
  namespace: 'default',
  serviceAccountName: 'app',
  iamGroups: ['demo'],
  grants: Array.from({ length: permissions - 1 }, (_, i) => Grants.kmsDecrypt(key(i))),
}], mode);
const limitIssues = (issues: ValidationIssue[]): string[] => issues
  .filter((i) => i.code.startsWith('AGENCY_') || i.code === 'TOO_MANY_AGENCIES')
  .map((i) => `${i.severity} ${i.code} ${i.path}`);

describe('permissions per agency', () => {
  test('10 (the default quota): nothing', () => {
    expect(limitIssues(withPermissions(10).validate())).toEqual([]);
  });

  test('11 to 20: a warning naming the agency, the count, where the grants come from and the source', () => {
    for (const n of [11, 20]) {
      const issues = withPermissions(n).validate();
      expect(limitIssues(issues)).toEqual(['warning AGENCY_PERMISSIONS_OVER_DEFAULT_QUOTA WorkloadIdentity("workload_identity").bindings[0].grants']);
      const issue = issues.find((i) => i.code === 'AGENCY_PERMISSIONS_OVER_DEFAULT_QUOTA')!;
      expect(issue.value).toBe(`"${n} permissions"`);
      expect(issue.rule).toContain('"workload_identity.default.app"');
      expect(issue.rule).toContain('group "demo", the binding');
      expect(issue.rule).toContain('IAM v5 "Notes and Constraints"');
      expect(issue.fix).toContain('IamRole.custom');
    }
  });

  test('over 20 (the maximum): an error', () => {
    expect(limitIssues(withPermissions(21).validate())).toEqual([
      'error AGENCY_TOO_MANY_PERMISSIONS WorkloadIdentity("workload_identity").bindings[0].grants',
    ]);
  });

  test('a role counts once per scope: the same role in two scopes is two permissions, a repeated grant one', () => {
    const bindings = (grants: ReturnType<typeof Grants.kmsDecrypt>[]): WorkloadIdentity =>
      declare('workload_identity', [{ namespace: 'default', serviceAccountName: 'app', grants }]);
    const tenKeys = Array.from({ length: 10 }, (_, i) => Grants.kmsDecrypt(key(i)));
    expect(limitIssues(bindings([...tenKeys, Grants.kmsDecrypt(key(0))]).validate())).toEqual([]);
    expect(limitIssues(bindings([...tenKeys, Grants.kmsDecrypt(key(0), GrantScope.allProjects())]).validate()))
      .toEqual(['warning AGENCY_PERMISSIONS_OVER_DEFAULT_QUOTA WorkloadIdentity("workload_identity").bindings[0].grants']);
  });

  test('OIDC bindings have no agency: no such check', () => {
    expect(limitIssues(withPermissions(25, IdentityMode.OIDC_FEDERATION).validate())).toEqual([]);
  });
});

describe('agencies per account', () => {
  const bindings = (n: number): ServiceAccountBindingProps[] =>
    Array.from({ length: n }, (_, i) => ({ namespace: 'default', serviceAccountName: `app-${i}`, iamGroups: ['demo'] }));

  test('one declaration: 50 pass, 51 warn (reported with the app\'s cross-declaration issues)', () => {
    expect(limitIssues(crossDeclarationIssues([declare('workload_identity', bindings(50))]))).toEqual([]);
    const issues = crossDeclarationIssues([declare('workload_identity', bindings(51))]);
    expect(limitIssues(issues)).toEqual(['warning TOO_MANY_AGENCIES WorkloadIdentity("workload_identity").bindings']);
    const issue = issues.find((i) => i.code === 'TOO_MANY_AGENCIES')!;
    expect(issue.value).toBe('"51 agencies"');
    expect(issue.rule).toContain('default quota of 50 agencies per account (iam_01_0305');
  });

  test('several declarations of one app count together; reported at the one that passes the quota', () => {
    const a = declare('cluster_a', bindings(30));
    const b = declare('cluster_b', bindings(21));
    expect(limitIssues(crossDeclarationIssues([a]))).toEqual([]);
    expect(limitIssues(crossDeclarationIssues([a, b]))).toEqual(['warning TOO_MANY_AGENCIES WorkloadIdentity("cluster_b").bindings']);
  });
});
