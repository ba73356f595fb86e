/**
 * The one module that loads cdk8s (see cdk8s-peer.js); the declarations are cdk8s' own
 * (re-exported). Hand-written JavaScript with this declaration beside it, because TypeScript cannot
 * emit a re-export that tolerates a missing package; `npm run build` copies both into dist-lib.
 */
export { ApiObject, ApiObjectMetadataDefinition, App, Chart, Names } from 'cdk8s';
export type { ApiObjectMetadata, AppProps } from 'cdk8s';
