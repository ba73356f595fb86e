/**
 * Imported first by every entry that loads the construct frameworks (the root entry,
 * `cce-workload-identity/testing` and their `cce-workload-identity/cdktn…` twins): they use cdk8s,
 * constructs and a Terraform CDK toolchain — cdktf for the root entry, cdktn (CDK Terrain) for
 * `cce-workload-identity/cdktn` — which are optional peer dependencies (a pod that uses only
 * `cce-workload-identity/runtime` installs none of them). Importing an entry needs only
 * `constructs` (checked here, so it is not `Cannot find module 'constructs'` from deep inside the
 * package); cdk8s and the toolchain are loaded through lib/peer-stub.ts, and a missing one is named
 * with its install command (`missingPeerMessage`) when a construct of its side is used.
 *
 * Which toolchain is checked comes from `./terraform/toolchain`, which the cdktn build swaps for
 * its twin; it imports nothing, so the check still runs before any peer is loaded.
 */
import { INSTALL_RANGES_BY_TOOLCHAIN, installArgument, PEERS_BY_TOOLCHAIN, resolvable } from './peer-messages';
import { TERRAFORM_TOOLCHAIN } from './terraform/toolchain';

/**
 * The peers this flavour's entries use.
 * @internal
 */
export const PEERS: Readonly<Record<string, string>> = PEERS_BY_TOOLCHAIN[TERRAFORM_TOOLCHAIN];

const ENTRY = TERRAFORM_TOOLCHAIN === 'cdktf' ? 'cce-workload-identity' : 'cce-workload-identity/cdktn';

// Only `constructs` is needed to import an entry: every construct of both sides extends its
// `Construct`. cdk8s and the Terraform toolchain are loaded through lib/peer-stub.ts, so an app
// that uses one side needs only that side's peer, and a missing one is named where it is used.
if (!resolvable('constructs')) {
  const install = Object.entries({ ...PEERS, ...INSTALL_RANGES_BY_TOOLCHAIN[TERRAFORM_TOOLCHAIN] })
    .map(([name, range]) => installArgument(name, range))
    .join(' ');
  throw new Error(
    `${ENTRY} needs its peer dependency "constructs", which is not installed. ` +
    `Install it next to it, with the toolchain of each side you use: npm install ${install} ` +
    `(leave out ${TERRAFORM_TOOLCHAIN} for a Kubernetes-only app, cdk8s for a Terraform-only one; ` +
    'cce-workload-identity/runtime, for pods, needs none of them).',
  );
}
