/**
 * Property-based tests (fast-check):
 * - the name validators agree with independent oracles (Kubernetes' own DNS-1123 definitions,
 *   procedural checks of IAM's rules) on valid names, on mutated names and on arbitrary strings;
 * - for any valid declaration, the synthesized `conversion_rules` admit exactly the bound
 *   ServiceAccounts, each as its own IAM user and groups, and no other subject — checked with the
 *   IAM emulator's mapping engine (lib/iam-model/mapping-engine.ts) and, as a cross-check,
 *   with a minimal evaluator written here.
 */
import fc from 'fast-check';
import { Jwks, WorkloadIdentity } from '../../lib';
import { serviceAccountSubject } from '../../lib/core/declaration/invariants';
import {
  clientIdRule, iamGroupNameRule, iamUserNameRule, namespaceRule, providerNameRule, type RuleCheck, serviceAccountNameRule, tokenPathRule,
} from '../../lib/core/validation/rules';
import { evaluateConversionRules, type EmulatedConversionRule } from '../../lib/iam-model/mapping-engine';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { PROJECT_ID, PUBLIC_JWKS } from './fixtures';

// ---------------------------------------------------------------------------------------------
// Oracles, written independently of lib/core/validation/rules.ts.

/** k8s.io/apimachinery/pkg/util/validation: dns1123LabelFmt, DNS1123LabelMaxLength = 63. */
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*", DNS1123SubdomainMaxLength = 253. */
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const k8sIsDNS1123Label = (v: string): boolean => v.length <= 63 && new RegExp(`^${dns1123LabelFmt}$`).test(v);
const k8sIsDNS1123Subdomain = (v: string): boolean => v.length <= 253 && new RegExp(`^${dns1123SubdomainFmt}$`).test(v);

const isLowerAlnum = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
const isAlnum = (c: string): boolean => isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
/** The same label rule, procedurally (no regex). */
function labelByHand(v: string): boolean {
  if (v.length < 1 || v.length > 63) return false;
  if (!isLowerAlnum(v[0]) || !isLowerAlnum(v[v.length - 1])) return false;
  return [...v].every((c) => isLowerAlnum(c) || c === '-');
}
function subdomainByHand(v: string): boolean {
  return v.length >= 1 && v.length <= 253 && v.split('.').every((part) => part.length > 0 && labelByHand(part));
}
/** IAM identity provider name: 1–64 of letters, digits, "_" and "-", without "mapping_" (the provider's conversion ID quirk). */
const providerNameByHand = (v: string): boolean =>
  v.length >= 1 && v.length <= 64 && [...v].every((c) => isAlnum(c) || c === '_' || c === '-') && !v.includes('mapping_');
/** IAM user name: 1–32 of letters, digits, space, "-", "_", "."; not starting with a digit; no leading/trailing space. */
const iamUserByHand = (v: string): boolean => v.length >= 1 && v.length <= 32 && [...v].every((c) => isAlnum(c) || ' -_.'.includes(c))
  && !(v[0] >= '0' && v[0] <= '9') && v[0] !== ' ' && v[v.length - 1] !== ' ';
/** IAM user group name: 1–128 of letters, digits, space, "-", "_" (no "."); no leading/trailing space. */
const iamGroupByHand = (v: string): boolean =>
  v.length >= 1 && v.length <= 128 && [...v].every((c) => isAlnum(c) || ' -_'.includes(c)) && v[0] !== ' ' && v[v.length - 1] !== ' ';
/** Client ID: 5–255 printable ASCII, no whitespace (IAM API iam_13_0207). */
const clientIdByHand = (v: string): boolean =>
  v.length >= 5 && v.length <= 255 && [...v].every((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f);
/** Token path: kube-apiserver's validateLocalNonReservedPath plus the kubelet atomic writer's element limit. */
const tokenPathByHand = (v: string): boolean => v.length >= 1 && v.length <= 4096 && !v.startsWith('/') && !v.startsWith('..')
  && v.split('/').every((e) => e !== '' && e !== '.' && e !== '..' && Buffer.byteLength(e) <= 255) && !/[\0\n\r]/.test(v);

const accepts = (rule: RuleCheck, v: string): boolean => rule(v) === undefined;

// ---------------------------------------------------------------------------------------------
// Generators.

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const subdomain = fc.array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('.')).filter((s) => s.length <= 253);
const providerName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).filter((v) => !v.includes('mapping_'));
const iamUser = fc.stringMatching(/^[A-Za-z_.-][A-Za-z0-9_. -]{0,30}[A-Za-z0-9_.-]$|^[A-Za-z_.-]$/);
const iamGroup = fc.stringMatching(/^[A-Za-z0-9_-]([A-Za-z0-9_ -]{0,126}[A-Za-z0-9_-])?$/);
/** Characters that break names in various ways, including look-alikes and control characters. */
const badChar = fc.constantFrom('A', 'Z', '_', '.', ' ', '/', ':', '@', '*', 'é', 'ß', '\u0130', '\n', '\t', '\0', '😀', '\u200b', 'ｓ');
/** Strings over an alphabet biased towards the edges of the rules. */
const edgy = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '.', '_', 'A', ' ', '/', 'é', ':'), maxLength: 70 });

function insertAt(s: string, c: string, at: number): string {
  const i = s.length === 0 ? 0 : at % (s.length + 1);
  return s.slice(0, i) + c + s.slice(i);
}

const RUNS = { numRuns: 300 };

describe('name validators agree with independent oracles', () => {
  test('namespace: Kubernetes DNS-1123 labels are accepted', () => {
    fc.assert(fc.property(label, (v) => accepts(namespaceRule, v) && k8sIsDNS1123Label(v) && labelByHand(v)), RUNS);
  });
  test('namespace: a label with an invalid character inserted is rejected', () => {
    fc.assert(fc.property(label, badChar, fc.nat(), (v, c, at) => {
      const bad = insertAt(v, c, at);
      return !accepts(namespaceRule, bad) && !k8sIsDNS1123Label(bad);
    }), RUNS);
  });
  test('namespace: too long, empty, or "-" at an end is rejected', () => {
    fc.assert(
      fc.property(label, (v) => !accepts(namespaceRule, v.padEnd(64, 'a')) && !accepts(namespaceRule, `-${v}`) && !accepts(namespaceRule, `${v}-`)),
      RUNS,
    );
    expect(accepts(namespaceRule, '')).toBe(false);
    expect(accepts(namespaceRule, 'a'.repeat(63))).toBe(true);
  });
  test('namespace: same verdict as Kubernetes on arbitrary strings', () => {
    fc.assert(
      fc.property(edgy, (v) => accepts(namespaceRule, v) === k8sIsDNS1123Label(v) && k8sIsDNS1123Label(v) === labelByHand(v)),
      { numRuns: 2000 },
    );
  });

  test('ServiceAccount name: DNS-1123 subdomains are accepted', () => {
    fc.assert(fc.property(subdomain, (v) => accepts(serviceAccountNameRule, v) && k8sIsDNS1123Subdomain(v)), RUNS);
  });
  test('ServiceAccount name: mutated or over 253 characters is rejected', () => {
    fc.assert(
      fc.property(
        subdomain,
        badChar.filter((c) => c !== '.'),
        fc.nat(),
        (v, c, at) => !accepts(serviceAccountNameRule, insertAt(v, c, at)),
      ),
      RUNS,
    );
    fc.assert(
      fc.property(
        subdomain,
        (v) => !accepts(serviceAccountNameRule, `${v}.`) && !accepts(serviceAccountNameRule, `.${v}`) && !accepts(serviceAccountNameRule, `${v}..a`),
      ),
      RUNS,
    );
    expect(accepts(serviceAccountNameRule, `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)).toBe(true); // 253
    expect(accepts(serviceAccountNameRule, `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`)).toBe(false); // 254
  });
  test('ServiceAccount name: same verdict as Kubernetes on arbitrary strings', () => {
    fc.assert(
      fc.property(edgy, (v) => accepts(serviceAccountNameRule, v) === k8sIsDNS1123Subdomain(v) && k8sIsDNS1123Subdomain(v) === subdomainByHand(v)),
      { numRuns: 2000 },
    );
  });

  test('identity provider name: valid accepted, mutated rejected, oracle agrees', () => {
    fc.assert(fc.property(providerName, (v) => accepts(providerNameRule, v)), RUNS);
    fc.assert(
      fc.property(
        providerName,
        badChar.filter((c) => !['A', 'Z', '_'].includes(c)),
        fc.nat(),
        (v, c, at) => !accepts(providerNameRule, insertAt(v, c, at)),
      ),
      RUNS,
    );
    fc.assert(fc.property(providerName, (v) => !accepts(providerNameRule, v.padEnd(65, '_'))), RUNS);
    fc.assert(fc.property(edgy, (v) => accepts(providerNameRule, v) === providerNameByHand(v)), { numRuns: 2000 });
  });

  test('IAM user name: valid accepted, mutated rejected, oracle agrees', () => {
    fc.assert(fc.property(iamUser, (v) => accepts(iamUserNameRule, v) && iamUserByHand(v)), RUNS);
    fc.assert(
      fc.property(
        iamUser,
        fc.constantFrom('/', ':', '@', '*', 'é', '\n', '\0', '😀'),
        fc.nat(),
        (v, c, at) => !accepts(iamUserNameRule, insertAt(v, c, at)),
      ),
      RUNS,
    );
    fc.assert(fc.property(iamUser, fc.constantFrom('0', '7'), (v, d) => !accepts(iamUserNameRule, `${d}${v}`)), RUNS);
    fc.assert(fc.property(edgy, (v) => accepts(iamUserNameRule, v) === iamUserByHand(v)), { numRuns: 2000 });
  });

  test('IAM group name: valid accepted, mutated rejected, oracle agrees', () => {
    fc.assert(fc.property(iamGroup, (v) => accepts(iamGroupNameRule, v) && iamGroupByHand(v)), RUNS);
    fc.assert(
      fc.property(
        iamGroup,
        (v) => !accepts(iamGroupNameRule, ` ${v}`) && !accepts(iamGroupNameRule, `${v} `) && !accepts(iamGroupNameRule, v.padEnd(129, 'g'))
          && !accepts(iamGroupNameRule, `${v}.x`),
      ),
      RUNS,
    );
    fc.assert(fc.property(edgy, (v) => accepts(iamGroupNameRule, v) === iamGroupByHand(v)), { numRuns: 2000 });
    const longEdgy = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', ' ', '.'), minLength: 120, maxLength: 135 });
    fc.assert(fc.property(longEdgy, (v) => accepts(iamGroupNameRule, v) === iamGroupByHand(v)), { numRuns: 1000 });
  });

  test('client ID and token path: oracle agrees on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (v) => accepts(clientIdRule, v) === clientIdByHand(v)), { numRuns: 1000 });
    fc.assert(fc.property(edgy, (v) => accepts(tokenPathRule, v) === tokenPathByHand(v)), { numRuns: 2000 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b.c', '..', '.', '', '..data', 'x'.repeat(256)), { minLength: 1, maxLength: 4 }), (parts) => {
        const v = parts.join('/');
        return accepts(tokenPathRule, v) === tokenPathByHand(v);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rule rendering.

interface BindingSpec {
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly iamUser?: string;
  readonly iamGroups: string[];
}

/** Small alphabets so that near-collisions (same name, other namespace, …) are frequent. */
const smallLabel = fc.stringMatching(/^[a-c]([-a-c0-9]{0,3}[a-c0-9])?$/);
const smallSubdomain = fc.oneof(smallLabel, fc.tuple(smallLabel, smallLabel).map(([a, b]) => `${a}.${b}`));
const bindingSpec: fc.Arbitrary<BindingSpec> = fc.record({
  namespace: smallLabel,
  serviceAccountName: smallSubdomain,
  iamUser: fc.option(iamUser, { nil: undefined }),
  iamGroups: fc.uniqueArray(iamGroup, { maxLength: 3 }),
}).filter((b) => b.iamUser !== undefined || b.iamGroups.length > 0);
const bindingSpecs = fc.uniqueArray(bindingSpec, { minLength: 1, maxLength: 20, selector: (b) => `${b.namespace}/${b.serviceAccountName}` });

/** Subjects close to the bound ones that must not be admitted. */
function nearMisses(bound: readonly BindingSpec[]): string[] {
  const out = bound.flatMap((b) => [
    serviceAccountSubject(b.serviceAccountName, b.namespace),
    serviceAccountSubject(b.namespace, `${b.serviceAccountName}x`),
    serviceAccountSubject(b.namespace, b.serviceAccountName.slice(0, -1)),
    serviceAccountSubject(`${b.namespace}x`, b.serviceAccountName),
    serviceAccountSubject(b.namespace, b.serviceAccountName).toUpperCase(),
    `${serviceAccountSubject(b.namespace, b.serviceAccountName)} `,
    ` ${serviceAccountSubject(b.namespace, b.serviceAccountName)}`,
    `system:serviceaccounts:${b.namespace}`,
    `system:serviceaccount:${b.namespace}:*`,
    `system:serviceaccount:${b.namespace}`,
    `${b.namespace}:${b.serviceAccountName}`,
    b.serviceAccountName,
  ]);
  return [...out, 'system:serviceaccount:*:*', '*', ''];
}

/** Minimal evaluator of the rendered rules, as the provider documents them (cross-check of the emulator). */
function matchingRules(rules: readonly EmulatedConversionRule[], sub: string): number[] {
  return rules.flatMap((r, i) =>
    r.remote.every((x) => x.attribute === 'sub' && (x.condition === 'any_one_of' ? (x.value ?? []).includes(sub) : !(x.value ?? []).includes(sub)))
      ? [i]
      : [],
  );
}

test('for any valid declaration, the rendered rules admit exactly the bound ServiceAccounts, each as its own IAM identity', () => {
  let runs = 0;
  fc.assert(
    fc.property(bindingSpecs, fc.array(fc.tuple(smallLabel, smallSubdomain), { maxLength: 10 }), providerName, (specs, others, provider) => {
      runs++;
      const identity = new WorkloadIdentity({
        providerName: provider,
        clientId: 'property-client',
        jwks: Jwks.fromObject(PUBLIC_JWKS),
        projectId: PROJECT_ID,
        bindings: specs,
      });
      const tf = synthWorkloadIdentity(identity, { workloads: () => undefined }).terraform as {
        resource: Record<string, Record<string, { conversion_rules?: EmulatedConversionRule[]; name?: string }>>;
      };
      const conversions = Object.values(tf.resource.huaweicloud_identity_provider_conversion);
      expect(conversions).toHaveLength(1);
      const rules = conversions[0].conversion_rules as EmulatedConversionRule[];
      expect(rules).toHaveLength(specs.length);

      const claims = (sub: string): Record<string, unknown> => ({ iss: identity.issuer, aud: [identity.clientId], sub });
      specs.forEach((b, i) => {
        const sub = serviceAccountSubject(b.namespace, b.serviceAccountName);
        const result = evaluateConversionRules(rules, claims(sub));
        const matched = result.rules.filter((r) => r.matched);
        expect(matched.map((r) => r.index)).toEqual([i]);
        expect(matchingRules(rules, sub)).toEqual([i]);
        expect(matched[0].groups).toEqual(b.iamGroups);
        // A group-only binding's user name defaults to the ServiceAccount name (IAM needs one).
        expect(result).toEqual(
          expect.objectContaining({ admitted: true, username: b.iamUser ?? b.serviceAccountName, groups: b.iamGroups, matchedRules: [i] }),
        );
      });

      const bound = new Set(specs.map((b) => serviceAccountSubject(b.namespace, b.serviceAccountName)));
      const strangers = [...nearMisses(specs), ...others.map(([ns, sa]) => serviceAccountSubject(ns, sa))].filter((s) => !bound.has(s));
      for (const sub of strangers) {
        const result = evaluateConversionRules(rules, claims(sub));
        expect({ sub, admitted: result.admitted, matched: result.rules.filter((r) => r.matched).map((r) => r.index) }).toEqual({
          sub,
          admitted: false,
          matched: [],
        });
        expect(matchingRules(rules, sub)).toEqual([]);
      }
      // A token without a sub claim matches nothing.
      expect(evaluateConversionRules(rules, { iss: identity.issuer, aud: [identity.clientId] }).admitted).toBe(false);
    }),
    { numRuns: 40 },
  );
  expect(runs).toBeGreaterThanOrEqual(40);
});
