/**
 * The typed boundary between the hand-written Terraform side and a Terraform CDK toolchain: what
 * the shared constructs (lib/terraform/provider-rendering.ts, workload-identity-grants.ts,
 * workload-identity-agencies.ts, lib/testing/synth-run.ts) use of cdktf or cdktn and of the
 * generated Huawei Cloud bindings, as interfaces that both toolchains meet. It imports no
 * toolchain, so the shared modules are compiled once and loaded by both flavours.
 *
 * Each flavour passes its own object, built from its bindings module (`huaweicloud.ts` for
 * `cce-workload-identity`, `cdktn/terraform/huaweicloud.ts` for `cce-workload-identity/cdktn`),
 * which checks with `satisfies` that its toolchain and bindings meet this interface. The public
 * classes that show toolchain types (`WorkloadIdentityProvider`, `WorkloadIdentityFleetProviders`,
 * `WorkloadIdentitySynthesis`, `synthWorkloadIdentity`) are declared by each flavour with its own
 * types and delegate here, so the types of each flavour are exact. Not part of the public API.
 */
import type { Construct, IConstruct } from 'constructs';
import type { ConversionRule } from '../core/declaration/invariants';

/** What `Token.asString` resolves with (the part the library sets). */
export interface ResolveContextLike {
  suppressBraces?: boolean;
}

/** A value resolved at synthesis (`IResolvable` of either toolchain). */
export interface ResolvableLike {
  readonly creationStack: string[];
  resolve(context: ResolveContextLike): unknown;
  toString(): string;
}

/** A resource or data source of the generated bindings: its references. */
export interface TerraformElementLike extends IConstruct {
  /** The Terraform address (`depends_on`). */
  readonly fqn: string;
  getStringAttribute(terraformAttribute: string): string;
}

/** What names a Terraform provider (its generator metadata), on resources, data sources and provider blocks. */
export interface GeneratedByProvider {
  readonly terraformGeneratorMetadata?: { readonly providerName: string };
}

/** A resource or data source as its `depends_on` address is written: `[data.]<type>.<friendlyUniqueId>`. */
export interface AddressableElementLike extends TerraformElementLike, GeneratedByProvider {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}

/** A resource (`TerraformResource` of either toolchain) as the constructs use it. */
export interface TerraformResourceLike extends TerraformElementLike {
  dependsOn?: string[];
  /** What the toolchain writes of it (JSON, HCL, metadata): a resource that writes nothing returns `{}` from each. */
  toTerraform(): unknown;
  toHclTerraform(): unknown;
  toMetadata(): unknown;
}

/** A Terraform app (`App` of either toolchain) as the synthesis uses it. */
export interface TerraformAppLike extends IConstruct {
  readonly outdir: string;
  synth(): void;
}

/** The arguments the library gives `huaweicloud_identity_provider`. */
export interface IdentityProviderArgs {
  readonly name: string;
  readonly protocol: string;
  readonly status?: boolean;
  readonly description?: string;
  readonly accessConfig: {
    readonly accessType: string;
    readonly providerUrl: string;
    readonly clientId: string;
    readonly signingKey: string;
  };
}

/** The arguments of `huaweicloud_identity_provider_conversion` (the rules are set at synthesis: `putConversionRules`). */
export interface IdentityProviderConversionArgs {
  readonly providerId: string;
  readonly conversionRules: ConversionRule[];
}

/** The arguments of `huaweicloud_identity_group_role_assignment`: exactly one scope. */
export interface IdentityGroupRoleAssignmentArgs {
  readonly groupId: string;
  readonly roleId: string;
  readonly projectId?: string;
  readonly domainId?: string;
  readonly enterpriseProjectId?: string;
}

/** The arguments of `huaweicloud_identity_agency` (delegated to a cloud service). */
export interface IdentityAgencyArgs {
  readonly name: string;
  readonly description?: string;
  readonly delegatedServiceName: string;
  readonly domainRoles?: string[];
  readonly allResourcesRoles?: string[];
  readonly projectRole?: Array<{ project: string; roles: string[] }>;
}

/** The arguments of `huaweicloud_cce_cluster_pod_identity_association`. */
export interface PodIdentityAssociationArgs {
  readonly clusterId: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly agencyName: string;
}

/** A construct class of the bindings: `new (scope, id, args)`. */
type Binding<Args, Instance> = new (scope: Construct, id: string, args: Args) => Instance;

/**
 * One Terraform CDK toolchain and its generated bindings. `Resource` is the toolchain's
 * `TerraformResource`, which the flavour's public classes show.
 */
export interface TerraformToolchain<Resource extends TerraformResourceLike = TerraformResourceLike> {
  /** The toolchain package. */
  readonly name: 'cdktf' | 'cdktn';
  readonly Annotations: { of(scope: IConstruct): { addWarning(message: string): void } };
  /** The metadata type of a warning annotation (what `Annotations.addWarning` adds, without its stack trace). */
  readonly AnnotationMetadataEntryType: { readonly WARN: string };
  readonly Aspects: {
    of(scope: IConstruct): { add(aspect: { visit(node: IConstruct): void }): void; readonly all: ReadonlyArray<{ visit(node: IConstruct): void }> };
  };
  readonly Lazy: {
    stringValue(producer: { produce(): string }): string;
    anyValue(producer: { produce(): unknown }): ResolvableLike;
  };
  readonly Token: { asString(value: ResolvableLike): string };
  readonly TerraformStack: (new (scope: Construct, id: string) => IConstruct) & {
    of(construct: IConstruct): IConstruct;
    isStack(x: unknown): x is IConstruct;
  };
  readonly TerraformResource: { isTerraformResource(x: unknown): x is TerraformResourceLike & AddressableElementLike };
  readonly TerraformDataSource: { isTerraformDataSource(x: unknown): x is AddressableElementLike };
  readonly TerraformProvider: { isTerraformProvider(x: unknown): x is IConstruct & GeneratedByProvider };
  readonly TerraformApp: new (config: { readonly outdir: string; readonly skipBackendValidation: boolean }) => TerraformAppLike;
  readonly LocalBackend: new (scope: Construct, config: { readonly path: string }) => IConstruct;
  readonly HuaweicloudProvider: new (scope: Construct, id: string, config: { readonly region?: string }) => IConstruct & {
    readonly domainId?: string;
  };
  readonly IdentityProvider: Binding<IdentityProviderArgs, Resource & {
    putAccessConfig(value: IdentityProviderArgs['accessConfig']): void;
  }>;
  readonly IdentityProviderConversion: Binding<IdentityProviderConversionArgs, Resource & {
    putConversionRules(value: ConversionRule[]): void;
  }>;
  readonly IdentityGroup: Binding<{ readonly name: string; readonly description?: string }, TerraformElementLike & { readonly id: string }>;
  readonly DataHuaweicloudIdentityGroup: Binding<{ readonly name: string }, TerraformElementLike & { readonly id: string }>;
  readonly IdentityRole: Binding<
    { readonly name: string; readonly description: string; readonly type: string; readonly policy: string },
    TerraformElementLike & { readonly id: string; readonly name: string }
  >;
  readonly DataHuaweicloudIdentityRole: Binding<
    { readonly name?: string; readonly displayName?: string },
    TerraformElementLike & { readonly id: string; readonly displayName: string }
  >;
  readonly DataHuaweicloudIdentityProjects: Binding<
    { readonly name?: string; readonly projectId?: string },
    TerraformElementLike & { readonly projects: { get(index: number): { readonly id: string; readonly name: string } } }
  >;
  readonly IdentityGroupRoleAssignment: Binding<IdentityGroupRoleAssignmentArgs, TerraformElementLike>;
  readonly IdentityAgency: Binding<IdentityAgencyArgs, TerraformElementLike & { readonly name: string }>;
  readonly CceClusterPodIdentityAssociation: Binding<PodIdentityAssociationArgs, TerraformElementLike>;
}
