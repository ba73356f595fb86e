/**
 * `explain`: reads synthesized Terraform JSON and says which Kubernetes ServiceAccounts become which
 * IAM user and groups through which identity provider — and, given a token, whether IAM would
 * admit it and, if not, exactly which check or rule fails. It uses the emulator's own loader,
 * verifier and mapping engine, so its answer is the emulator's answer.
 *
 * The token is never part of the report.
 */
import type { IamCheck } from '../iam-errors';
import { IamError } from '../iam-errors';
import type { EmulatedConversionRule, RuleEvaluation } from '../mapping-engine';
import { evaluateConversionRules } from '../mapping-engine';
import { loadTerraform, type EmulatedIdentityProvider, type TerraformInput } from '../terraform-loader';
import { admitIdToken, allowedAlgorithms, peekClaims, verifyIdToken } from '../token-verifier';
import { effectivePermissions, formatEffectivePermissions, type EffectivePermissions } from './explain-permission';
import { parseServiceAccountSubject } from '../service-account-subject';
import { explainAssociations, formatAssociations, type ExplainedAssociation } from './explain-pod-identity';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** A token (compact JWS) to check against the providers. Never echoed. @default no token check */
  readonly token?: string;
  /** Only explain this provider. @default every provider */
  readonly provider?: string;
  /** Clock in ms since the epoch, for the token's time claims. @default Date.now */
  readonly now?: () => number;
  /** Tolerance for `exp` / `nbf` / `iat`, in seconds. @default 60 */
  readonly clockSkewSeconds?: number;
}

/** A Kubernetes ServiceAccount named by a rule. */
export interface ServiceAccountRef {
  /** Namespace. */
  readonly namespace: string;
  /** Name. */
  readonly name: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;
}

/** What one conversion rule grants to whom. */
export interface ExplainedRule {
  /** Index in `conversion_rules`. */
  readonly index: number;
  /** ServiceAccounts the rule admits by `sub` `any_one_of`; empty when it selects otherwise. */
  readonly serviceAccounts: readonly ServiceAccountRef[];
  /** The rule's conditions in words, e.g. `sub is any of ["…"]`. */
  readonly condition: string;
  /** Username the rule yields (a template when it uses `{N}`), if any. */
  readonly username: string | undefined;
  /** Groups the rule yields (templates when they use `{N}`). */
  readonly groups: readonly string[];
}

/** One identity provider, explained. */
export interface ExplainedProvider {
  /** Provider name (the `X-Idp-Id`). */
  readonly name: string;
  /** Terraform address of the provider resource. */
  readonly resource: string;
  /** Where it was loaded from. */
  readonly source: string;
  /** Whether the provider is enabled. */
  readonly enabled: boolean;
  /** Protocol (`oidc` / `saml`). */
  readonly protocol: string;
  /** `access_type`. */
  readonly accessType: string | undefined;
  /** Required `iss`. */
  readonly issuer: string | undefined;
  /** Required member of `aud`. */
  readonly clientId: string | undefined;
  /** Key ids of the signing key. */
  readonly keyIds: readonly string[];
  /** JWS algorithms the signing key allows. */
  readonly algorithms: readonly string[];
  /** Conversion rules, explained; undefined when the provider has no conversion resource. */
  readonly rules: readonly ExplainedRule[] | undefined;
  /** Things that are probably mistakes. */
  readonly warnings: readonly string[];
}

/** One step of checking a token against a provider. */
export interface TokenCheckStep {
  /** Which check. */
  readonly check: IamCheck;
  /** Whether it passed. */
  readonly passed: boolean;
  /** What was compared. */
  readonly detail: string;
}

/** The verdict of one provider on the token. */
export interface TokenVerdict {
  /** Provider name. */
  readonly provider: string;
  /** Whether IAM would issue a token. */
  readonly admitted: boolean;
  /** Federated user, when admitted. */
  readonly username: string | undefined;
  /** Groups, when admitted. */
  readonly groups: readonly string[];
  /** First failed check, when denied. */
  readonly failedCheck: IamCheck | undefined;
  /** IAM-style error code the emulator would answer, when denied. */
  readonly code: string | undefined;
  /** HTTP status the emulator would answer (201 when admitted). */
  readonly status: number;
  /** One-line reason. */
  readonly reason: string;
  /** Per-rule evaluation, when the token verified (whether or not a rule matched). */
  readonly ruleEvaluations: readonly RuleEvaluation[] | undefined;
}

/** What the token says about itself (unverified), without the token. */
export interface TokenSummary {
  /** `sub`. */
  readonly subject: string | undefined;
  /** `iss`. */
  readonly issuer: string | undefined;
  /** `jti`. */
  readonly jti: string | undefined;
  /** `iat` (seconds). */
  readonly issuedAt: number | undefined;
}

/** The report of {@link explain}. */
export interface ExplainReport {
  /** Providers, in input order. */
  readonly providers: readonly ExplainedProvider[];
  /** Token verdicts, when a token was given. */
  readonly token: { readonly summary: TokenSummary; readonly admitted: boolean; readonly verdicts: readonly TokenVerdict[] } | undefined;
  /** Per ServiceAccount the rules name: groups → roles → scope (from the Terraform's grants). */
  readonly permissions: EffectivePermissions;
  /** Pod identity associations: ServiceAccount → agency → roles (empty with `provider`). @default [] */
  readonly podIdentity?: readonly ExplainedAssociation[];
}

/** Explains a synthesized Terraform JSON (path(s) or parsed), optionally checking a token. */
export async function explain(terraform: TerraformInput, options: ExplainOptions = {}): Promise<ExplainReport> {
  const { providers: all, grants } = loadTerraform(terraform);
  const providers = options.provider === undefined ? all : all.filter((p) => p.name === options.provider);
  if (options.provider !== undefined && providers.length === 0) {
    throw new Error(`no identity provider named ${showLabel(options.provider)} (loaded: ${all.map((p) => showLabel(p.name)).join(', ') || 'none'})`);
  }
  const explained = providers.map(explainProvider);
  const permissions = effectivePermissions(providers, grants);
  const podIdentity = options.provider === undefined ? explainAssociations(grants) : [];
  if (options.token === undefined) return { providers: explained, token: undefined, permissions, podIdentity };
  const token = options.token.trim();
  const verdicts: TokenVerdict[] = [];
  for (const provider of providers) verdicts.push(await judge(provider, token, options));
  const peek = peekClaims(token);
  return {
    providers: explained,
    token: {
      summary: { subject: peek.sub, issuer: peek.iss, jti: peek.jti, issuedAt: peek.iat },
      admitted: verdicts.some((v) => v.admitted),
      verdicts,
    },
    permissions,
    podIdentity,
  };
}

/** Explains one provider's configuration. Pure. */
export function explainProvider(provider: EmulatedIdentityProvider): ExplainedProvider {
  const warnings: string[] = [];
  if (!provider.enabled) warnings.push('provider is disabled (status = false): it admits nobody');
  if (provider.protocol !== 'oidc') warnings.push(`protocol is "${provider.protocol}": only OIDC providers take Kubernetes tokens`);
  if (provider.accessType !== undefined && provider.accessType !== 'program' && provider.accessType !== 'program_console') {
    warnings.push(`access_type "${provider.accessType}" does not allow programmatic access`);
  }
  if (provider.rules === undefined) warnings.push('no huaweicloud_identity_provider_conversion targets this provider: no ServiceAccount is mapped');
  const rules = provider.rules?.map((rule, index) => explainRule(rule, index, warnings));
  return {
    name: provider.name,
    resource: `huaweicloud_identity_provider.${provider.logicalId}`,
    source: provider.source,
    enabled: provider.enabled,
    protocol: provider.protocol,
    accessType: provider.accessType,
    issuer: provider.issuer,
    clientId: provider.clientId,
    keyIds: provider.jwks?.keys.map((k) => (typeof k.kid === 'string' ? k.kid : '(no kid)')) ?? [],
    algorithms: provider.jwks ? allowedAlgorithms(provider.jwks) : [],
    rules,
    warnings,
  };
}

function explainRule(rule: EmulatedConversionRule, index: number, warnings: string[]): ExplainedRule {
  const serviceAccounts: ServiceAccountRef[] = [];
  const parts: string[] = [];
  for (const remote of rule.remote) {
    const values = remote.value ?? [];
    if (remote.condition === undefined) {
      parts.push(`${remote.attribute} is present`);
      if (remote.attribute === 'sub' && rule.remote.every((r) => r.condition === undefined)) {
        warnings.push(`rule #${index} conditions nothing but the presence of "sub": it admits EVERY ServiceAccount token the cluster `
          + 'issues for this audience');
      }
    } else if (remote.condition === 'any_one_of') {
      parts.push(`${remote.attribute} is any of ${JSON.stringify(values)}`);
      if (remote.attribute === 'sub') {
        for (const value of values) {
          const sa = parseServiceAccountSubject(value);
          if (sa) serviceAccounts.push({ namespace: sa.namespace, name: sa.name, subject: value });
          else warnings.push(`rule #${index}: sub value ${JSON.stringify(value)} is not a ServiceAccount subject `
            + '(system:serviceaccount:<namespace>:<name>)');
        }
      }
    } else {
      parts.push(`${remote.attribute} is none of ${JSON.stringify(values)}`);
      if (remote.attribute === 'sub' && rule.remote.every((r) => r.condition !== 'any_one_of')) {
        warnings.push(`rule #${index} only excludes subjects (not_any_of): every other ServiceAccount is admitted`);
      }
    }
  }
  const username = rule.local.find((l) => l.username !== undefined)?.username;
  const groups = rule.local.flatMap((l) => (l.group === undefined ? [] : [l.group]));
  if (username === undefined) warnings.push(`rule #${index} sets no username: on its own it admits nobody`);
  return { index, serviceAccounts, condition: parts.join(' and '), username, groups };
}

async function judge(provider: EmulatedIdentityProvider, token: string, options: ExplainOptions): Promise<TokenVerdict> {
  const checkOptions = { now: options.now, clockSkewSeconds: options.clockSkewSeconds };
  try {
    const admitted = await admitIdToken(provider, token, checkOptions);
    return {
      provider: provider.name,
      admitted: true,
      username: admitted.username,
      groups: admitted.groups,
      failedCheck: undefined,
      code: undefined,
      status: 201,
      reason: `rule(s) ${admitted.mapping.matchedRules.map((i) => `#${i}`).join(', ')} matched`,
      ruleEvaluations: admitted.mapping.rules,
    };
  } catch (error) {
    if (!(error instanceof IamError)) throw error;
    let ruleEvaluations: readonly RuleEvaluation[] | undefined;
    if (error.check === 'mapping') {
      const verified = await verifyIdToken(provider, token, checkOptions);
      ruleEvaluations = evaluateConversionRules(provider.rules ?? [], verified.claims).rules;
    }
    return {
      provider: provider.name, admitted: false, username: undefined, groups: [], failedCheck: error.check, code: error.code, status: error.status,
      reason: error.detail, ruleEvaluations,
    };
  }
}

/** Renders a report as plain text for a terminal. Pure; never includes the token. */
export function formatExplainReport(report: ExplainReport): string {
  const out: string[] = [];
  if (report.providers.length === 0 && (report.podIdentity ?? []).length === 0) out.push('No huaweicloud_identity_provider in this Terraform.');
  for (const p of report.providers) {
    out.push(`Identity provider "${p.name}" (${p.enabled ? 'enabled' : 'DISABLED'}, ${p.protocol}${p.accessType ? `, access ${p.accessType}` : ''})`);
    out.push(`  resource:   ${p.resource} in ${p.source}`);
    out.push(`  issuer:     ${p.issuer ?? '(none)'}  (token "iss" must equal it)`);
    out.push(`  client id:  ${p.clientId ?? '(none)'}  (token "aud" must contain it)`);
    out.push(`  keys:       ${p.keyIds.length ? p.keyIds.map((k) => `kid ${k}`).join(', ') : '(none)'}; algorithms `
      + `${p.algorithms.join(', ') || '(none)'}`);
    if (p.rules === undefined) {
      out.push('  rules:      (no conversion resource)');
    } else {
      for (const r of p.rules) {
        const who = r.serviceAccounts.length > 0
          ? r.serviceAccounts.map((sa) => `ServiceAccount ${sa.namespace}/${sa.name}`).join(', ')
          : `tokens where ${r.condition}`;
        const as = `user ${r.username === undefined ? '(none)' : JSON.stringify(r.username)}, groups `
          + `${r.groups.length ? r.groups.map((g) => JSON.stringify(g)).join(', ') : '(none)'}`;
        out.push(`  rule #${r.index}:    ${who} -> ${as}`);
        if (r.serviceAccounts.length > 0 && r.condition.includes(' and ')) out.push(`              when ${r.condition}`);
      }
    }
    for (const w of p.warnings) out.push(`  warning:    ${w}`);
    out.push('');
  }
  out.push(...formatEffectivePermissions(report.permissions));
  out.push(...formatAssociations(report.podIdentity ?? []));
  if (report.token) {
    const s = report.token.summary;
    out.push(`Token: sub ${s.subject ?? '(none)'}, iss ${s.issuer ?? '(none)'}${s.jti ? `, jti ${s.jti}` : ''}`
      + `${s.issuedAt !== undefined ? `, issued ${new Date(s.issuedAt * 1000).toISOString()}` : ''}`);
    for (const v of report.token.verdicts) {
      if (v.admitted) {
        out.push(`  ${v.provider}: ADMITTED as user ${JSON.stringify(v.username)} in groups `
          + `${v.groups.map((g) => JSON.stringify(g)).join(', ') || '(none)'} (${v.reason})`);
      } else {
        out.push(`  ${v.provider}: DENIED at check "${v.failedCheck}" (HTTP ${v.status} ${v.code}): ${v.reason}`);
        for (const r of v.ruleEvaluations ?? []) {
          const failed = r.remotes.filter((x) => !x.matched).map((x) => x.reason);
          out.push(`    rule #${r.index}: ${r.matched ? 'matched' : r.error ?? failed.join('; ')}`);
        }
      }
    }
    out.push(report.token.admitted ? 'Result: admitted.' : 'Result: denied by every provider.');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// `explain --can`: the permission question, as a function.
export {
  explainPermission,
  formatPermissionReport,
  effectivePermissions,
  formatEffectivePermissions,
  type ExplainPermissionOptions,
  type PermissionReport,
  type PermissionVerdict,
  type ScopeVerdict,
  type DecidingStatement,
  type EffectivePermissions,
  type ServiceAccountPermissions,
  type GroupPermissions,
  type AssignedRole,
} from './explain-permission';
import { showLabel } from '../../core/issues/issues';
// Pod identity associations (issue 10).
export { explainAssociations, formatAssociations, type ExplainedAssociation } from './explain-pod-identity';
