'use strict';
// cdktn, or (when it is not installed) a stand-in whose classes can be extended but throw, when
// constructed or called, the error naming the package to install (lib/peer-stub.ts). Declarations:
// cdktn-peer.d.ts. Nothing else in lib/ requires cdktn; the cdktf twin is cdktf-peer.js.
Object.defineProperty(exports, '__esModule', { value: true });
const { loadPeer } = require('../peer-stub');
const { missingPeerMessage } = require('../peer-messages');

const cdktn = loadPeer('cdktn', () => require('cdktn'), () => missingPeerMessage('cdktn'));
exports.cdktn = cdktn;
for (const name of [
  'AnnotationMetadataEntryType', 'Annotations', 'App', 'Aspects', 'Lazy', 'LocalBackend', 'TerraformDataSource', 'TerraformOutput',
  'TerraformProvider', 'TerraformResource', 'TerraformStack', 'Token',
]) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => cdktn[name] });
}
