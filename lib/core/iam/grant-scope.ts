/**
 * Where a grant applies: exactly one of `project_id` (one project, or "all"), `domain_id` or
 * `enterprise_project_id` of `huaweicloud_identity_group_role_assignment` (provider docs
 * `identity_group_role_assignment.md`: "Exactly one of domain_id, project_id and
 * enterprise_project_id must be specified").
 */
import { enterpriseProjectIdRule } from './iam-policy-rules';
import { IssueCollector, IssueSide } from '../issues/issues';
import { projectIdRule, regionRule } from '../validation/rules';
import { FieldChecker } from '../validation/field-checker';
import type { IssueCode } from '../validation/issue-codes';

/** The kinds of grant scope. */
export enum GrantScopeKind {
  /** One region-specific project, by ID. */
  PROJECT = 'project',
  /** One region-specific project, by its name (= the region ID), looked up with data `huaweicloud_identity_projects`. */
  PROJECT_BY_NAME = 'project-by-name',
  /** The project the workloads use: the binding's (or, for a group, the declaration's) `projectId`. */
  WORKLOAD_PROJECT = 'workload-project',
  /** Every region-specific project, existing and future (`project_id = "all"`). */
  ALL_PROJECTS = 'all-projects',
  /** The account (domain): global services such as OBS. */
  DOMAIN = 'domain',
  /** One enterprise project. */
  ENTERPRISE_PROJECT = 'enterprise-project',
}

/** The scope of one grant. Create it with the static methods. */
export class GrantScope {
  /** One region-specific project by ID (32 hex characters; IAM console > My Credentials > Projects). */
  public static project(projectId: string): GrantScope {
    return new GrantScope(GrantScopeKind.PROJECT, projectId);
  }

  /** The project named after a region (e.g. `cn-north-4`), resolved at plan time; a missing project fails the plan. */
  public static projectByName(region: string): GrantScope {
    return new GrantScope(GrantScopeKind.PROJECT_BY_NAME, region);
  }

  /** The project the workloads run against: the binding's `projectId` (a declared group's grant: the declaration's). */
  public static workloadProject(): GrantScope {
    return new GrantScope(GrantScopeKind.WORKLOAD_PROJECT);
  }

  /**
   * Every region-specific project, existing and future (`project_id = "all"`). The provider then
   * needs the account's domain ID in its own configuration (`domain_id` / `HW_DOMAIN_ID`).
   */
  public static allProjects(): GrantScope {
    return new GrantScope(GrantScopeKind.ALL_PROJECTS);
  }

  /** The account (domain), for global services such as OBS; needs the declaration's `domainId`. */
  public static domain(): GrantScope {
    return new GrantScope(GrantScopeKind.DOMAIN);
  }

  /** One enterprise project: `"0"` (default) or its UUID. */
  public static enterpriseProject(enterpriseProjectId: string): GrantScope {
    return new GrantScope(GrantScopeKind.ENTERPRISE_PROJECT, enterpriseProjectId);
  }

  /** The kind of scope. */
  public readonly kind: GrantScopeKind;
  /** The project ID, region or enterprise project ID, when the kind takes one. */
  public readonly value?: string;

  private constructor(kind: GrantScopeKind, value?: string) {
    this.kind = kind;
    this.value = value;
  }

  /** Whether the scope is region-specific projects (one, by name, the workloads', or all). */
  public get isProjectLevel(): boolean {
    return this.kind === GrantScopeKind.PROJECT || this.kind === GrantScopeKind.PROJECT_BY_NAME
      || this.kind === GrantScopeKind.WORKLOAD_PROJECT || this.kind === GrantScopeKind.ALL_PROJECTS;
  }

  /** A readable identification, e.g. `project cn-north-4 (by name)` or `domain`. */
  public toString(): string {
    switch (this.kind) {
      case GrantScopeKind.PROJECT: return `project ${this.value}`;
      case GrantScopeKind.PROJECT_BY_NAME: return `project ${this.value} (by name)`;
      case GrantScopeKind.WORKLOAD_PROJECT: return 'the workload project';
      case GrantScopeKind.ALL_PROJECTS: return 'all projects';
      case GrantScopeKind.DOMAIN: return 'domain';
      case GrantScopeKind.ENTERPRISE_PROJECT: return `enterprise project ${this.value}`;
      default: return String(this.kind);
    }
  }

  /** @internal Checks the scope's own value; `path` names it in messages. */
  public _check(out: IssueCollector, path: string): void {
    const side = IssueSide.TERRAFORM;
    const fields = new FieldChecker(out, path, { side });
    const check = (rule: (v: string) => string | undefined, code: IssueCode, fix: string): void =>
      void fields.string('', this.value, rule, code, fix);
    switch (this.kind) {
      case GrantScopeKind.PROJECT:
        check(
          projectIdRule,
          'INVALID_GRANT_SCOPE',
          'copy the project ID from the console (My Credentials > Projects), or use GrantScope.projectByName("cn-north-4")',
        );
        break;
      case GrantScopeKind.PROJECT_BY_NAME:
        check(regionRule, 'INVALID_GRANT_SCOPE', 'use the region ID that names the project, e.g. "cn-north-4"');
        break;
      case GrantScopeKind.ENTERPRISE_PROJECT:
        check(
          enterpriseProjectIdRule,
          'INVALID_GRANT_SCOPE',
          'copy the ID from the Enterprise Project Management console, or use "0" for the default enterprise project',
        );
        break;
      case GrantScopeKind.WORKLOAD_PROJECT:
      case GrantScopeKind.ALL_PROJECTS:
      case GrantScopeKind.DOMAIN:
        break;
      default:
        out.error({
          code: 'INVALID_GRANT_SCOPE',
          path,
          value: this.kind,
          rule: 'is not a grant scope',
          fix: 'create it with GrantScope.project, projectByName, workloadProject, allProjects, domain or enterpriseProject',
          side,
        });
    }
  }
}
