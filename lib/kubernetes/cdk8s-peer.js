'use strict';
// cdk8s, or (when it is not installed: a Terraform-only app) a stand-in whose classes can be
// extended but throw, when constructed or called, the error naming the package to install
// (lib/peer-stub.ts). Declarations: cdk8s-peer.d.ts. Nothing else in lib/ requires cdk8s.
Object.defineProperty(exports, '__esModule', { value: true });
const { loadPeer } = require('../peer-stub');
const { missingPeerMessage } = require('../peer-messages');

const cdk8s = loadPeer('cdk8s', () => require('cdk8s'), () => missingPeerMessage('cdk8s'));
for (const name of ['ApiObject', 'ApiObjectMetadataDefinition', 'App', 'Chart', 'Names']) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => cdk8s[name] });
}
