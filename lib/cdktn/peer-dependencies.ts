/**
 * Imported first by the CDK Terrain flavour's entries (`cce-workload-identity/cdktn`,
 * `cce-workload-identity/cdktn/testing`), as lib/peer-dependencies.ts by the cdktf flavour's: the
 * same check, naming cdktn.
 */
import { checkEntryPeers } from '../peer-messages';

/**
 * The peers this flavour's entries use.
 * @internal
 */
export const PEERS: Readonly<Record<string, string>> = checkEntryPeers('cdktn');
