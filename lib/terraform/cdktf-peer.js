'use strict';
// cdktf, or (when it is not installed) a stand-in whose classes can be extended but throw, when
// constructed or called, the error naming the package to install (lib/peer-stub.ts). Declarations:
// cdktf-peer.d.ts. Nothing else in lib/ requires cdktf; the cdktn twin is cdktn-peer.js.
Object.defineProperty(exports, '__esModule', { value: true });
const { loadPeer } = require('../peer-stub');
const { missingPeerMessage } = require('../peer-messages');

const cdktf = loadPeer('cdktf', () => require('cdktf'), () => missingPeerMessage('cdktf'));
exports.cdktf = cdktf;
for (const name of [
  'AnnotationMetadataEntryType', 'Annotations', 'App', 'Aspects', 'Lazy', 'LocalBackend', 'TerraformDataSource', 'TerraformOutput',
  'TerraformProvider', 'TerraformResource', 'TerraformStack', 'Token',
]) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => cdktf[name] });
}
