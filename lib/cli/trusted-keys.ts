/**
 * The signing keys identity providers trust, read from what Terraform holds: the synthesized
 * `cdk.tf.json`, the applied state as `terraform show -json` prints it, or a raw
 * `terraform.tfstate` (format 4). Only `huaweicloud_identity_provider` resources are read, and
 * nothing of a document is ever echoed (a state may hold secrets of other resources).
 */
import type { PublicJwk } from '../core/jwks';
import { EmulatorConfigError, EmulatorConfigErrorCode } from '../iam-model/iam-errors';
import { parseSigningKey, parseTerraformDocument, readTerraformFile } from '../iam-model';
import { isJsonObject } from '../contract/json';

/** One identity provider and the keys it trusts. */
export interface TrustedKeySet {
  /** Provider name (= `X-Idp-Id`). */
  readonly provider: string;
  /** Terraform address, e.g. `huaweicloud_identity_provider.x` (with a module path for state). */
  readonly address: string;
  /** What was read: `synthesized` (cdk.tf.json) or `applied` (Terraform state). */
  readonly kind: 'synthesized' | 'applied';
  /** The trusted keys. */
  readonly keys: readonly PublicJwk[];
}

const TYPE = 'huaweicloud_identity_provider';

/** Reads every identity provider's trusted keys from a Terraform JSON file. */
export function readTrustedKeySets(path: string): TrustedKeySet[] {
  // Regular files only (a FIFO would block for ever), size- and depth-bounded: the model's one reader.
  const { doc } = readTerraformFile(path);
  if (isJsonObject(doc) && isJsonObject(doc.values)) return fromShowJson(doc.values, path);
  if (isJsonObject(doc) && doc.version === 4 && Array.isArray(doc.resources)) return fromState(doc.resources, path);
  return parseTerraformDocument(doc, path).map((p) => ({
    provider: p.name,
    address: `${TYPE}.${p.logicalId}`,
    kind: 'synthesized' as const,
    keys: (p.jwks?.keys ?? []) as PublicJwk[],
  }));
}

/** `terraform show -json`: `values.root_module.resources[]` and nested `child_modules`. */
function fromShowJson(values: Record<string, unknown>, path: string): TrustedKeySet[] {
  const out: TrustedKeySet[] = [];
  const visit = (module: unknown): void => {
    if (!isJsonObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isJsonObject(resource) || resource.type !== TYPE || resource.mode !== 'managed' || !isJsonObject(resource.values)) continue;
      const address = typeof resource.address === 'string' ? resource.address : `${TYPE}.${String(resource.name)}`;
      out.push(fromAttributes(resource.values, address, path));
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) visit(child);
  };
  visit(values.root_module);
  return out;
}

/** Raw state format 4: `resources[].instances[].attributes`. */
function fromState(resources: unknown[], path: string): TrustedKeySet[] {
  const out: TrustedKeySet[] = [];
  for (const resource of resources) {
    if (!isJsonObject(resource) || resource.type !== TYPE || resource.mode !== 'managed') continue;
    const base = `${typeof resource.module === 'string' ? `${resource.module}.` : ''}${TYPE}.${String(resource.name)}`;
    const instances = Array.isArray(resource.instances) ? resource.instances : [];
    instances.forEach((instance, i) => {
      if (!isJsonObject(instance) || !isJsonObject(instance.attributes)) return;
      const key = instance.index_key === undefined ? '' : `[${JSON.stringify(instance.index_key)}]`;
      out.push(fromAttributes(instance.attributes, `${base}${key || (instances.length > 1 ? `[${i}]` : '')}`, path));
    });
  }
  return out;
}

function fromAttributes(attributes: Record<string, unknown>, address: string, path: string): TrustedKeySet {
  const at = `${path}: ${address}`;
  if (typeof attributes.name !== 'string' || attributes.name === '') {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, `${at}.name is missing`);
  }
  const access = Array.isArray(attributes.access_config) ? attributes.access_config[0] : attributes.access_config;
  const signingKey = isJsonObject(access) ? access.signing_key : undefined;
  if (typeof signingKey !== 'string') {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, `${at}.access_config.signing_key is missing`);
  }
  return {
    provider: attributes.name,
    address,
    kind: 'applied',
    keys: parseSigningKey(signingKey, `${at}.access_config.signing_key`).keys as PublicJwk[],
  };
}
