/**
 * Loads identity providers and their conversion rules from synthesized Terraform JSON
 * (cdktf's `cdktf.out/stacks/<stack>/cdk.tf.json`) — the library's real output, no side channel.
 *
 * Only literal values are accepted for what the emulator needs (names, URLs, client ids, the
 * signing key, rules): a `${…}` expression cannot be evaluated offline and is rejected with the
 * attribute's address. The one exception is a rule's `group`, which may reference a group block of
 * the same document (`${[data.]huaweicloud_identity_group.<addr>.name}`) and is resolved to its name.
 * Grants (groups, roles, assignments) are read in the same pass (`../permissions/grants-loader`).
 */
import type { JSONWebKeySet, JWK } from './jose';
import { PRIVATE_JWK_MEMBERS } from '../core/jwks/jwks';
import {
  parseTerraformGrants, resolveConversionGroup, type PolicyCache, type RoleAssignment, type TerraformAgency, type TerraformGrants,
  type TerraformGroup,
  type TerraformPodIdentityAssociation, type TerraformRole,
} from './grants-loader';
import { EmulatorConfigError, EmulatorConfigErrorCode } from './iam-errors';
import type { EmulatedConversionRule, EmulatedConversionRuleLocal, EmulatedConversionRuleRemote, EmulatedRemoteCondition } from './mapping-engine';
import { isJsonObject } from '../contract/json';
import { truncate } from './reader/values';
import { checkBlockCount, parseBoundedJson, readTerraformFile, toSynthShape, type RawDocument } from './reader/input';

/** What the emulator loads: a path to a `cdk.tf.json`, its parsed content, or several of them. */
export type TerraformInput = string | object | ReadonlyArray<string | object>;

/** An identity provider as the emulator (and `explain`) sees it. */
export interface EmulatedIdentityProvider {
  /** Provider name (= its IAM id, the `X-Idp-Id` / `HUAWEICLOUD_SDK_IDP_ID` value). */
  readonly name: string;
  /** Terraform logical id of the `huaweicloud_identity_provider` resource. */
  readonly logicalId: string;
  /** Where it was loaded from: the file path, or `<object #n>` for a parsed object. */
  readonly source: string;
  /** `oidc` or `saml`. Only OIDC providers can exchange id tokens. */
  readonly protocol: string;
  /** `status` of the provider; a disabled provider admits nobody. */
  readonly enabled: boolean;
  /** `access_config.access_type` (`program` or `program_console`). */
  readonly accessType: string | undefined;
  /** `access_config.provider_url`: the required `iss`. */
  readonly issuer: string | undefined;
  /** `access_config.client_id`: the required member of `aud`. */
  readonly clientId: string | undefined;
  /** `access_config.signing_key`, parsed: public keys only. */
  readonly jwks: { readonly keys: JWK[] } | undefined;
  /** Conversion rules, or undefined when no `huaweicloud_identity_provider_conversion` targets the provider. */
  readonly rules: readonly EmulatedConversionRule[] | undefined;
  /** Terraform logical id of the conversion resource, when there is one. */
  readonly conversionLogicalId: string | undefined;
}

const PROVIDER_TYPE = 'huaweicloud_identity_provider';
const CONVERSION_TYPE = 'huaweicloud_identity_provider_conversion';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** lib/contract's {@link isJsonObject}, typed for parsed JSON (whose members are JSON values). */
const isObject = isJsonObject as (value: unknown) => value is JsonObject;

interface PendingConversion {
  readonly logicalId: string;
  readonly source: string;
  readonly target: { readonly logicalId: string } | { readonly name: string };
  readonly rules: readonly EmulatedConversionRule[];
}

/** Identity providers and grants read from the Terraform input(s), each file parsed once. */
export interface LoadedTerraform {
  /** Identity providers with their conversion rules (group references resolved to names). */
  readonly providers: EmulatedIdentityProvider[];
  /** Groups, roles and role assignments of all inputs. */
  readonly grants: TerraformGrants;
}

/** Loads every identity provider (with its rules) from one or several Terraform JSON inputs. */
export function loadIdentityProviders(input: TerraformInput): EmulatedIdentityProvider[] {
  return loadTerraform(input).providers;
}

/**
 * Loads identity providers and grants from one or several Terraform JSON inputs. `policies` shares
 * parsed custom policies between reads (e.g. both sides of a diff); by default, one read's own.
 */
export function loadTerraform(input: TerraformInput, policies: PolicyCache = new Map()): LoadedTerraform {
  const docs = readInputs(input);
  const providers: EmulatedIdentityProvider[] = [];
  const groups: TerraformGroup[] = [];
  const roles: TerraformRole[] = [];
  const assignments: RoleAssignment[] = [];
  const warnings: string[] = [];
  const agencies: TerraformAgency[] = [];
  const associations: TerraformPodIdentityAssociation[] = [];
  // Loops, not push(...spread): a spread of 100,000 elements overflows the stack.
  const append = <T>(into: T[], from: readonly T[] | undefined): void => {
    for (const item of from ?? []) into.push(item);
  };
  for (const { doc, source } of docs) {
    const parsed = parseDocument(doc, source, policies);
    append(providers, parsed.providers);
    append(groups, parsed.grants.groups);
    append(roles, parsed.grants.roles);
    append(assignments, parsed.grants.assignments);
    append(warnings, parsed.grants.warnings);
    append(agencies, parsed.grants.agencies);
    append(associations, parsed.grants.associations);
  }
  assertUniqueNames(providers);
  return { providers, grants: { groups, roles, assignments, agencies, associations, warnings } };
}

/** Parses one `cdk.tf.json` document. Pure. */
export function parseTerraformDocument(doc: unknown, source: string): EmulatedIdentityProvider[] {
  return parseDocument(doc, source).providers;
}

/** The resource types the model reads (the block-count limit counts these). */
const MODEL_TYPES = [
  PROVIDER_TYPE, CONVERSION_TYPE, 'huaweicloud_identity_group', 'huaweicloud_identity_role', 'huaweicloud_identity_projects',
  'huaweicloud_identity_group_role_assignment', 'huaweicloud_identity_agency', 'huaweicloud_cce_cluster_pod_identity_association',
];

function parseDocument(input: unknown, source: string, policies: PolicyCache = new Map()): LoadedTerraform {
  if (!isObject(input)) {
    throw invalid(`${source}: Terraform JSON must be an object, got ${describe(input)}`);
  }
  // One shape for the three forms: cdk.tf.json, `terraform show -json`, tfstate.
  const doc = toSynthShape(input, source) as JsonObject;
  checkBlockCount(doc, MODEL_TYPES, source);
  const grants = parseTerraformGrants(doc, source, policies);
  const resource = doc.resource;
  if (resource === undefined) return { providers: [], grants };
  if (!isObject(resource)) throw invalid(`${source}: "resource" must be an object`);
  const providerBlocks = resourceBlocks(resource, PROVIDER_TYPE, source);
  const conversionBlocks = resourceBlocks(resource, CONVERSION_TYPE, source);

  const base = providerBlocks.map(([logicalId, block]) => parseProvider(logicalId, block, source));
  const conversions = conversionBlocks.map(([logicalId, block]) => parseConversion(logicalId, block, source, grants.groups));

  const byProvider = new Map<string, PendingConversion>();
  for (const conversion of conversions) {
    const provider = base.find((p) =>
      'logicalId' in conversion.target ? p.logicalId === conversion.target.logicalId : p.name === conversion.target.name,
    );
    if (!provider) {
      const wanted = 'logicalId' in conversion.target
        ? `resource ${PROVIDER_TYPE}.${conversion.target.logicalId}`
        : `provider named "${conversion.target.name}"`;
      throw new EmulatorConfigError(
        EmulatorConfigErrorCode.ConversionInvalid,
        `${source}: ${CONVERSION_TYPE}.${conversion.logicalId}.provider_id refers to ${wanted}, which this Terraform does not declare`,
      );
    }
    const existing = byProvider.get(provider.name);
    if (existing) {
      throw new EmulatorConfigError(
        EmulatorConfigErrorCode.ConversionInvalid,
        `${source}: both ${CONVERSION_TYPE}.${existing.logicalId} and ${CONVERSION_TYPE}.${conversion.logicalId} target provider "${provider.name}"; `
          + 'IAM keeps one mapping per provider, so the result would depend on apply order',
      );
    }
    byProvider.set(provider.name, conversion);
  }
  const providers = base.map((p) => {
    const conversion = byProvider.get(p.name);
    return { ...p, rules: conversion?.rules, conversionLogicalId: conversion?.logicalId };
  });
  return { providers, grants };
}

/** Parses a `signing_key` JSON string into a public JWKS, rejecting private or symmetric keys. Pure. */
export function parseSigningKey(value: string, where: string): JSONWebKeySet {
  if (value.length > 30_000) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} is ${value.length} characters, over IAM's 30,000 for a `
      + 'signing_key; keep only the cluster\'s current public keys');
  }
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(value, where, EmulatorConfigErrorCode.SigningKeyInvalid);
  } catch (error) {
    if (error instanceof EmulatorConfigError && /nests JSON deeper/.test(error.message)) throw error;
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} is not valid JSON (expected a JWKS like {"keys":[…]})`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.keys)) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} must be a JWKS object with a "keys" array`);
  }
  if (parsed.keys.length === 0) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} has an empty "keys" array`);
  }
  const keys: JWK[] = parsed.keys.map((key, index) => checkPublicJwk(key, `${where}.keys[${index}]`));
  return { keys };
}

function checkPublicJwk(key: Json, where: string): JWK {
  if (!isObject(key)) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} must be an object`);
  }
  const kty = key.kty;
  if (kty === 'oct') {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} is a symmetric ("oct") key; an OIDC signing key must `
      + 'be public (RSA or EC)');
  }
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} has unsupported kty ${JSON.stringify(kty)} `
      + '(expected "RSA" or "EC")');
  }
  const secretMembers = PRIVATE_JWK_MEMBERS.filter((m) => key[m] !== undefined);
  if (secretMembers.length > 0) {
    // Names only: never echo key material.
    throw new EmulatorConfigError(
      EmulatorConfigErrorCode.SigningKeyInvalid,
      `${where} contains private key members (${secretMembers.join(', ')}); the signing key must be the PUBLIC JWKS (kubectl get `
        + '--raw /openid/v1/jwks)',
    );
  }
  if (key.use !== undefined && key.use !== 'sig') {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.SigningKeyInvalid, `${where} has use ${JSON.stringify(key.use)}; signing keys must `
      + 'have use "sig" or none');
  }
  return key as JWK;
}

function readInputs(input: TerraformInput): RawDocument[] {
  const items: ReadonlyArray<string | object> = isReadonlyArray(input) ? input : [input];
  if (items.length === 0) {
    throw invalid('no Terraform input given');
  }
  return items.map((item, index) => (typeof item === 'string' ? readTerraformFile(item) : { doc: item, source: `<object #${index}>` }));
}

function resourceBlocks(resource: JsonObject, type: string, source: string): Array<[string, JsonObject]> {
  const group = resource[type];
  if (group === undefined) return [];
  if (!isObject(group)) throw invalid(`${source}: resource.${type} must be an object keyed by logical id`);
  return Object.entries(group)
    .filter(([logicalId]) => !logicalId.startsWith('//'))
    .map(([logicalId, block]) => {
      if (!isObject(block)) throw invalid(`${source}: resource.${type}.${logicalId} must be an object`);
      return [logicalId, block];
    });
}

function parseProvider(logicalId: string, block: JsonObject, source: string): EmulatedIdentityProvider {
  const at = `${source}: ${PROVIDER_TYPE}.${logicalId}`;
  const name = requiredString(block.name, `${at}.name`);
  const protocol = optionalString(block.protocol, `${at}.protocol`) ?? 'oidc';
  const enabled = optionalBoolean(block.status, `${at}.status`) ?? true;
  const accessConfig = singleBlock(block.access_config, `${at}.access_config`);
  const signingKey = accessConfig ? optionalString(accessConfig.signing_key, `${at}.access_config.signing_key`) : undefined;
  return {
    name,
    logicalId,
    source,
    protocol,
    enabled,
    accessType: accessConfig ? optionalString(accessConfig.access_type, `${at}.access_config.access_type`) : undefined,
    issuer: accessConfig ? optionalString(accessConfig.provider_url, `${at}.access_config.provider_url`) : undefined,
    clientId: accessConfig ? optionalString(accessConfig.client_id, `${at}.access_config.client_id`) : undefined,
    jwks: signingKey === undefined ? undefined : parseSigningKey(signingKey, `${at}.access_config.signing_key`),
    rules: undefined,
    conversionLogicalId: undefined,
  };
}

const REFERENCE = /^\$\{huaweicloud_identity_provider\.([A-Za-z0-9_-]+)\.(id|name)\}$/;

function parseConversion(logicalId: string, block: JsonObject, source: string, groups: readonly TerraformGroup[]): PendingConversion {
  const at = `${source}: ${CONVERSION_TYPE}.${logicalId}`;
  const providerId = block.provider_id;
  if (typeof providerId !== 'string' || providerId === '') {
    throw invalid(`${at}.provider_id must be a string`);
  }
  const reference = REFERENCE.exec(providerId);
  let target: PendingConversion['target'];
  if (reference) {
    target = { logicalId: reference[1] };
  } else {
    target = { name: literal(providerId, `${at}.provider_id`) };
  }
  const rulesValue = block.conversion_rules;
  if (!Array.isArray(rulesValue)) {
    if (typeof rulesValue === 'string') literal(rulesValue, `${at}.conversion_rules`);
    throw invalid(`${at}.conversion_rules must be a list of {local, remote} blocks`);
  }
  const rules = rulesValue.map((rule, index) => parseRule(rule, `${at}.conversion_rules[${index}]`, groups));
  return { logicalId, source, target, rules };
}

function parseRule(rule: Json, at: string, groups: readonly TerraformGroup[]): EmulatedConversionRule {
  if (!isObject(rule)) throw invalid(`${at} must be an object with "local" and "remote"`);
  const local = listOfBlocks(rule.local, `${at}.local`).map((entry, index) => parseLocal(entry, `${at}.local[${index}]`, groups));
  const remote = listOfBlocks(rule.remote, `${at}.remote`).map((entry, index) => parseRemote(entry, `${at}.remote[${index}]`));
  if (remote.length === 0) throw invalid(`${at}.remote must have at least one entry`);
  return { local, remote };
}

function parseLocal(entry: JsonObject, at: string, groups: readonly TerraformGroup[]): EmulatedConversionRuleLocal {
  const username = optionalString(entry.username, `${at}.username`);
  // A group is named literally or by reference to a group block of the same document (issue 9 contract).
  const groupValue = entry.group;
  const group = typeof groupValue === 'string'
    ? resolveConversionGroup(groupValue, `${at}.group`, groups)
    : optionalString(groupValue, `${at}.group`);
  if (username === undefined && group === undefined) {
    throw invalid(`${at} must set "username" and/or "group"`);
  }
  return { ...(username !== undefined ? { username } : {}), ...(group !== undefined ? { group } : {}) };
}

function parseRemote(entry: JsonObject, at: string): EmulatedConversionRuleRemote {
  const attribute = requiredString(entry.attribute, `${at}.attribute`);
  const conditionRaw = optionalString(entry.condition, `${at}.condition`);
  let condition: EmulatedRemoteCondition | undefined;
  if (conditionRaw !== undefined && conditionRaw !== '') {
    if (conditionRaw !== 'any_one_of' && conditionRaw !== 'not_any_of') {
      throw invalid(`${at}.condition must be "any_one_of" or "not_any_of", got ${JSON.stringify(conditionRaw)}`);
    }
    condition = conditionRaw;
  }
  const valueRaw = entry.value;
  let value: string[] | undefined;
  if (valueRaw !== undefined && valueRaw !== null) {
    if (!Array.isArray(valueRaw)) {
      if (typeof valueRaw === 'string') literal(valueRaw, `${at}.value`);
      throw invalid(`${at}.value must be a list of strings`);
    }
    value = valueRaw.map((v, index) => requiredString(v, `${at}.value[${index}]`));
  }
  if (condition !== undefined && (value === undefined || value.length === 0)) {
    throw invalid(`${at} has condition "${condition}" but no "value" list`);
  }
  return { attribute, ...(condition !== undefined ? { condition } : {}), ...(value !== undefined ? { value } : {}) };
}

function listOfBlocks(value: Json | undefined, at: string): JsonObject[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, index) => {
    if (!isObject(entry)) throw invalid(`${at}[${index}] must be an object`);
    return entry;
  });
}

function singleBlock(value: Json | undefined, at: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.length > 1) throw invalid(`${at} may have at most one block, got ${value.length}`);
    const [only] = value;
    if (!isObject(only)) throw invalid(`${at}[0] must be an object`);
    return only;
  }
  if (typeof value === 'string') literal(value, at);
  if (!isObject(value)) throw invalid(`${at} must be an object`);
  return value;
}

function literal(value: string, at: string): string {
  if (value.includes('${')) {
    throw new EmulatorConfigError(
      EmulatorConfigErrorCode.NonLiteral,
      `${at} is a Terraform expression (${truncate(value)}); the emulator needs the literal value — synthesize it inline (e.g. the JWKS JSON `
        + `string, not \${file(...)})`,
    );
  }
  return value;
}

function requiredString(value: Json | undefined, at: string): string {
  const s = optionalString(value, at);
  if (s === undefined || s === '') throw invalid(`${at} is required (a non-empty string)`);
  return s;
}

function optionalString(value: Json | undefined, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${at} must be a string, got ${describe(value)}`);
  return literal(value, at);
}

function optionalBoolean(value: Json | undefined, at: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    literal(value, at);
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  throw invalid(`${at} must be a boolean, got ${describe(value)}`);
}

function assertUniqueNames(providers: readonly EmulatedIdentityProvider[]): void {
  const seen = new Map<string, EmulatedIdentityProvider>();
  for (const p of providers) {
    const other = seen.get(p.name);
    if (other) {
      throw new EmulatorConfigError(
        EmulatorConfigErrorCode.DuplicateProvider,
        `identity provider "${p.name}" is declared twice (${other.source}: ${PROVIDER_TYPE}.${other.logicalId} and ${p.source}: `
          + `${PROVIDER_TYPE}.${p.logicalId})`,
      );
    }
    seen.set(p.name, p);
  }
}

function invalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, message);
}


function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function isReadonlyArray(value: TerraformInput): value is ReadonlyArray<string | object> {
  return Array.isArray(value);
}
