/**
 * The one module that loads cdktn (see cdktn-peer.js): the generated bindings import its namespace
 * from here, and lib/cdktn/terraform/huaweicloud.ts its classes. The declarations are cdktn's own (re-exported).
 * Hand-written JavaScript with this declaration beside it, because TypeScript cannot emit a
 * re-export that tolerates a missing package; `npm run build` copies both into dist-lib.
 */
import * as cdktn from 'cdktn';
export { cdktn };
export {
  AnnotationMetadataEntryType, Annotations, App, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformOutput, TerraformProvider,
  TerraformResource, TerraformStack, Token,
} from 'cdktn';
export type { IResolveContext, ITerraformDependable } from 'cdktn';
