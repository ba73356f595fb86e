// WorkloadIdentityProvider with the types of one toolchain (the bindings module beside it) and the
// shared rendering (lib/terraform/provider-rendering.ts). Each flavour has this module at the same
// place, lib/ for cdktf and lib/cdktn/ for CDK Terrain, with the same text but for the import
// paths (test/package/cdktn-flavour.test.ts).
import { Construct } from 'constructs';
import type { WorkloadIdentity } from '../../core/declaration/workload-identity';
import { TerraformResource, TOOLCHAIN } from './huaweicloud';
import { isWorkloadIdentityProvider, renderWorkloadIdentityProvider, type WorkloadIdentityProviderProps } from '../../terraform/provider-rendering';
import type { WorkloadIdentityGrants } from '../../terraform/workload-identity-grants';

export type { WorkloadIdentityProviderProps };

/**
 * The Terraform side of a workload identity: the IAM OIDC identity provider (programmatic access,
 * trusting the cluster's JWKS), exactly one conversion resource holding one rule per binding
 * (IAM keeps one mapping per provider; two conversion resources would overwrite each other), and
 * the grants (`WorkloadIdentityGrants`: groups, custom policies, assignments). The conversion
 * depends on the groups its rules name, so they exist before the mapping does. Goes into any
 * `TerraformStack`; bindings, groups and grants added to the declaration later are included.
 */
export class WorkloadIdentityProvider extends Construct {
  /** Whether `x` is a `WorkloadIdentityProvider`. */
  public static isWorkloadIdentityProvider(x: unknown): x is WorkloadIdentityProvider {
    return isWorkloadIdentityProvider(x);
  }

  /** The rendered declaration. */
  public readonly identity: WorkloadIdentity;
  /** The `huaweicloud_identity_provider` resource (escape hatch: `addOverride`). */
  public readonly identityProvider: TerraformResource;
  /** The single `huaweicloud_identity_provider_conversion` resource (escape hatch: `addOverride`). */
  public readonly conversion: TerraformResource;
  /** The groups, policies and assignments; its resources are written at synthesis. */
  public readonly grants: WorkloadIdentityGrants;

  public constructor(scope: Construct, id: string, props: WorkloadIdentityProviderProps) {
    super(scope, id);
    this.identity = props.identity;
    ({ identityProvider: this.identityProvider, conversion: this.conversion, grants: this.grants } =
      renderWorkloadIdentityProvider<TerraformResource>(this, props.identity, TOOLCHAIN));
  }

  /** Whether any binding uses OIDC federation (and so needs the identity provider and its conversion). */
  public get usesOidcFederation(): boolean {
    return this.identity.usesOidcFederation;
  }

  /** The identity provider's ID (= its name), as a Terraform reference. */
  public get providerId(): string {
    return this.identityProvider.getStringAttribute('id');
  }
}
