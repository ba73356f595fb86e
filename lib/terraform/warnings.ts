import type { IConstruct } from 'constructs';
import { AnnotationMetadataEntryType } from './huaweicloud';

/**
 * Adds `message` to `scope` as a cdktf warning annotation (what `Annotations.of(scope).addWarning`
 * adds, and what cdktf prints and writes to the stack manifest) without a stack trace: the trace
 * would only point into the library's validation, and capturing one costs about a millisecond
 * (source-mapped frames) for every warning of every synthesis.
 */
export function addTerraformWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(AnnotationMetadataEntryType.WARN, message);
}
