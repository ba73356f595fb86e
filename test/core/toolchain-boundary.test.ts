/**
 * The typed boundary between the shared Terraform constructs and a toolchain
 * (lib/terraform/toolchain.ts): each flavour's `TOOLCHAIN` meets it (`satisfies` in its
 * huaweicloud.ts), and, checked here at compile time (`npm run typecheck`), every argument object
 * the shared code may pass is one the generated bindings of BOTH toolchains accept. A constructor's
 * parameters are compared both ways by TypeScript, so `satisfies` alone would not catch a field
 * the shared code sets that a binding does not have.
 */
import type * as Cdktf from '../../lib/terraform/huaweicloud';
import type * as Cdktn from '../../lib/cdktn/terraform/huaweicloud';
import type { TerraformToolchain } from '../../lib/terraform/toolchain';

/**
 * Whether `Args` is assignable to the config parameter of the binding class `Class` and names no
 * field the config lacks (which the binding would silently not write).
 */
type Accepts<Class, Args> = Class extends new (scope: never, id: never, config: infer Config) => unknown
  ? [Args] extends [Config] ? [Exclude<keyof Args, keyof NonNullable<Config>>] extends [never] ? true : false : false
  : false;
/** The argument type the boundary declares for `Key`. */
type ArgsOf<Key extends keyof TerraformToolchain> =
  TerraformToolchain[Key] extends new (scope: never, id: never, args: infer A) => unknown ? A : never;

type Bindings = 'IdentityProvider' | 'IdentityProviderConversion' | 'IdentityGroup' | 'DataHuaweicloudIdentityGroup' | 'IdentityRole'
  | 'DataHuaweicloudIdentityRole' | 'DataHuaweicloudIdentityProjects' | 'IdentityGroupRoleAssignment' | 'IdentityAgency'
  | 'CceClusterPodIdentityAssociation' | 'HuaweicloudProvider';
/** `true` for each binding of `Module` that accepts the boundary's arguments. */
type Accepted<Module extends Record<Bindings, unknown>> = { [Key in Bindings]: Accepts<Module[Key], ArgsOf<Key>> };

// A binding that refused an argument object would make its entry `false`, and these fail to compile.
export const cdktfAccepts: Accepted<typeof Cdktf> = {
  IdentityProvider: true, IdentityProviderConversion: true, IdentityGroup: true, DataHuaweicloudIdentityGroup: true, IdentityRole: true,
  DataHuaweicloudIdentityRole: true, DataHuaweicloudIdentityProjects: true, IdentityGroupRoleAssignment: true, IdentityAgency: true,
  CceClusterPodIdentityAssociation: true, HuaweicloudProvider: true,
};
export const cdktnAccepts: Accepted<typeof Cdktn> = { ...cdktfAccepts };
test('both flavours\' toolchain objects name their toolchain and give the shared code the same members', () => {
  const cdktf = (jest.requireActual('../../lib/terraform/huaweicloud') as typeof Cdktf).TOOLCHAIN;
  const cdktn = (jest.requireActual('../../lib/cdktn/terraform/huaweicloud') as typeof Cdktn).TOOLCHAIN;
  expect(cdktf.name).toBe('cdktf');
  expect(cdktn.name).toBe('cdktn');
  expect(Object.keys(cdktn).sort()).toEqual(Object.keys(cdktf).sort());
  // Each member is the toolchain's own (cdktn's classes are not cdktf's).
  expect(cdktn.TerraformStack).not.toBe(cdktf.TerraformStack);
  expect(cdktn.IdentityProvider).not.toBe(cdktf.IdentityProvider);
});
