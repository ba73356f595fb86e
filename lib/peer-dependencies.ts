/**
 * Imported first by the root entry and by `cce-workload-identity/testing`: both load cdk8s,
 * cdk8s-plus-28, cdktf and constructs, which are optional peer dependencies (a pod that uses only
 * `cce-workload-identity/runtime` installs none of them). Without this check, a missing peer shows
 * up as `Cannot find module 'constructs'` from deep inside the package.
 */

/**
 * The peers both entries load, with the ranges package.json declares (a test keeps them equal).
 * @internal
 */
export const PEERS: Readonly<Record<string, string>> = {
  constructs: '^10.8.1',
  cdk8s: '^2.70.106',
  'cdk8s-plus-28': '^2.5.6',
  cdktf: '~0.21.0',
};

const missing = Object.keys(PEERS).filter((name) => {
  try {
    require.resolve(name);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  const install = Object.entries(PEERS).map(([name, range]) => `${name}@${range}`).join(' ');
  throw new Error(
    `cce-workload-identity needs its peer dependencies ${missing.map((m) => `"${m}"`).join(', ')}, which are not installed. ` +
    `Install them next to it: npm install ${install} ` +
    '(cce-workload-identity/runtime, for pods, needs none of them).',
  );
}
