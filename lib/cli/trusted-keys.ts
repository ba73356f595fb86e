/**
 * The signing keys identity providers trust, read from what Terraform holds: the synthesized
 * `cdk.tf.json`, `terraform show -json` of the state or of a plan, or a raw `terraform.tfstate`.
 * The model's one reader does the work (its form detection, its normalisation, its limits); only
 * `huaweicloud_identity_provider` resources are reported, and nothing of a document is ever echoed
 * (a state may hold secrets of other resources).
 */
import type { PublicJwk } from '../core/jwks/jwks';
import { parseTerraformDocument, readTerraformFile, terraformForm } from '../iam-model';
import { isJsonObject } from '../contract/json';

/** One identity provider and the keys it trusts. */
export interface TrustedKeySet {
  /** Provider name (= `X-Idp-Id`). */
  readonly provider: string;
  /** Terraform address, e.g. `huaweicloud_identity_provider.x` (with a module path for state). */
  readonly address: string;
  /** What was read: `synthesized` (cdk.tf.json) or `applied` (Terraform state, or a plan's planned values). */
  readonly kind: 'synthesized' | 'applied';
  /** The trusted keys. */
  readonly keys: readonly PublicJwk[];
}

const TYPE = 'huaweicloud_identity_provider';

/** Reads every identity provider's trusted keys from a Terraform JSON file. */
export function readTrustedKeySets(path: string): TrustedKeySet[] {
  // Regular files only (a FIFO would block for ever), size- and depth-bounded: the model's one reader.
  const { doc } = readTerraformFile(path);
  const synthesized = !isJsonObject(doc) || terraformForm(doc) === 'cdk.tf.json';
  // parseTerraformDocument brings every form to the cdk.tf.json shape (toSynthShape) and rejects a non-object with its own message.
  return parseTerraformDocument(doc, path).map((p) => ({
    provider: p.name,
    address: synthesized ? `${TYPE}.${p.logicalId}` : stateAddress(p.logicalId),
    kind: synthesized ? 'synthesized' : 'applied',
    keys: (p.jwks?.keys ?? []) as PublicJwk[],
  }));
}

/**
 * Terraform's address of a provider read from state or `terraform show -json`, whose logical id is
 * `<module path>.<name><index>` (`module.iam["a.b"].p[0]`): the module path moves before the type,
 * as Terraform writes it (`module.iam["a.b"].huaweicloud_identity_provider.p[0]`). One forward scan.
 */
function stateAddress(logicalId: string): string {
  let at = 0;
  while (logicalId.startsWith('module.', at)) {
    let i = at + 'module.'.length;
    while (i < logicalId.length && logicalId[i] !== '.' && logicalId[i] !== '[') i += 1;
    if (logicalId[i] === '[') i = afterIndex(logicalId, i);
    if (i < 0 || logicalId[i] !== '.') break;
    at = i + 1;
  }
  return `${logicalId.slice(0, at)}${TYPE}.${logicalId.slice(at)}`;
}

/** The position after the `[…]` index starting at `open` (a number or a JSON string), or -1. */
function afterIndex(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '"') {
    for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    i += 1;
  } else {
    while (i < text.length && text[i] !== ']') i += 1;
  }
  return text[i] === ']' ? i + 1 : -1;
}
