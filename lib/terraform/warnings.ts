import type { IConstruct } from 'constructs';
import type { WarningSink } from '../constructs/validation-hook';
import type { TerraformToolchain } from './toolchain';

/**
 * A sink that adds each message to its construct as a warning annotation of `toolchain` (what
 * `Annotations.of(scope).addWarning` adds, and what cdktf or cdktn prints and writes to the stack
 * manifest) without a stack trace: the trace would only point into the library's validation, and
 * capturing one costs about a millisecond (source-mapped frames) for every warning of every synthesis.
 */
export function terraformWarningSink(toolchain: TerraformToolchain): WarningSink {
  return (scope: IConstruct, message: string): void => {
    scope.node.addMetadata(toolchain.AnnotationMetadataEntryType.WARN, message);
  };
}
