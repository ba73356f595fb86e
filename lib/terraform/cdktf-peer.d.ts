/**
 * The one module that loads cdktf (see cdktf-peer.js): the generated bindings import its namespace
 * from here, and `huaweicloud.ts` its classes. The declarations are cdktf's own (re-exported).
 * Hand-written JavaScript with this declaration beside it, because TypeScript cannot emit a
 * re-export that tolerates a missing package; `npm run build` copies both into dist-lib.
 */
import * as cdktf from 'cdktf';
export { cdktf };
export {
  AnnotationMetadataEntryType, Annotations, App, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformOutput, TerraformProvider,
  TerraformResource, TerraformStack, Token,
} from 'cdktf';
export type { IResolveContext, ITerraformDependable } from 'cdktf';
