/**
 * Imported first by every entry that loads the construct frameworks (the root entry,
 * `cce-workload-identity/testing` and their `cce-workload-identity/cdktn…` twins): they load cdk8s,
 * constructs and a Terraform CDK toolchain — cdktf for the root entry, cdktn (CDK Terrain) for
 * `cce-workload-identity/cdktn` — which are optional peer dependencies (a pod that uses only
 * `cce-workload-identity/runtime` installs none of them). Without this check, a missing peer shows
 * up as `Cannot find module 'constructs'` from deep inside the package.
 *
 * Which toolchain is checked comes from `./terraform/toolchain`, which the cdktn build swaps for
 * its twin; it imports nothing, so the check still runs before any peer is loaded.
 */
import { TERRAFORM_TOOLCHAIN } from './terraform/toolchain';

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
 * The peers this flavour's entries load.
 * @internal
 */
export const PEERS: Readonly<Record<string, string>> = PEERS_BY_TOOLCHAIN[TERRAFORM_TOOLCHAIN];

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

const ENTRY = TERRAFORM_TOOLCHAIN === 'cdktf' ? 'cce-workload-identity' : 'cce-workload-identity/cdktn';

/** Whether `name` can be loaded from here. */
function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const missing = Object.keys(PEERS).filter((name) => !resolvable(name));
if (missing.length > 0) {
  // A range with a space or `<` / `>` is quoted, so a shell does not split it or read a redirection.
  const install = Object.entries({ ...PEERS, ...INSTALL_RANGES_BY_TOOLCHAIN[TERRAFORM_TOOLCHAIN] })
    .map(([name, range]) => (/[\s<>]/.test(range) ? `'${name}@${range}'` : `${name}@${range}`))
    .join(' ');
  throw new Error(
    `${ENTRY} needs its peer dependencies ${missing.map((m) => `"${m}"`).join(', ')}, which are not installed. ` +
    `Install them next to it: npm install ${install} ` +
    '(cce-workload-identity/runtime, for pods, needs none of them).' +
    // An app on CDK Terrain that still imports the cdktf entry: the fix is the import, not cdktf.
    (TERRAFORM_TOOLCHAIN === 'cdktf' && missing.includes('cdktf') && resolvable('cdktn')
      ? ' cdktn is installed: on CDK Terrain, import from "cce-workload-identity/cdktn" and "cce-workload-identity/cdktn/testing" instead.'
      : ''),
  );
}
