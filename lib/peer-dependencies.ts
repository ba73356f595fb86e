/**
 * Imported first by the cdktf flavour's entries (`cce-workload-identity`,
 * `cce-workload-identity/testing`): they use cdk8s, constructs and cdktf, which are optional peer
 * dependencies (a pod that uses only `cce-workload-identity/runtime` installs none of them).
 * Importing an entry needs only `constructs` (checked here, so it is not `Cannot find module
 * 'constructs'` from deep inside the package); cdk8s and cdktf are loaded through
 * lib/peer-stub.ts, and a missing one is named with its install command (`missingPeerMessage`)
 * when a construct of its side is used. lib/cdktn/peer-dependencies.ts is the CDK Terrain flavour's.
 */
import { checkEntryPeers } from './peer-messages';

/**
 * The peers this flavour's entries use.
 * @internal
 */
export const PEERS: Readonly<Record<string, string>> = checkEntryPeers('cdktf');
