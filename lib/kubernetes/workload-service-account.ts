import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition } from './cdk8s-peer';
import { Construct, IConstruct } from 'constructs';
import { isJsonObject } from '../contract/json';
import { IssueCollector, IssueSide, showValue, ValidationIssue, WorkloadIdentityValidationError } from '../core/issues';
import { checkExactString, describeType, labelValueRule, namespaceRule, qualifiedNameRule, redactSecrets, volumeNameRule } from '../core/rules';
import { IdentityMode } from '../core/identity-mode';
import type { ServiceAccountBinding } from '../core/service-account-binding';
import { FieldChecker } from '../core/validation/field-checker';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';
import { addIssueValidation, WARNING_METADATA_TYPE } from '../constructs/validation-hook';
import { appendTo, containersOf, copyJson, JsonObject, objectAt, objectsIn, podSpecPath, setKey, SUPPORTED_WORKLOAD_KINDS } from './pod-template';

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

/** What one `bind` call asked for, checked at synthesis against the rendered manifest. */
interface BindRecord {
  readonly serviceAccount: WorkloadServiceAccount;
  /** The construct path of the workload as given, the prefix of every issue about it. */
  readonly where: string;
  /** The object whose manifest is patched; absent when the workload renders no supported object. */
  readonly apiObject?: ApiObject;
  /** Where its pod spec is (`spec.template.spec`, ...). */
  readonly podSpec: readonly string[];
  /** The containers named in the options, when named. */
  readonly containers?: readonly string[];
  /** Names of the containers and init containers the workload rendered when bind() was called. */
  readonly containersAtBind: ReadonlySet<string>;
  /** The projected volume's name (OIDC mode). */
  readonly volumeName: string;
  /** Whether this call binds the workload (no error at bind() time, not bound before). */
  readonly binds: boolean;
  /** Errors found when bind() was called. */
  readonly issues: readonly ValidationIssue[];
}

/** A workload object whose `toJson()` `bind()` wrapped: its own rendering and the bind() calls on it. */
interface BoundObject {
  /** The object's rendering without any binding (the `toJson()` it had before it was wrapped). */
  readonly render: () => unknown;
  readonly records: BindRecord[];
}

const IS_SA = Symbol.for('cce-workload-identity.WorkloadServiceAccount');
/** The ServiceAccount each workload object of the app was bound to (`bind`, `WorkloadServiceAccount.of`). */
const BOUND = new RegistryKey('workloads bound to a WorkloadServiceAccount', () => new Map<ApiObject, WorkloadServiceAccount>());
/** Every workload object bind() was called on, with its unpatched rendering. */
const OBJECTS = new RegistryKey('workload objects bind() renders', () => new Map<ApiObject, BoundObject>());
/**
 * Renderings kept for one synthesis pass (`renderOncePerPass`); absent outside one, so every
 * `toJson()` renders afresh.
 */
const PASS = new RegistryKey('renderings kept for the current synthesis pass', () => ({ memo: undefined as Map<ApiObject, unknown> | undefined }));
/** Every WorkloadServiceAccount of the app by `namespace/name`, in creation order (duplicate check). */
const CREATED = new RegistryKey('WorkloadServiceAccounts by namespace/name', () => new Map<string, WorkloadServiceAccount[]>());

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

/** The last line of an error's message (cdk8s wraps the cause in "Failed serializing construct ..."). */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const parts = message.split('Error: ');
  return parts[parts.length - 1].trim();
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
    const byName = AppRegistry.of(this).get(CREATED);
    const key = this.binding.toString();
    byName.set(key, [...(byName.get(key) ?? []), this]);
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
    const containers = Array.isArray(options.containers) ? [...options.containers] : undefined;
    const volumeName: unknown = options.volumeName ?? 'workload-identity-token';
    const oidc = this.binding.mode !== IdentityMode.POD_IDENTITY;
    if (options.containers !== undefined && !Array.isArray(options.containers)) {
      out.error({
        code: 'INVALID_CONTAINERS', path: `${where}.containers`, value: options.containers,
        rule: `must be an array of container names (got ${describeType(options.containers)})`,
        fix: 'pass bind(workload, { containers: ["app"] }), or omit containers to bind all', side: SIDE,
      });
    } else if (containers !== undefined && containers.length === 0) {
      out.error({
        code: 'INVALID_CONTAINERS', path: `${where}.containers`, rule: 'is empty, so no container would get the token and the SDK environment',
        fix: 'name the containers that call Huawei Cloud, e.g. bind(workload, { containers: ["app"] }), or omit containers to bind all',
        side: SIDE,
      });
    }
    // Pod identity adds no volume: its name is not written, so not checked.
    if (oidc) {
      // The volume name is written into the manifest: Kubernetes' own rule, on the exact string.
      new FieldChecker(out, where, { side: SIDE }).exact('volumeName', volumeName, volumeNameRule, 'INVALID_VOLUME_NAME',
        'pass bind(workload, { volumeName: "workload-identity-token" }) or another DNS-1123 label');
    }
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
      this.binds.push({
        serviceAccount: this, where, podSpec: [], containers, containersAtBind: new Set(), volumeName: '', binds: false, issues: out.issues,
      });
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
      this.binds.push({
        serviceAccount: this, where, podSpec: [], containers, containersAtBind: new Set(), volumeName: '', binds: false, issues: out.issues,
      });
      return this;
    }
    const previous = WorkloadServiceAccount.of(apiObject);
    if (previous) {
      out.error({
        code: 'WORKLOAD_ALREADY_BOUND', path: where,
        rule: `is already bound to the ServiceAccount ${showValue(previous.binding.toString())}; a pod runs as one ServiceAccount`,
        fix: 'bind each workload once', side: SIDE,
      });
    }
    const bound = this.boundObject(apiObject);
    // The containers as rendered now: later ones did not ask for the token (CONTAINER_ADDED_AFTER_BIND).
    let podSpec: JsonObject | undefined;
    let renderProblem: string | undefined;
    try {
      podSpec = objectAt(bound.render(), located.path);
    } catch (error) {
      renderProblem = causeOf(error);
    }
    const containersAtBind = new Set(podSpec ? containersOf(podSpec).map((c) => c.name).filter((n): n is string => typeof n === 'string') : []);
    // (In pod identity nothing is added to containers: they may come later.)
    if (oidc && containers === undefined && (podSpec === undefined || objectsIn(podSpec, 'containers').length === 0)) {
      out.error({
        code: 'WORKLOAD_HAS_NO_CONTAINERS', path: where,
        rule: `has no containers yet${renderProblem === undefined ? '' : ` (it cannot be rendered: ${renderProblem})`}, so none would get the token`,
        fix: 'add containers before calling bind()', side: SIDE,
      });
    }
    const binds = !previous && out.issues.length === 0;
    if (binds) AppRegistry.of(apiObject).get(BOUND).set(apiObject, this);
    const record: BindRecord = {
      serviceAccount: this, where, apiObject, podSpec: located.path, containers, containersAtBind,
      volumeName: typeof volumeName === 'string' ? volumeName : '', binds, issues: out.issues,
    };
    bound.records.push(record);
    this.binds.push(record);
    return this;
  }

  /**
   * The hook: `toJson()` of the workload's object is wrapped (on that instance only) so its output
   * gets the binding. Every way cdk8s synthesizes calls it (`app.synth()`, `app.synthYaml()`,
   * `chart.toJson()`, `Testing.synth()`), it returns the final manifest whatever the object is (a
   * generated `Kube*` class converts its props in its own `toJson()`, after cdk8s applied the
   * object's JSON patches), and the wrapper runs at synthesis, so it sees every container, variable
   * and mount added after bind(). A JSON patch added with `addJsonPatch` could not do that: its
   * operations are fixed when added. The wrapper reads the unpatched rendering, checks it with the
   * code validation uses, and throws instead of returning a manifest that breaks an invariant.
   */
  private boundObject(apiObject: ApiObject): BoundObject {
    const objects = AppRegistry.of(apiObject).get(OBJECTS);
    const known = objects.get(apiObject);
    if (known) return known;
    // Whatever toJson() the object has now (its class's, or another library's wrapper) is kept and called.
    const own = apiObject.toJson as () => unknown;
    const render = (): unknown => {
      const memo = AppRegistry.find(apiObject)?.peek(PASS)?.memo;
      if (memo === undefined) return own.call(apiObject);
      if (!memo.has(apiObject)) memo.set(apiObject, own.call(apiObject));
      return memo.get(apiObject);
    };
    const bound: BoundObject = { render, records: [] };
    objects.set(apiObject, bound);
    Object.defineProperty(apiObject, 'toJson', {
      configurable: true,
      writable: true,
      value: (): unknown => {
        const rendered = bound.render();
        let manifest = rendered;
        const out = new IssueCollector();
        for (const record of bound.records) {
          for (const issue of record.issues) out.forward(issue, issue.path);
          if (record.binds) manifest = record.serviceAccount.patched(record, manifest, out);
        }
        const errors = out.issues.filter((i) => i.severity === 'error');
        if (errors.length > 0) throw new WorkloadIdentityValidationError(errors);
        // A rendering kept for the pass is shared with validation: it is never handed out itself.
        return manifest === rendered ? copyJson(rendered) : manifest;
      },
    });
    return bound;
  }

  /**
   * The manifest with this binding applied (a copy), and every problem with it in `out`: the one
   * check of a bound workload, used by validation and by the rendering itself.
   */
  private patched(record: BindRecord, rendered: unknown, out: IssueCollector): unknown {
    const { where } = record;
    const manifest = copyJson(rendered);
    const podSpec = objectAt(manifest, record.podSpec);
    if (podSpec === undefined) {
      out.error({
        code: 'UNSUPPORTED_WORKLOAD', path: where, rule: `renders no pod spec at ${record.podSpec.join('.')}`,
        fix: `bind a workload of kind ${KINDS} that renders its pod template`, side: SIDE,
      });
      return manifest;
    }
    const namespace = objectAt(manifest, ['metadata'])?.namespace;
    // (An invalid binding namespace is reported once, by the declaration.)
    if (namespace !== this.binding.namespace && typeof this.binding.namespace === 'string' && namespaceRule(this.binding.namespace) === undefined) {
      out.error({
        code: 'NAMESPACE_MISMATCH', path: `${where}.metadata.namespace`, value: namespace ?? '(unset)',
        rule: `must be "${this.binding.namespace}", the ServiceAccount's namespace: a pod can only run as a ServiceAccount of its own namespace, `
          + `and the rule admits ${this.binding.subject}`,
        fix: `set metadata.namespace (or the chart's namespace) to "${this.binding.namespace}"`, side: SIDE,
      });
    }
    // `serviceAccount` is the deprecated alias Kubernetes still honours.
    const other = [podSpec.serviceAccountName, podSpec.serviceAccount].find((n) => n !== undefined && n !== this.name);
    if (other !== undefined) {
      out.error({
        code: 'WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', path: `${where}.serviceAccount`, value: other,
        rule: `is set, but the binding needs the pod to run as ${showValue(this.binding.serviceAccountName)} `
          + `(its token's sub must be ${this.binding.subject})`,
        fix: 'remove serviceAccount from the workload, or bind the binding of that ServiceAccount', side: SIDE,
      });
    }
    setKey(podSpec, 'serviceAccountName', this.name);
    const all = containersOf(podSpec);
    if (record.containers !== undefined) {
      for (const name of record.containers) {
        if (!all.some((c) => c.name === name)) {
          out.error({
            code: 'UNKNOWN_CONTAINER', path: `${where}.containers`, value: name,
            rule: `names no container of the workload (it has ${all.map((c) => JSON.stringify(c.name)).join(', ') || 'none'})`,
            fix: 'name an existing container, or omit containers to bind all', side: SIDE,
          });
        }
      }
    }
    // Pod identity: the pod only runs as the ServiceAccount. CCE mounts its own token and injects
    // HC_CONTAINER_CREDENTIALS_FULL_URI / HC_CONTAINER_AUTHORIZATION_TOKEN_FILE; the library adds
    // no projected volume and no SDK variables.
    if (this.binding.mode === IdentityMode.POD_IDENTITY) return manifest;
    const selected = record.containers === undefined ? all : all.filter((c) => record.containers?.includes(c.name as string));
    if (record.containers === undefined) {
      for (const c of all.filter((x) => !record.containersAtBind.has(x.name as string))) {
        out.error({
          code: 'CONTAINER_ADDED_AFTER_BIND', path: `${where}.containers[${String(c.name)}]`,
          rule: 'was added after bind(), so it has neither the token nor the SDK environment',
          fix: 'add containers before calling bind(), or pass bind(workload, { containers: [...] }) to choose', side: SIDE,
        });
      }
    }
    // A StatefulSet's claim template takes precedence over a pod volume of the same name (Kubernetes API,
    // StatefulSetSpec.volumeClaimTemplates), which would replace the token.
    const claims = objectsIn(objectAt(manifest, ['spec']) ?? {}, 'volumeClaimTemplates').map((c) => objectAt(c, ['metadata'])?.name);
    const used = [...objectsIn(podSpec, 'volumes'), ...all.flatMap((c) => objectsIn(c, 'volumeMounts'))].map((v) => v.name).concat(claims);
    if (used.includes(record.volumeName)) {
      out.error({
        code: 'VOLUME_NAME_IN_USE', path: `${where}.volumes`, value: record.volumeName, rule: 'is already the name of another volume of the pod',
        fix: 'pass bind(workload, { volumeName: "<a free name>" })', side: SIDE,
      });
    }
    const token = this.binding.token;
    appendTo(podSpec, 'volumes', [{
      name: record.volumeName,
      projected: {
        defaultMode: token.mode,
        sources: [{ serviceAccountToken: { audience: token.audience, expirationSeconds: token.expirationSeconds, path: token.path } }],
      },
    }]);
    for (const c of selected) this.patchContainer(c, record.volumeName, out, `${where}.containers[${String(c.name)}]`);
    return manifest;
  }

  /**
   * Mounts the token read-only and adds the SDK environment, reporting what the container already
   * has that would override or hide them (a variable set to the derived value is left as it is).
   */
  private patchContainer(container: JsonObject, volumeName: string, out: IssueCollector, where: string): void {
    const token = this.binding.token;
    for (const mount of objectsIn(container, 'volumeMounts')) {
      const path = mount.mountPath;
      if (path === token.mountPath) {
        out.error({
          code: 'MOUNT_PATH_IN_USE', path: `${where}.mounts`, value: token.mountPath,
          rule: `is where volume "${String(mount.name)}" is mounted, so the token cannot be mounted there`,
          fix: 'set token.mountPath of the binding to a free directory, or move that mount', side: SIDE,
        });
      } else if (typeof path === 'string' && path.startsWith(`${token.mountPath}/`)) {
        out.error({
          code: 'MOUNT_HIDES_TOKEN', path: `${where}.mounts`, value: path,
          rule: `mounts volume "${String(mount.name)}" inside the token directory ${token.mountPath}, `
            + `which can hide the token file ${token.filePath}`,
          fix: 'mount it elsewhere, or set token.mountPath of the binding to another directory', side: SIDE,
        });
      }
    }
    appendTo(container, 'volumeMounts', [{ mountPath: token.mountPath, name: volumeName, readOnly: true }]);
    const env = objectsIn(container, 'env');
    const added: JsonObject[] = [];
    for (const [name, value] of Object.entries(this.binding.environment)) {
      const set = env.filter((e) => e.name === name);
      if (set.length === 0) added.push({ name, value });
      for (const actual of set.filter((e) => e.value !== value || e.valueFrom !== undefined)) {
        out.error({
          code: 'ENV_CONFLICT', path: `${where}.env.${name}`, value: actual.valueFrom !== undefined ? '(from a reference)' : actual.value ?? '',
          rule: `must be ${JSON.stringify(value)}, the value workload identity derives (set before or after bind())`,
          fix: `do not set ${name} on the container yourself; bind() sets it`, side: SIDE,
        });
      }
    }
    appendTo(container, 'env', added);
  }

  /** Labels and annotations given in props are written into the manifest: Kubernetes' own rules apply. */
  private checkMetadata(out: IssueCollector): void {
    const where = `${this.node.path}.metadata`;
    for (const kind of ['labels', 'annotations'] as const) {
      const map: unknown = this.extraMetadata?.[kind];
      if (map === undefined) continue;
      if (!isJsonObject(map)) {
        out.error({
          code: 'INVALID_METADATA', path: `${where}.${kind}`, rule: `must be an object of strings (got ${describeType(map)})`,
          fix: `pass ${kind}: { "app.kubernetes.io/name": "shop" }`, side: SIDE,
        });
        continue;
      }
      for (const [key, value] of Object.entries(map)) {
        const badKey = checkExactString(key, qualifiedNameRule);
        if (badKey) {
          out.error({
            code: 'INVALID_METADATA_KEY', path: `${where}.${kind}`, value: key, rule: `key ${badKey}`,
            fix: 'use a key such as "app.kubernetes.io/name"', side: SIDE,
          });
        }
        const badValue = kind === 'labels'
          ? checkExactString(value, labelValueRule)
          : typeof value === 'string' ? undefined : `must be a string (got ${describeType(value)})`;
        if (badValue) {
          out.error({
            code: 'INVALID_METADATA_VALUE', path: `${where}.${kind}[${JSON.stringify(badKey ? '?' : key)}]`, value, rule: badValue,
            fix: kind === 'labels' ? 'use at most 63 letters, digits, "-", "_" and "."' : 'use a string', side: SIDE,
          });
        }
      }
    }
  }

  private collectIssues(): ValidationIssue[] {
    const identity = this.binding.identity;
    const own = identity.validate().filter((i) => i.side !== 'terraform' && (i.bindingIndex === undefined || i.bindingIndex === this.binding.index));
    const issues: ValidationIssue[] = [...own];
    const out = new IssueCollector();
    this.checkMetadata(out);
    for (const record of this.binds) {
      issues.push(...record.issues);
      if (!record.binds || record.apiObject === undefined) continue;
      // The same rendering and the same check the wrapped toJson() uses, so validation reports
      // exactly what would make the rendering refuse.
      let rendered: unknown;
      try {
        rendered = AppRegistry.of(record.apiObject).get(OBJECTS).get(record.apiObject)?.render();
      } catch (error) {
        out.error({
          code: 'WORKLOAD_RENDER_FAILED', path: record.where, rule: `cannot be rendered (${causeOf(error)}), so the binding cannot be checked`,
          fix: 'fix the workload so that cdk8s can render it (a cdk8s-plus workload needs at least one container)', side: SIDE,
        });
        continue;
      }
      this.patched(record, rendered, out);
    }
    // The same ServiceAccount rendered twice in one app would collide in the cluster.
    const twins = AppRegistry.find(this)?.peek(CREATED)?.get(this.binding.toString()) ?? [];
    if (twins.length > 1 && twins[0] !== this) {
      out.error({
        code: 'DUPLICATE_SERVICE_ACCOUNT', path: this.node.path, value: this.binding.toString(),
        rule: `is also created at ${twins[0].node.path}; a ServiceAccount exists once per namespace`,
        fix: 'create one WorkloadServiceAccount per binding and bind every workload to it', side: SIDE,
      });
    }
    return [...issues, ...out.issues];
  }
}

/**
 * Runs `pass` (validating the apps, then writing them) rendering each bound workload object once:
 * validation, cdk8s's own validation in `app.synth()` and the write then share that rendering
 * instead of rendering it three times. Only for a pass in which no user code runs between the
 * validation and the write (`WorkloadIdentitySynthesis.synthesizeApps`); every other `toJson()`
 * renders afresh, so changes made between two synthesis calls are always seen.
 */
export function renderOncePerPass<T>(apps: readonly IConstruct[], pass: () => T): T {
  // An app without a registry has no bound workload: nothing to keep.
  const states = apps.flatMap((app) => AppRegistry.find(app)?.get(PASS) ?? []);
  const started = states.filter((state) => state.memo === undefined);
  for (const state of started) state.memo = new Map();
  try {
    return pass();
  } finally {
    for (const state of started) state.memo = undefined;
  }
}
