// https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency
// generated from terraform resource schema

import { Construct } from 'constructs';
import { cdktf } from '../../../cdktf-peer';

// Configuration

export interface IdentityAgencyConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#all_resources_roles IdentityAgency#all_resources_roles}
  */
  readonly allResourcesRoles?: string[];
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#delegated_domain_name IdentityAgency#delegated_domain_name}
  */
  readonly delegatedDomainName?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#delegated_service_name IdentityAgency#delegated_service_name}
  */
  readonly delegatedServiceName?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#description IdentityAgency#description}
  */
  readonly description?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#domain_roles IdentityAgency#domain_roles}
  */
  readonly domainRoles?: string[];
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#duration IdentityAgency#duration}
  */
  readonly duration?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#enable_force_new IdentityAgency#enable_force_new}
  */
  readonly enableForceNew?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#force_dissociate_v5_policies IdentityAgency#force_dissociate_v5_policies}
  */
  readonly forceDissociateV5Policies?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#id IdentityAgency#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#name IdentityAgency#name}
  */
  readonly name: string;
  /**
  * enterprise_project_roles block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#enterprise_project_roles IdentityAgency#enterprise_project_roles}
  */
  readonly enterpriseProjectRoles?: IdentityAgencyEnterpriseProjectRoles[] | cdktf.IResolvable;
  /**
  * project_role block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#project_role IdentityAgency#project_role}
  */
  readonly projectRole?: IdentityAgencyProjectRole[] | cdktf.IResolvable;
  /**
  * timeouts block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#timeouts IdentityAgency#timeouts}
  */
  readonly timeouts?: IdentityAgencyTimeouts;
}
export interface IdentityAgencyEnterpriseProjectRoles {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#enterprise_project IdentityAgency#enterprise_project}
  */
  readonly enterpriseProject: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#roles IdentityAgency#roles}
  */
  readonly roles: string[];
}

export function identityAgencyEnterpriseProjectRolesToTerraform(struct?: IdentityAgencyEnterpriseProjectRoles | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    enterprise_project: cdktf.stringToTerraform(struct!.enterpriseProject),
    roles: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.roles),
  }
}


export function identityAgencyEnterpriseProjectRolesToHclTerraform(struct?: IdentityAgencyEnterpriseProjectRoles | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    enterprise_project: {
      value: cdktf.stringToHclTerraform(struct!.enterpriseProject),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    roles: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.roles),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IdentityAgencyEnterpriseProjectRolesOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): IdentityAgencyEnterpriseProjectRoles | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._enterpriseProject !== undefined) {
      hasAnyValues = true;
      internalValueResult.enterpriseProject = this._enterpriseProject;
    }
    if (this._roles !== undefined) {
      hasAnyValues = true;
      internalValueResult.roles = this._roles;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IdentityAgencyEnterpriseProjectRoles | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._enterpriseProject = undefined;
      this._roles = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._enterpriseProject = value.enterpriseProject;
      this._roles = value.roles;
    }
  }

  // enterprise_project - computed: false, optional: false, required: true
  private _enterpriseProject?: string; 
  public get enterpriseProject() {
    return this.getStringAttribute('enterprise_project');
  }
  public set enterpriseProject(value: string) {
    this._enterpriseProject = value;
  }
  // Temporarily expose input value. Use with caution.
  public get enterpriseProjectInput() {
    return this._enterpriseProject;
  }

  // roles - computed: false, optional: false, required: true
  private _roles?: string[]; 
  public get roles() {
    return cdktf.Fn.tolist(this.getListAttribute('roles'));
  }
  public set roles(value: string[]) {
    this._roles = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rolesInput() {
    return this._roles;
  }
}

export class IdentityAgencyEnterpriseProjectRolesList extends cdktf.ComplexList {
  public internalValue? : IdentityAgencyEnterpriseProjectRoles[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): IdentityAgencyEnterpriseProjectRolesOutputReference {
    return new IdentityAgencyEnterpriseProjectRolesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface IdentityAgencyProjectRole {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#project IdentityAgency#project}
  */
  readonly project: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#roles IdentityAgency#roles}
  */
  readonly roles: string[];
}

export function identityAgencyProjectRoleToTerraform(struct?: IdentityAgencyProjectRole | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    project: cdktf.stringToTerraform(struct!.project),
    roles: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.roles),
  }
}


export function identityAgencyProjectRoleToHclTerraform(struct?: IdentityAgencyProjectRole | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    project: {
      value: cdktf.stringToHclTerraform(struct!.project),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    roles: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.roles),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IdentityAgencyProjectRoleOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): IdentityAgencyProjectRole | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._project !== undefined) {
      hasAnyValues = true;
      internalValueResult.project = this._project;
    }
    if (this._roles !== undefined) {
      hasAnyValues = true;
      internalValueResult.roles = this._roles;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IdentityAgencyProjectRole | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._project = undefined;
      this._roles = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._project = value.project;
      this._roles = value.roles;
    }
  }

  // project - computed: false, optional: false, required: true
  private _project?: string; 
  public get project() {
    return this.getStringAttribute('project');
  }
  public set project(value: string) {
    this._project = value;
  }
  // Temporarily expose input value. Use with caution.
  public get projectInput() {
    return this._project;
  }

  // roles - computed: false, optional: false, required: true
  private _roles?: string[]; 
  public get roles() {
    return cdktf.Fn.tolist(this.getListAttribute('roles'));
  }
  public set roles(value: string[]) {
    this._roles = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rolesInput() {
    return this._roles;
  }
}

export class IdentityAgencyProjectRoleList extends cdktf.ComplexList {
  public internalValue? : IdentityAgencyProjectRole[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): IdentityAgencyProjectRoleOutputReference {
    return new IdentityAgencyProjectRoleOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface IdentityAgencyTimeouts {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#delete IdentityAgency#delete}
  */
  readonly delete?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#read IdentityAgency#read}
  */
  readonly read?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#update IdentityAgency#update}
  */
  readonly update?: string;
}

export function identityAgencyTimeoutsToTerraform(struct?: IdentityAgencyTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    delete: cdktf.stringToTerraform(struct!.delete),
    read: cdktf.stringToTerraform(struct!.read),
    update: cdktf.stringToTerraform(struct!.update),
  }
}


export function identityAgencyTimeoutsToHclTerraform(struct?: IdentityAgencyTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    delete: {
      value: cdktf.stringToHclTerraform(struct!.delete),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    read: {
      value: cdktf.stringToHclTerraform(struct!.read),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    update: {
      value: cdktf.stringToHclTerraform(struct!.update),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IdentityAgencyTimeoutsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): IdentityAgencyTimeouts | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._delete !== undefined) {
      hasAnyValues = true;
      internalValueResult.delete = this._delete;
    }
    if (this._read !== undefined) {
      hasAnyValues = true;
      internalValueResult.read = this._read;
    }
    if (this._update !== undefined) {
      hasAnyValues = true;
      internalValueResult.update = this._update;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IdentityAgencyTimeouts | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._delete = undefined;
      this._read = undefined;
      this._update = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._delete = value.delete;
      this._read = value.read;
      this._update = value.update;
    }
  }

  // delete - computed: false, optional: true, required: false
  private _delete?: string; 
  public get delete() {
    return this.getStringAttribute('delete');
  }
  public set delete(value: string) {
    this._delete = value;
  }
  public resetDelete() {
    this._delete = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteInput() {
    return this._delete;
  }

  // read - computed: false, optional: true, required: false
  private _read?: string; 
  public get read() {
    return this.getStringAttribute('read');
  }
  public set read(value: string) {
    this._read = value;
  }
  public resetRead() {
    this._read = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get readInput() {
    return this._read;
  }

  // update - computed: false, optional: true, required: false
  private _update?: string; 
  public get update() {
    return this.getStringAttribute('update');
  }
  public set update(value: string) {
    this._update = value;
  }
  public resetUpdate() {
    this._update = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get updateInput() {
    return this._update;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency huaweicloud_identity_agency}
*/
export class IdentityAgency extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "huaweicloud_identity_agency";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a IdentityAgency resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the IdentityAgency to import
  * @param importFromId The id of the existing IdentityAgency that should be imported. Refer to the {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the IdentityAgency to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "huaweicloud_identity_agency", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/latest/docs/resources/identity_agency huaweicloud_identity_agency} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options IdentityAgencyConfig
  */
  public constructor(scope: Construct, id: string, config: IdentityAgencyConfig) {
    super(scope, id, {
      terraformResourceType: 'huaweicloud_identity_agency',
      terraformGeneratorMetadata: {
        providerName: 'huaweicloud',
        providerVersionConstraint: '~> 1.97'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._allResourcesRoles = config.allResourcesRoles;
    this._delegatedDomainName = config.delegatedDomainName;
    this._delegatedServiceName = config.delegatedServiceName;
    this._description = config.description;
    this._domainRoles = config.domainRoles;
    this._duration = config.duration;
    this._enableForceNew = config.enableForceNew;
    this._forceDissociateV5Policies = config.forceDissociateV5Policies;
    this._id = config.id;
    this._name = config.name;
    this._enterpriseProjectRoles.internalValue = config.enterpriseProjectRoles;
    this._projectRole.internalValue = config.projectRole;
    this._timeouts.internalValue = config.timeouts;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // all_resources_roles - computed: false, optional: true, required: false
  private _allResourcesRoles?: string[]; 
  public get allResourcesRoles() {
    return cdktf.Fn.tolist(this.getListAttribute('all_resources_roles'));
  }
  public set allResourcesRoles(value: string[]) {
    this._allResourcesRoles = value;
  }
  public resetAllResourcesRoles() {
    this._allResourcesRoles = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allResourcesRolesInput() {
    return this._allResourcesRoles;
  }

  // create_time - computed: true, optional: false, required: false
  public get createTime() {
    return this.getStringAttribute('create_time');
  }

  // delegated_domain_name - computed: false, optional: true, required: false
  private _delegatedDomainName?: string; 
  public get delegatedDomainName() {
    return this.getStringAttribute('delegated_domain_name');
  }
  public set delegatedDomainName(value: string) {
    this._delegatedDomainName = value;
  }
  public resetDelegatedDomainName() {
    this._delegatedDomainName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get delegatedDomainNameInput() {
    return this._delegatedDomainName;
  }

  // delegated_service_name - computed: false, optional: true, required: false
  private _delegatedServiceName?: string; 
  public get delegatedServiceName() {
    return this.getStringAttribute('delegated_service_name');
  }
  public set delegatedServiceName(value: string) {
    this._delegatedServiceName = value;
  }
  public resetDelegatedServiceName() {
    this._delegatedServiceName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get delegatedServiceNameInput() {
    return this._delegatedServiceName;
  }

  // description - computed: false, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // domain_roles - computed: false, optional: true, required: false
  private _domainRoles?: string[]; 
  public get domainRoles() {
    return cdktf.Fn.tolist(this.getListAttribute('domain_roles'));
  }
  public set domainRoles(value: string[]) {
    this._domainRoles = value;
  }
  public resetDomainRoles() {
    this._domainRoles = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get domainRolesInput() {
    return this._domainRoles;
  }

  // duration - computed: false, optional: true, required: false
  private _duration?: string; 
  public get duration() {
    return this.getStringAttribute('duration');
  }
  public set duration(value: string) {
    this._duration = value;
  }
  public resetDuration() {
    this._duration = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get durationInput() {
    return this._duration;
  }

  // enable_force_new - computed: false, optional: true, required: false
  private _enableForceNew?: string; 
  public get enableForceNew() {
    return this.getStringAttribute('enable_force_new');
  }
  public set enableForceNew(value: string) {
    this._enableForceNew = value;
  }
  public resetEnableForceNew() {
    this._enableForceNew = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enableForceNewInput() {
    return this._enableForceNew;
  }

  // expire_time - computed: true, optional: false, required: false
  public get expireTime() {
    return this.getStringAttribute('expire_time');
  }

  // force_dissociate_v5_policies - computed: false, optional: true, required: false
  private _forceDissociateV5Policies?: boolean | cdktf.IResolvable; 
  public get forceDissociateV5Policies() {
    return this.getBooleanAttribute('force_dissociate_v5_policies');
  }
  public set forceDissociateV5Policies(value: boolean | cdktf.IResolvable) {
    this._forceDissociateV5Policies = value;
  }
  public resetForceDissociateV5Policies() {
    this._forceDissociateV5Policies = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get forceDissociateV5PoliciesInput() {
    return this._forceDissociateV5Policies;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // enterprise_project_roles - computed: false, optional: true, required: false
  private _enterpriseProjectRoles = new IdentityAgencyEnterpriseProjectRolesList(this, "enterprise_project_roles", true);
  public get enterpriseProjectRoles() {
    return this._enterpriseProjectRoles;
  }
  public putEnterpriseProjectRoles(value: IdentityAgencyEnterpriseProjectRoles[] | cdktf.IResolvable) {
    this._enterpriseProjectRoles.internalValue = value;
  }
  public resetEnterpriseProjectRoles() {
    this._enterpriseProjectRoles.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enterpriseProjectRolesInput() {
    return this._enterpriseProjectRoles.internalValue;
  }

  // project_role - computed: false, optional: true, required: false
  private _projectRole = new IdentityAgencyProjectRoleList(this, "project_role", true);
  public get projectRole() {
    return this._projectRole;
  }
  public putProjectRole(value: IdentityAgencyProjectRole[] | cdktf.IResolvable) {
    this._projectRole.internalValue = value;
  }
  public resetProjectRole() {
    this._projectRole.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get projectRoleInput() {
    return this._projectRole.internalValue;
  }

  // timeouts - computed: false, optional: true, required: false
  private _timeouts = new IdentityAgencyTimeoutsOutputReference(this, "timeouts");
  public get timeouts() {
    return this._timeouts;
  }
  public putTimeouts(value: IdentityAgencyTimeouts) {
    this._timeouts.internalValue = value;
  }
  public resetTimeouts() {
    this._timeouts.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutsInput() {
    return this._timeouts.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      all_resources_roles: cdktf.listMapper(cdktf.stringToTerraform, false)(this._allResourcesRoles),
      delegated_domain_name: cdktf.stringToTerraform(this._delegatedDomainName),
      delegated_service_name: cdktf.stringToTerraform(this._delegatedServiceName),
      description: cdktf.stringToTerraform(this._description),
      domain_roles: cdktf.listMapper(cdktf.stringToTerraform, false)(this._domainRoles),
      duration: cdktf.stringToTerraform(this._duration),
      enable_force_new: cdktf.stringToTerraform(this._enableForceNew),
      force_dissociate_v5_policies: cdktf.booleanToTerraform(this._forceDissociateV5Policies),
      id: cdktf.stringToTerraform(this._id),
      name: cdktf.stringToTerraform(this._name),
      enterprise_project_roles: cdktf.listMapper(identityAgencyEnterpriseProjectRolesToTerraform, true)(this._enterpriseProjectRoles.internalValue),
      project_role: cdktf.listMapper(identityAgencyProjectRoleToTerraform, true)(this._projectRole.internalValue),
      timeouts: identityAgencyTimeoutsToTerraform(this._timeouts.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      all_resources_roles: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._allResourcesRoles),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      delegated_domain_name: {
        value: cdktf.stringToHclTerraform(this._delegatedDomainName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      delegated_service_name: {
        value: cdktf.stringToHclTerraform(this._delegatedServiceName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      domain_roles: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._domainRoles),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      duration: {
        value: cdktf.stringToHclTerraform(this._duration),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      enable_force_new: {
        value: cdktf.stringToHclTerraform(this._enableForceNew),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      force_dissociate_v5_policies: {
        value: cdktf.booleanToHclTerraform(this._forceDissociateV5Policies),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      enterprise_project_roles: {
        value: cdktf.listMapperHcl(identityAgencyEnterpriseProjectRolesToHclTerraform, true)(this._enterpriseProjectRoles.internalValue),
        isBlock: true,
        type: "set",
        storageClassType: "IdentityAgencyEnterpriseProjectRolesList",
      },
      project_role: {
        value: cdktf.listMapperHcl(identityAgencyProjectRoleToHclTerraform, true)(this._projectRole.internalValue),
        isBlock: true,
        type: "set",
        storageClassType: "IdentityAgencyProjectRoleList",
      },
      timeouts: {
        value: identityAgencyTimeoutsToHclTerraform(this._timeouts.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "IdentityAgencyTimeouts",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
