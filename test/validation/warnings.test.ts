/**
 * Warnings do not stop synthesis; they are surfaced through the construct tree: as cdktf
 * annotations (`Annotations.of(c).addWarning`) on the Terraform side and, as cdk8s has no
 * annotations API, as construct metadata (WARNING_METADATA_TYPE) and printed with the construct
 * path on the Kubernetes side.
 */
import { generateKeyPairSync } from 'node:crypto';
import { IConstruct } from 'constructs';
import {
  collectValidationErrors, GrantScope, Grants, IamRole, Jwks, PolicyDocument, PolicyScopeType, PolicyStatement, WorkloadIdentity,
} from '../../lib';
import { WARNING_METADATA_TYPE } from '../../lib/constructs/validation-hook';
import { captureWarnings, expectWarnings } from '../support/warnings';
import { declaration, keys, PUBLIC_JWK, synthesize } from './fixtures';

const P = 'WorkloadIdentity("workload_identity")';

function warningsOn(root: IConstruct, type = '@cdktf/warn'): string[] {
  return root.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === type).map((m) => `[${c.node.path}] ${String(m.data)}`));
}

const cases: ReadonlyArray<{
  name: string;
  build: () => WorkloadIdentity[];
  code: string;
  path: string;
  words: string[];
  side: 'terraform' | 'kubernetes';
}> = [
  {
    name: 'token lifetime over 24 h',
    build: () => [declaration({}, { token: { expirationSeconds: 86401 } })],
    code: 'LONG_TOKEN_EXPIRATION',
    path: `${P}.bindings[0].token.expirationSeconds`,
    words: ['exceeds 24 h', 'kubelet rotates'],
    side: 'kubernetes',
  },
  {
    name: 'binding without groups',
    build: () => [declaration({}, { iamGroups: [] })],
    code: 'BINDING_WITHOUT_GROUPS',
    path: `${P}.bindings[0].iamGroups`,
    words: ['no permissions'],
    side: 'terraform',
  },
  {
    name: 'several keys without kid',
    build: () => [
      declaration({
        jwks: Jwks.fromObject({
          keys: [
            { ...PUBLIC_JWK, kid: undefined },
            { ...keys.ecPublic, kid: undefined },
          ],
        }),
      }),
    ],
    code: 'JWK_NO_KID',
    path: `${P}.jwks.keys[0]`,
    words: ['no "kid"'],
    side: 'terraform',
  },
  {
    name: 'issuer with a trailing slash',
    build: () => [declaration({ issuer: 'https://kubernetes.default.svc.cluster.local/' })],
    code: 'ISSUER_TRAILING_SLASH',
    path: `${P}.issuer`,
    words: ['ends with "/"', 'byte for byte'],
    side: 'terraform',
  },
  {
    name: 'more than 10 identity providers in one app',
    // Each provider trusts its own cluster's key: one key in two providers is an error (SHARED_SIGNING_KEY).
    build: () =>
      Array.from({ length: 11 }, (_, i) =>
        declaration(
          { providerName: `provider_${i}`, jwks: Jwks.fromObject({ keys: [ownKey(i)] }) },
          { serviceAccountName: `sa-${i}`, iamGroups: [`demo-${i}`] },
        ),
      ),
    code: 'TOO_MANY_PROVIDERS',
    path: 'WorkloadIdentity[*].providerName',
    words: ['limit of 10'],
    side: 'terraform',
  },
  {
    name: 'a binding in more than 10 groups',
    build: () => [declaration({}, { iamGroups: Array.from({ length: 11 }, (_, i) => `g${i}`) })],
    code: 'TOO_MANY_GROUPS',
    path: `${P}.bindings[0].iamGroups`,
    words: ['10 groups', 'not documented'],
    side: 'terraform',
  },
  {
    name: 'a policy over the 8 statements earlier IAM documentation allowed',
    build: () => [
      declaration({
        groups: [
          {
            name: 'demo',
            grants: [
              {
                role: IamRole.custom({
                  name: 'many',
                  type: PolicyScopeType.PROJECT,
                  document: PolicyDocument.of(...Array.from({ length: 9 }, (_, i) => PolicyStatement.allow([`smn:topic:action${i}`]))),
                }),
                scope: GrantScope.workloadProject(),
              },
            ],
          },
        ],
      }),
    ],
    code: 'POLICY_OVER_LEGACY_LIMIT',
    path: `${P}.groups[0].grants[0].role.document.statements`,
    words: ['8 statements', 'unlimited'],
    side: 'terraform',
  },
  {
    name: 'grants in all projects while the provider block has no domain_id',
    build: () => [declaration({ groups: [{ name: 'demo', grants: [Grants.swrImagePull(GrantScope.allProjects())] }] })],
    code: 'ALL_PROJECTS_NEEDS_PROVIDER_DOMAIN_ID',
    path: P,
    words: ['project_id = "all"', 'domain_id'],
    side: 'terraform',
  },
  {
    name: 'a binding with the placeholder project ID',
    build: () => [declaration({}, { projectId: WorkloadIdentity.PLACEHOLDER_PROJECT_ID })],
    code: 'PLACEHOLDER_PROJECT_ID',
    path: `${P}.bindings[0].projectId`,
    words: ['placeholder project ID'],
    side: 'kubernetes',
  },
  {
    name: 'one custom policy created by two declarations',
    build: () => [
      declaration(
        { providerName: 'a', domainId: 'fedcba9876543210fedcba9876543210', groups: [{ name: 'ga', grants: [Grants.obsReadOnly('shared-bucket')] }] },
        { iamGroups: ['ga'] },
      ),
      declaration(
        {
          providerName: 'b',
          jwks: Jwks.fromObject({ keys: [ownKey(0)] }),
          domainId: 'fedcba9876543210fedcba9876543210',
          groups: [{ name: 'gb', grants: [Grants.obsReadOnly('shared-bucket')] }],
        },
        { serviceAccountName: 'b', iamGroups: ['gb'] },
      ),
    ],
    code: 'DUPLICATE_CUSTOM_POLICY',
    path: 'WorkloadIdentity("b")',
    words: ['cce-wi-obs-read-shared-bucket', 'not documented'],
    side: 'terraform',
  },
];

/** A distinct public EC key per index. */
function ownKey(i: number): Record<string, string> {
  return {
    kid: `cluster-${i}`,
    alg: 'ES256',
    ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Record<string, string>),
  };
}

describe.each(cases)('$name', (c) => {
  test(`${c.code} is a warning, synthesis writes both sides, and the warning is surfaced once`, () => {
    const declarations = c.build();
    // Every console warning of the synthesis is captured here and asserted below.
    const { result: attempt, warnings: printed } = captureWarnings(() => synthesize(declarations));
    expect(attempt.error).toBeUndefined();
    expect(attempt.written.some((f) => f.endsWith('.k8s.yaml'))).toBe(true);
    expect(attempt.written.some((f) => f.endsWith('cdk.tf.json'))).toBe(true);

    const annotations = warningsOn(attempt.stack);
    const surfaced = c.side === 'terraform' ? annotations : printed;
    const hits = surfaced.filter((m) => m.includes(`${c.path}:`) && c.words.every((w) => m.includes(w)));
    expect({ hits: hits.length, surfaced }).toEqual(expect.objectContaining({ hits: 1 }));
    expect(hits[0]).toMatch(/Warning: .* Fix: /);
    // On the Kubernetes side the printed warning is also on the construct tree, once.
    const k8sMetadata = warningsOn(attempt.kubernetes, WARNING_METADATA_TYPE).filter((m) => m.includes(`${c.path}:`));
    expect(k8sMetadata).toEqual(c.side === 'kubernetes' ? hits : []);
    // Each warning goes to its side only.
    const other = c.side === 'terraform' ? printed : annotations;
    expect(other.filter((m) => m.includes(`${c.path}:`))).toEqual([]);
    // Nothing else is printed: the Kubernetes side's warning, once, and nothing for the Terraform side.
    expect(printed).toEqual(c.side === 'kubernetes' ? hits : []);
  });
});

test('validating again (a second synth) does not repeat a warning on the same construct', () => {
  // A Terraform-side warning: an annotation, not printed.
  const attempt = expectWarnings(() => synthesize([declaration({}, { iamGroups: [] })]), []);
  const before = warningsOn(attempt.stack);
  expect(before).toHaveLength(1);
  expect(collectValidationErrors(attempt.terraform, attempt.kubernetes)).toEqual([]);
  expect(warningsOn(attempt.stack)).toEqual(before);
});
