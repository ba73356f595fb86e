import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition } from './cdk8s-peer';
import { Construct, IConstruct } from 'constructs';
import { IssueCollector, IssueSide, showValue, ValidationIssue } from '../core/issues/issues';
import { redactSecrets } from '../core/validation/rules';
import { IdentityMode } from '../core/declaration/identity-mode';
import type { ServiceAccountBinding } from '../core/declaration/workload-identity';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';
import { addIssueValidation, WARNING_METADATA_TYPE } from '../constructs/validation-hook';
import { checkBindOptions } from './bind-option-checks';
import { addBindRecord, BindRecord, causeOf, renderBound, renderUnbound } from './binder';
import { checkDuplicateServiceAccount, registerServiceAccount } from './duplicate-service-account-checks';
import { checkMetadata } from './metadata-checks';
import {
  containerNamesOf, declaredContainerNames, JsonObject, objectAt, objectsIn, podSpecPath, SUPPORTED_WORKLOAD_KINDS,
} from './pod-template';

/** Props of `WorkloadServiceAccount`. */
export interface WorkloadServiceAccountProps {
  /** The binding whose ServiceAccount this is (namespace and name come from it). */
  readonly binding: ServiceAccountBinding;
  /**
   * Whether pods running as this ServiceAccount get the default Kubernetes API token mounted.
   * Workload identity does not need it.
   * @default false
   */
  readonly automountToken?: boolean;
  /**
   * Extra labels and annotations. Its `name` and `namespace` are not used: they always come from the binding.
   * @default none
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Options of `WorkloadServiceAccount.bind`. */
export interface BindOptions {
  /**
   * Names of the containers (or init containers) that get the token and the SDK environment.
   * @default every container and init container of the workload
   */
  readonly containers?: string[];
  /**
   * Name of the projected volume added to the pod.
   * @default 'workload-identity-token'
   */
  readonly volumeName?: string;
}

/**
 * An RBAC subject naming a ServiceAccount, as `WorkloadServiceAccount.toSubjectConfiguration()`
 * returns it (the shape cdk8s-plus's `SubjectConfiguration` has in every major).
 */
export interface WorkloadServiceAccountSubject {
  /**
   * API group of the subject.
   * @default none (the core group)
   */
  readonly apiGroup?: string;
  /** Kind of the subject: `ServiceAccount`. */
  readonly kind: string;
  /** Name of the ServiceAccount. */
  readonly name: string;
  /**
   * Namespace of the ServiceAccount.
   * @default none
   */
  readonly namespace?: string;
}


const IS_SA = Symbol.for('cce-workload-identity.WorkloadServiceAccount');
/** The ServiceAccount each workload object of the app was bound to (`bind`, `WorkloadServiceAccount.of`). */
const BOUND = new RegistryKey('workloads bound to a WorkloadServiceAccount', () => new Map<ApiObject, WorkloadServiceAccount>());

const SIDE = IssueSide.KUBERNETES;
const KINDS = SUPPORTED_WORKLOAD_KINDS.join(', ');

/** The object a workload renders (itself, or its `defaultChild` chain), or undefined. */
function apiObjectOf(workload: unknown): ApiObject | undefined {
  if (!Construct.isConstruct(workload)) return undefined;
  try {
    return ApiObject.of(workload);
  } catch {
    return undefined;
  }
}

/** The pod spec `apiObject` renders now (without any binding), or why it cannot be rendered. */
function podSpecAtBind(apiObject: ApiObject, path: readonly string[]): { readonly podSpec?: JsonObject; readonly problem?: string } {
  try {
    return { podSpec: objectAt(renderUnbound(apiObject), path) };
  } catch (error) {
    return { problem: causeOf(error) };
  }
}

/**
 * The Kubernetes side of one binding: its ServiceAccount (in the binding's namespace, not
 * automounting the API token), and `bind()` to make a workload run as it with the projected token
 * (audience = client ID) mounted read-only and the SDK environment pointing at it.
 *
 * A plain construct rendering a cdk8s `ApiObject`: it needs no cdk8s-plus, and it has the members
 * cdk8s-plus's `IServiceAccount` asks for (`name`, `kind`, `apiVersion`, `apiGroup`,
 * `resourceType`, `resourceName`, `toSubjectConfiguration()`), so it can be passed as the
 * `serviceAccount` of a cdk8s-plus-28, -33 or -34 workload or bound to a cdk8s-plus `Role`.
 *
 * `bind()` works on the manifest the workload renders, so it accepts any cdk8s-plus major's
 * workloads and plain cdk8s objects (see `bind`). For a binding in `IdentityMode.POD_IDENTITY`,
 * `bind()` only sets the ServiceAccount: the platform injects the token and the credentials
 * endpoint (namespace and ServiceAccount checks still apply).
 */
export class WorkloadServiceAccount extends Construct {
  /** Whether `x` is a `WorkloadServiceAccount`. */
  public static isWorkloadServiceAccount(x: unknown): x is WorkloadServiceAccount {
    return typeof x === 'object' && x !== null && IS_SA in x;
  }

  /** The ServiceAccount a workload (or the object it renders) was bound to with `bind`, if any. */
  public static of(workload: IConstruct): WorkloadServiceAccount | undefined {
    const object = apiObjectOf(workload);
    return object === undefined ? undefined : AppRegistry.find(object)?.peek(BOUND)?.get(object);
  }

  /** The binding rendered. */
  public readonly binding: ServiceAccountBinding;
  /** Whether pods running as this ServiceAccount get the default Kubernetes API token mounted. */
  public readonly automountToken: boolean;
  /** Kubernetes resource type, for RBAC rules: `serviceaccounts`. */
  public readonly resourceType: string = 'serviceaccounts';
  /** Metadata of the ServiceAccount object (add labels or annotations here). */
  public readonly metadata: ApiObjectMetadataDefinition;

  private readonly apiObject: ApiObject;
  private readonly binds: BindRecord[] = [];
  private readonly extraMetadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;

  public constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    Object.defineProperty(this, IS_SA, { value: true });
    this.binding = props.binding;
    this.automountToken = props.automountToken ?? false;
    this.extraMetadata = props.metadata;
    // The id `Resource` makes it the node's default child, so `ApiObject.of(sa)` finds it (as for
    // cdk8s-plus resources); the output is what cdk8s-plus's ServiceAccount rendered.
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { ...props.metadata, name: props.binding.serviceAccountName, namespace: props.binding.namespace },
      automountServiceAccountToken: this.automountToken,
    });
    this.metadata = this.apiObject.metadata;
    registerServiceAccount(this, this.binding.toString());
    // cdk8s has no annotations API: warnings go on the construct's metadata and to stderr.
    addIssueValidation(this, () => this.collectIssues(), (c, m) => {
      c.node.addMetadata(WARNING_METADATA_TYPE, m);
      console.warn(`[${redactSecrets(c.node.path)}] ${m}`);
    });
  }

  /** Name of the ServiceAccount (the binding's `serviceAccountName`). */
  public get name(): string {
    return this.apiObject.name;
  }

  /** API version of the ServiceAccount object: `v1`. */
  public get apiVersion(): string {
    return this.apiObject.apiVersion;
  }

  /** API group of the ServiceAccount object: `core`, as cdk8s names the group of `v1`. */
  public get apiGroup(): string {
    return this.apiObject.apiGroup;
  }

  /** Kind of the object: `ServiceAccount`. */
  public get kind(): string {
    return this.apiObject.kind;
  }

  /** Name of the resource, for RBAC rules: the ServiceAccount's name. */
  public get resourceName(): string {
    return this.name;
  }

  /** This ServiceAccount as an RBAC subject (what cdk8s-plus `RoleBinding`s ask their subjects for). */
  public toSubjectConfiguration(): WorkloadServiceAccountSubject {
    return { kind: this.kind, name: this.name, apiGroup: this.apiGroup, namespace: this.metadata.namespace };
  }

  /**
   * Makes `workload` run as this ServiceAccount and gives the selected containers the projected
   * token (read-only) and the Huawei Cloud SDK environment.
   *
   * `workload` is any construct that renders (itself, or through `ApiObject.of`) a Pod,
   * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or ReplicationController: a
   * cdk8s-plus workload of any major, a `KubeDeployment`/`KubeJob`/... from `cdk8s import`, or a
   * plain `ApiObject`. The change is made to the manifest the workload renders, at synthesis, so
   * containers, variables and mounts set before or after `bind()` are all seen. Problems (another
   * ServiceAccount set, a namespace mismatch, an unknown container, a conflicting variable or
   * mount, an unsupported kind) are reported with every other error at synthesis, and the
   * workload's manifest is never rendered while one exists.
   */
  public bind(workload: IConstruct, given: BindOptions = {}): this {
    const options: BindOptions = typeof given === 'object' && given !== null ? given : {};
    const out = new IssueCollector();
    const where = Construct.isConstruct(workload) ? workload.node.path : `${this.node.path}.bind(workload)`;
    const oidc = this.binding.mode !== IdentityMode.POD_IDENTITY;
    const { containers, volumeName } = checkBindOptions(options, where, oidc, out);
    const apiObject = apiObjectOf(workload);
    const located = apiObject === undefined ? undefined : podSpecPath(apiObject);
    if (apiObject === undefined || located === undefined || 'problem' in located) {
      out.error({
        code: 'UNSUPPORTED_WORKLOAD', path: where,
        rule: located !== undefined && 'problem' in located
          ? `is ${located.problem}`
          : 'is not a construct rendering a Kubernetes object (ApiObject.of finds none)',
        fix: `bind a workload of kind ${KINDS} (a cdk8s-plus workload, a KubeDeployment-like import or an ApiObject)`, side: SIDE,
      });
      this.binds.push({ where, binds: false, issues: out.issues });
      return this;
    }
    // The workload's manifest is written by its own app: bound from another app, the pod would name a
    // ServiceAccount that app never renders, and its refusal would surface only while that app writes.
    if (apiObject.node.root !== this.node.root) {
      out.error({
        code: 'WORKLOAD_IN_OTHER_APP', path: where,
        rule: `is in another cdk8s App than the ServiceAccount ${this.node.path}; a pod can only run as a ServiceAccount rendered beside it`,
        fix: 'create a WorkloadServiceAccount for the binding in the workload\'s own app (one per app) and bind the workload to that one',
        side: SIDE,
      });
      this.binds.push({ where, binds: false, issues: out.issues });
      return this;
    }
    const previous = WorkloadServiceAccount.of(apiObject);
    const containersAtBind = new Set<string>();
    if (previous) {
      out.error({
        code: 'WORKLOAD_ALREADY_BOUND', path: where,
        rule: `is already bound to the ServiceAccount ${showValue(previous.binding.toString())}; a pod runs as one ServiceAccount`,
        fix: 'bind each workload once', side: SIDE,
      });
    }
    // The containers the workload has now: later ones did not ask for the token (CONTAINER_ADDED_AFTER_BIND).
    // Needed only when every container is bound with OIDC federation (in pod identity nothing is
    // added to containers: they may come later); read from a cdk8s-plus workload's API, else rendered.
    if (oidc && containers === undefined) {
      const declared = declaredContainerNames(workload);
      const rendered = declared === undefined ? podSpecAtBind(apiObject, located.path) : undefined;
      for (const name of declared ?? (rendered?.podSpec ? containerNamesOf(rendered.podSpec) : [])) containersAtBind.add(name);
      if (declared === undefined && (rendered?.podSpec === undefined || objectsIn(rendered.podSpec, 'containers').length === 0)) {
        const problem = rendered?.problem;
        out.error({
          code: 'WORKLOAD_HAS_NO_CONTAINERS', path: where,
          rule: `has no containers yet${problem === undefined ? '' : ` (it cannot be rendered: ${problem})`}, so none would get the token`,
          fix: 'add containers before calling bind()', side: SIDE,
        });
      }
    }
    const binds = !previous && out.issues.length === 0;
    if (binds) AppRegistry.of(apiObject).get(BOUND).set(apiObject, this);
    const record = {
      where, apiObject, binds, issues: out.issues,
      patch: {
        where, podSpec: located.path, serviceAccountName: this.name, identity: this.binding, containers, containersAtBind,
        volumeName: typeof volumeName === 'string' ? volumeName : '',
      },
    };
    addBindRecord(record);
    this.binds.push(record);
    return this;
  }

  private collectIssues(): ValidationIssue[] {
    const identity = this.binding.identity;
    const own = identity.validate().filter((i) => i.side !== 'terraform' && (i.bindingIndex === undefined || i.bindingIndex === this.binding.index));
    const issues: ValidationIssue[] = [...own];
    const out = new IssueCollector();
    checkMetadata(this.extraMetadata, `${this.node.path}.metadata`, out);
    for (const record of this.binds) {
      issues.push(...record.issues);
      if (!record.binds || record.apiObject === undefined || record.patch === undefined) continue;
      // The bound rendering the wrapped toJson() returns (once per pass), so validation reports
      // exactly what would make the rendering refuse.
      const rendering = renderBound(record.apiObject);
      if (rendering.error !== undefined) {
        out.error({
          code: 'WORKLOAD_RENDER_FAILED', path: record.where,
          rule: `cannot be rendered (${causeOf(rendering.error)}), so the binding cannot be checked`,
          fix: 'fix the workload so that cdk8s can render it (a cdk8s-plus workload needs at least one container)', side: SIDE,
        });
        continue;
      }
      for (const issue of rendering.patchIssues) out.forward(issue, issue.path);
    }
    checkDuplicateServiceAccount(this, this.binding.toString(), out);
    return [...issues, ...out.issues];
  }
}
