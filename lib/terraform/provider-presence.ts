import type { IConstruct } from 'constructs';
import type { TerraformToolchain } from './toolchain';

/**
 * How many of `construct`'s validation messages, from the first, are the toolchain's missing-provider
 * message for a stack whose only missing provider is huaweicloud: 1 or 0.
 *
 * Decided by what the toolchain's check finds, never by the wording of its message: every
 * `TerraformStack` registers `ValidateProviderPresence` as its first validation, in its constructor
 * (cdktf 0.21 and cdktn 0.24 `lib/terraform-stack.js`), and that validation gives one message
 * exactly when a resource or data source of the stack names a provider (its generator metadata,
 * other than `terraform`) that no provider construct of the stack has. The same walk is repeated
 * here, with the classes of `toolchain` (the stack's own).
 */
export function providerPresenceMessageCount(construct: IConstruct, toolchain: TerraformToolchain): number {
  const { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } = toolchain;
  if (!TerraformStack.isStack(construct)) return 0;
  const used = new Set<string>();
  const found = new Set<string | undefined>();
  const walk = (node: IConstruct): void => {
    if (TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node)) {
      const name = node.terraformGeneratorMetadata?.providerName;
      if (name !== undefined && name !== 'terraform') used.add(name);
    }
    if (TerraformProvider.isTerraformProvider(node)) found.add(node.terraformGeneratorMetadata?.providerName);
    for (const child of node.node.children) walk(child);
  };
  walk(construct);
  const missing = [...used].filter((name) => !found.has(name));
  return missing.length === 1 && missing[0] === 'huaweicloud' ? 1 : 0;
}
