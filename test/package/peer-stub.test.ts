/**
 * lib/peer-stub.ts: the stand-in for an optional peer that is not installed. Both sides' modules
 * extend the peer's classes when they load, so the stand-in must be extendable and harmless at
 * import, and fail with the install message where it is used.
 */
import { loadPeer } from '../../lib/peer-stub';
import { missingPeerMessage } from '../../lib/peer-messages';

const MISSING = 'cce-wi-peer-that-is-not-installed';

interface FakeToolchain {
  TerraformResource: new (scope: unknown, id: string) => object;
  Tokenization: { isResolvable(x: unknown): boolean };
  Fn: { tolist(x: unknown): unknown };
  stringToTerraform(x: unknown): unknown;
}

function stub(): FakeToolchain {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require of a package that is not installed, as the peer modules do
  return loadPeer<FakeToolchain>(MISSING, () => require(MISSING) as FakeToolchain, () => `install ${MISSING}`);
}

test('a missing peer loads as a stand-in whose classes can be extended, and throw the message when constructed', () => {
  const toolchain = stub();
  class Resource extends toolchain.TerraformResource {
    public static readonly tfResourceType = 'huaweicloud_identity_provider';
  }
  expect(Resource.tfResourceType).toBe('huaweicloud_identity_provider');
  expect(() => new Resource(undefined, 'x')).toThrow(`install ${MISSING}`);
  expect(() => new toolchain.TerraformResource(undefined, 'x')).toThrow(expect.objectContaining({
    name: 'PeerDependencyMissingError', code: 'ERR_WORKLOAD_IDENTITY_PEER_MISSING',
  }));
});

test('functions, static methods and nested members throw the message when called; instanceof and lookups do not', () => {
  const toolchain = stub();
  expect(() => toolchain.stringToTerraform('a')).toThrow(`install ${MISSING}`);
  expect(() => toolchain.Tokenization.isResolvable({})).toThrow(`install ${MISSING}`);
  expect(() => toolchain.Fn.tolist([])).toThrow(`install ${MISSING}`);
  class Sub extends toolchain.TerraformResource {}
  expect(() => (Sub as unknown as { isTerraformResource(x: unknown): boolean }).isTerraformResource({})).toThrow(`install ${MISSING}`);
  expect({} instanceof toolchain.TerraformResource).toBe(false);
  // The same member on every access (a class extended twice is one class); a matcher may inspect it.
  expect(toolchain.Fn === toolchain.Fn).toBe(true);
  expect(toolchain.TerraformResource).not.toBeUndefined();
  expect((toolchain as unknown as { __esModule: boolean }).__esModule).toBe(true);
  // Not a thenable: awaiting the module (a dynamic import) or a member does not call a stand-in.
  expect((toolchain as unknown as { then?: unknown }).then).toBeUndefined();
  expect((toolchain.Fn as unknown as { then?: unknown }).then).toBeUndefined();
});

test('an installed peer is returned as it is; any other load error (a broken install) is thrown as it is', () => {
  const constructs = jest.requireActual<object>('constructs');
  expect(loadPeer('constructs', () => constructs, () => 'unused')).toBe(constructs);
  const broken = Object.assign(new Error("Cannot find module 'left-pad'"), { code: 'MODULE_NOT_FOUND' });
  expect(() => loadPeer('cdktf', () => { throw broken; }, () => 'unused')).toThrow(broken);
  const syntax = new SyntaxError('Unexpected token');
  expect(() => loadPeer('cdktf', () => { throw syntax; }, () => 'unused')).toThrow(syntax);
});

test('the message names the package, the npm command with the toolchain\'s ranges, and the entry', () => {
  expect(missingPeerMessage('cdktf')).toContain('cce-workload-identity needs its peer dependency "cdktf" for the Terraform side');
  expect(missingPeerMessage('cdktf')).toContain('npm install cdktf@~0.21.0 ');
  expect(missingPeerMessage('cdktn')).toContain(
    'cce-workload-identity/cdktn needs its peer dependency "cdktn"',
  );
  expect(missingPeerMessage('cdktn')).toContain("npm install cdktn@~0.24.0 'constructs@>=10.6.0 <10.8.0' ");
  expect(missingPeerMessage('cdk8s')).toContain('needs its peer dependency "cdk8s" for the Kubernetes side');
  expect(missingPeerMessage('cdk8s')).toContain('npm install cdk8s@^2.70.106 ');
});
