/**
 * The optional peers, their ranges and the install messages, for the import-time check
 * (lib/peer-dependencies.ts) and for the modules that load a peer or stand in for it
 * (lib/peer-stub.ts; lib/terraform/cdktf-peer.js, cdktn-peer.js, lib/kubernetes/cdk8s-peer.js).
 * It imports nothing, so it is shared by both flavours and loads before any peer.
 */

/**
 * The peers each flavour loads, with the ranges package.json declares (a test keeps them equal).
 * `constructs` is `^10.4.2`, what cdktf 0.21 accepts; cdktn 0.24 narrows it itself (`>=10.6.0 <10.8.0`).
 * @internal
 */
export const PEERS_BY_TOOLCHAIN: Readonly<Record<'cdktf' | 'cdktn', Readonly<Record<string, string>>>> = {
  cdktf: { constructs: '^10.4.2', cdk8s: '^2.70.106', cdktf: '~0.21.0' },
  cdktn: { constructs: '^10.4.2', cdk8s: '^2.70.106', cdktn: '~0.24.0' },
};

/**
 * Where a toolchain accepts less of a shared peer than package.json does, the install command names
 * the toolchain's own range: cdktn 0.24 peers `constructs >=10.6.0 <10.8.0`, and `constructs@^10.4.2`
 * would install 10.8.x, which npm then refuses (ERESOLVE) beside cdktn.
 * @internal
 */
export const INSTALL_RANGES_BY_TOOLCHAIN: Readonly<Record<'cdktf' | 'cdktn', Readonly<Record<string, string>>>> = {
  cdktf: {},
  cdktn: { constructs: '>=10.6.0 <10.8.0' },
};

/**
 * Whether `name` can be loaded from here.
 * @internal
 */
export function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * `name@range` as an npm argument: a range with a space or `<` / `>` is quoted, so a shell does not
 * split it or read a redirection.
 * @internal
 */
export function installArgument(name: string, range: string): string {
  return /[\s<>]/.test(range) ? `'${name}@${range}'` : `${name}@${range}`;
}

/** The peer each side loads, the entry whose message names it, and what the side is. */
const TERRAFORM_SIDE = 'the Terraform side (WorkloadIdentityProvider, HuaweicloudProvider, WorkloadIdentityGrants …)';
const SIDES = {
  cdktf: { entry: 'cce-workload-identity', side: TERRAFORM_SIDE },
  cdktn: { entry: 'cce-workload-identity/cdktn', side: TERRAFORM_SIDE },
  cdk8s: {
    entry: 'cce-workload-identity',
    side: 'the Kubernetes side (WorkloadServiceAccount, WorkloadIdentityFleetApps, synthesizing a cdk8s app …)',
  },
} as const;

/**
 * The error message for a construct or function of `peer` used while `peer` is not installed
 * (lib/peer-stub.ts throws it): which package, the npm command (with a toolchain's narrower range
 * of a shared peer, from INSTALL_RANGES_BY_TOOLCHAIN), and that the other side does not need it.
 * @internal
 */
export function missingPeerMessage(peer: keyof typeof SIDES): string {
  const { entry, side } = SIDES[peer];
  const range = peer === 'cdk8s' ? PEERS_BY_TOOLCHAIN.cdktf.cdk8s! : PEERS_BY_TOOLCHAIN[peer][peer]!;
  const extra = peer === 'cdk8s' ? {} : INSTALL_RANGES_BY_TOOLCHAIN[peer];
  const install = [installArgument(peer, range), ...Object.entries(extra).map(([name, r]) => installArgument(name, r))].join(' ');
  return `${entry} needs its peer dependency "${peer}" for ${side}, and "${peer}" is not installed. ` +
    `Install it next to it: npm install ${install} ` +
    `(an app that uses only the other side, and cce-workload-identity/runtime, need no "${peer}").` +
    // An app on CDK Terrain that still imports the cdktf entry: the fix is the import, not cdktf.
    (peer === 'cdktf' && resolvable('cdktn')
      ? ' cdktn is installed: on CDK Terrain, import from "cce-workload-identity/cdktn" and "cce-workload-identity/cdktn/testing" instead.'
      : '');
}


/**
 * The import-time check of an entry of `toolchain`'s flavour (lib/peer-dependencies.ts,
 * lib/cdktn/peer-dependencies.ts): only `constructs` is needed to import an entry, as every
 * construct of both sides extends its `Construct`. cdk8s and the Terraform toolchain are loaded
 * through lib/peer-stub.ts, so an app that uses one side needs only that side's peer, and a missing
 * one is named where it is used. Returns the peers the flavour's entries use.
 * @internal
 */
export function checkEntryPeers(toolchain: 'cdktf' | 'cdktn'): Readonly<Record<string, string>> {
  const peers = PEERS_BY_TOOLCHAIN[toolchain];
  if (!resolvable('constructs')) {
    const entry = toolchain === 'cdktf' ? 'cce-workload-identity' : 'cce-workload-identity/cdktn';
    const install = Object.entries({ ...peers, ...INSTALL_RANGES_BY_TOOLCHAIN[toolchain] })
      .map(([name, range]) => installArgument(name, range))
      .join(' ');
    throw new Error(
      `${entry} needs its peer dependency "constructs", which is not installed. ` +
      `Install it next to it, with the toolchain of each side you use: npm install ${install} ` +
      `(leave out ${toolchain} for a Kubernetes-only app, cdk8s for a Terraform-only one; ` +
      'cce-workload-identity/runtime, for pods, needs none of them).',
    );
  }
  return peers;
}
