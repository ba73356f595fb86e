import { ApiObjectMetadata, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isJsonObject } from '../contract/json';
import { IssueCollector, showValue, ValidationIssue } from '../core/issues';
import { checkExactString, describeType, labelValueRule, namespaceRule, qualifiedNameRule, redactSecrets, volumeNameRule } from '../core/rules';
import { IdentityMode } from '../core/identity-mode';
import type { ServiceAccountBinding } from '../core/service-account-binding';
import { FieldChecker } from '../core/validation/field-checker';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';
import { addIssueValidation, WARNING_METADATA_TYPE } from '../constructs/validation-hook';
import { projectedServiceAccountTokenVolume, setPodServiceAccount } from './cdk8s-plus-internals';

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

/** What one `bind` call did, for validation at synthesis. */
interface BindRecord {
  readonly workload: kplus.AbstractPod;
  readonly containers?: readonly string[];
  readonly applied: ReadonlySet<kplus.Container>;
  /** The projected token volume, when bind() added one. */
  readonly volume?: kplus.Volume;
  readonly issues: ValidationIssue[];
}

const IS_SA = Symbol.for('cce-workload-identity.WorkloadServiceAccount');
/** The ServiceAccount each workload of the app was bound to (`bind`, `WorkloadServiceAccount.of`). */
const BOUND = new RegistryKey('workloads bound to a WorkloadServiceAccount', () => new Map<kplus.AbstractPod, WorkloadServiceAccount>());

/** Every WorkloadServiceAccount of the app by `namespace/name`, in creation order (duplicate check). */
const CREATED = new RegistryKey('WorkloadServiceAccounts by namespace/name', () => new Map<string, WorkloadServiceAccount[]>());

/**
 * The Kubernetes side of one binding: its ServiceAccount (in the binding's namespace, not
 * automounting the API token), and `bind()` to make any cdk8s-plus workload run as it with the
 * projected token (audience = client ID) mounted read-only and the SDK environment pointing at it.
 * For a binding in `IdentityMode.POD_IDENTITY`, `bind()` only sets the ServiceAccount: the platform
 * injects the token and the credentials endpoint (namespace and ServiceAccount checks still apply).
 */
export class WorkloadServiceAccount extends kplus.ServiceAccount {
  /** Whether `x` is a `WorkloadServiceAccount`. */
  public static isWorkloadServiceAccount(x: unknown): x is WorkloadServiceAccount {
    return typeof x === 'object' && x !== null && IS_SA in x;
  }

  /** The ServiceAccount a workload was bound to with `bind`, if any. */
  public static of(workload: kplus.AbstractPod): WorkloadServiceAccount | undefined {
    return AppRegistry.find(workload)?.peek(BOUND)?.get(workload);
  }

  /** The binding rendered. */
  public readonly binding: ServiceAccountBinding;
  private readonly binds: BindRecord[] = [];
  private readonly extraMetadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;

  public constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id, {
      automountToken: props.automountToken ?? false,
      metadata: { ...props.metadata, name: props.binding.serviceAccountName, namespace: props.binding.namespace },
    });
    Object.defineProperty(this, IS_SA, { value: true });
    this.binding = props.binding;
    this.extraMetadata = props.metadata;
    const byName = AppRegistry.of(this).get(CREATED);
    const key = this.binding.toString();
    byName.set(key, [...(byName.get(key) ?? []), this]);
    // cdk8s has no annotations API: warnings go on the construct's metadata and to stderr.
    addIssueValidation(this, () => this.collectIssues(), (c, m) => {
      c.node.addMetadata(WARNING_METADATA_TYPE, m);
      console.warn(`[${redactSecrets(c.node.path)}] ${m}`);
    });
  }

  /**
   * Makes `workload` run as this ServiceAccount and gives the selected containers the projected
   * token (read-only) and the Huawei Cloud SDK environment. Problems (another ServiceAccount
   * already set, a namespace mismatch, an unknown container, a conflicting variable or mount) are
   * reported with every other error at synthesis.
   */
  public bind(workload: kplus.AbstractPod, given: BindOptions = {}): this {
    const issues: ValidationIssue[] = [];
    const options: BindOptions = typeof given === 'object' && given !== null ? given : {};
    const out = new IssueCollector();
    const where = `${workload.node.path}`;
    const side = 'kubernetes' as const;
    const token = this.binding.token;
    const previous = WorkloadServiceAccount.of(workload);
    if (previous) {
      out.error({ code: 'WORKLOAD_ALREADY_BOUND', path: where, value: previous.binding.toString(), rule: 'is already bound to a workload-identity ServiceAccount; a pod runs as one ServiceAccount', fix: 'bind each workload once', side });
    } else if (workload.serviceAccount && workload.serviceAccount.name !== this.name) {
      out.error({ code: 'WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', path: `${where}.serviceAccount`, value: workload.serviceAccount.name, rule: `is set, but the binding needs the pod to run as ${showValue(this.binding.serviceAccountName)} (its token's sub must be ${this.binding.subject})`, fix: 'remove serviceAccount from the workload props, or bind the binding of that ServiceAccount', side });
    }
    if (options.containers !== undefined && !Array.isArray(options.containers)) {
      out.error({ code: 'INVALID_CONTAINERS', path: `${where}.containers`, value: options.containers, rule: `must be an array of container names (got ${describeType(options.containers)})`, fix: 'pass bind(workload, { containers: ["app"] }), or omit containers to bind all', side });
    }
    const selected = this.selectContainers(workload, Array.isArray(options.containers) ? options.containers : undefined, out, where);
    if (this.binding.mode === IdentityMode.POD_IDENTITY) {
      // Pod identity: the pod only runs as the ServiceAccount. CCE mounts its own token and injects
      // HC_CONTAINER_CREDENTIALS_FULL_URI / HC_CONTAINER_AUTHORIZATION_TOKEN_FILE; the library adds
      // no projected volume and no SDK variables.
      if (!previous && out.issues.length === 0) {
        AppRegistry.of(workload).get(BOUND).set(workload, this);
        setPodServiceAccount(workload, this);
      }
      issues.push(...out.issues);
      this.binds.push({ workload, containers: Array.isArray(options.containers) ? options.containers : undefined, applied: new Set(), issues });
      return this;
    }
    const volumeName: unknown = options.volumeName ?? 'workload-identity-token';
    // The volume name is written into the manifest: Kubernetes' own rule, on the exact string.
    const badVolumeName = new FieldChecker(out, where, { side })
      .exact('volumeName', volumeName, volumeNameRule, 'INVALID_VOLUME_NAME', 'pass bind(workload, { volumeName: "workload-identity-token" }) or another DNS-1123 label');
    const taken = previous || badVolumeName ? undefined : [...workload.volumes, ...[...workload.initContainers, ...workload.containers].flatMap((c) => c.mounts.map((m) => m.volume))]
      .find((v) => v.name === volumeName);
    if (taken) {
      out.error({ code: 'VOLUME_NAME_IN_USE', path: `${where}.volumes`, value: volumeName, rule: 'is already the name of another volume of the pod', fix: 'pass bind(workload, { volumeName: "<a free name>" })', side });
    }
    let volume: kplus.Volume | undefined;
    if (!previous && out.issues.length === 0) {
      AppRegistry.of(workload).get(BOUND).set(workload, this);
      setPodServiceAccount(workload, this);
      volume = projectedServiceAccountTokenVolume(workload, 'WorkloadIdentityToken', volumeName as string, {
        audience: token.audience,
        expirationSeconds: token.expirationSeconds,
        path: token.path,
        defaultMode: token.mode,
      });
      for (const container of selected) {
        this.applyToContainer(container, volume);
      }
    }
    issues.push(...out.issues);
    this.binds.push({ workload, containers: Array.isArray(options.containers) ? options.containers : undefined, applied: new Set(volume ? selected : []), volume, issues });
    return this;
  }

  private selectContainers(workload: kplus.AbstractPod, names: readonly string[] | undefined, out: IssueCollector, where: string): kplus.Container[] {
    const all = [...workload.initContainers, ...workload.containers];
    if (names === undefined) {
      if (workload.containers.length === 0) {
        out.error({ code: 'WORKLOAD_HAS_NO_CONTAINERS', path: where, rule: 'has no containers yet, so none would get the token', fix: 'add containers before calling bind()', side: 'kubernetes' });
      }
      return all;
    }
    const picked: kplus.Container[] = [];
    for (const name of names) {
      const c = all.find((x) => x.name === name);
      if (!c) {
        out.error({ code: 'UNKNOWN_CONTAINER', path: `${where}.containers`, value: name, rule: `names no container of the workload (it has ${all.map((x) => JSON.stringify(x.name)).join(', ') || 'none'})`, fix: 'name an existing container, or omit containers to bind all', side: 'kubernetes' });
      } else {
        picked.push(c);
      }
    }
    return picked;
  }

  /** Mounts the token and sets the environment, leaving conflicting settings for validation to report. */
  private applyToContainer(container: kplus.Container, volume: kplus.Volume): void {
    const token = this.binding.token;
    if (!container.mounts.some((m) => m.path === token.mountPath)) {
      container.mount(token.mountPath, volume, { readOnly: true });
    }
    const existing = container.env.variables;
    for (const [name, value] of Object.entries(this.binding.environment)) {
      if (existing[name] === undefined) container.env.addVariable(name, kplus.EnvValue.fromValue(value));
    }
  }

  /**
   * Checks, at synthesis, that a bound container still has the token and the environment exactly
   * as the invariants require: nothing set before or after bind() may override or hide them.
   */
  private checkContainer(container: kplus.Container, volume: kplus.Volume, out: IssueCollector, where: string): void {
    const token = this.binding.token;
    const side = 'kubernetes' as const;
    for (const mount of container.mounts) {
      if (mount.volume === volume) continue;
      if (mount.path === token.mountPath) {
        out.error({ code: 'MOUNT_PATH_IN_USE', path: `${where}.mounts`, value: token.mountPath, rule: `is where volume "${mount.volume.name}" is mounted, so the token cannot be mounted there`, fix: 'set token.mountPath of the binding to a free directory, or move that mount', side });
      } else if (mount.path.startsWith(`${token.mountPath}/`)) {
        out.error({ code: 'MOUNT_HIDES_TOKEN', path: `${where}.mounts`, value: mount.path, rule: `mounts volume "${mount.volume.name}" inside the token directory ${token.mountPath}, which can hide the token file ${token.filePath}`, fix: 'mount it elsewhere, or set token.mountPath of the binding to another directory', side });
      }
    }
    const current = container.env.variables;
    for (const [name, value] of Object.entries(this.binding.environment)) {
      const actual = current[name];
      if (actual === undefined || actual.value !== value) {
        out.error({ code: 'ENV_CONFLICT', path: `${where}.env.${name}`, value: actual === undefined ? '(removed)' : actual.value ?? '(from a reference)', rule: `must be ${JSON.stringify(value)}, the value workload identity derives (set before or after bind())`, fix: `do not set ${name} on the container yourself; bind() sets it`, side });
      }
    }
  }

  /** Labels and annotations given in props are written into the manifest: Kubernetes' own rules apply. */
  private checkMetadata(out: IssueCollector): void {
    const side = 'kubernetes' as const;
    const where = `${this.node.path}.metadata`;
    for (const kind of ['labels', 'annotations'] as const) {
      const map: unknown = this.extraMetadata?.[kind];
      if (map === undefined) continue;
      if (!isJsonObject(map)) {
        out.error({ code: 'INVALID_METADATA', path: `${where}.${kind}`, rule: `must be an object of strings (got ${describeType(map)})`, fix: `pass ${kind}: { "app.kubernetes.io/name": "shop" }`, side });
        continue;
      }
      for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
        const badKey = checkExactString(key, qualifiedNameRule);
        if (badKey) out.error({ code: 'INVALID_METADATA_KEY', path: `${where}.${kind}`, value: key, rule: `key ${badKey}`, fix: 'use a key such as "app.kubernetes.io/name"', side });
        const badValue = kind === 'labels' ? checkExactString(value, labelValueRule) : typeof value === 'string' ? undefined : `must be a string (got ${describeType(value)})`;
        if (badValue) out.error({ code: 'INVALID_METADATA_VALUE', path: `${where}.${kind}[${JSON.stringify(badKey ? '?' : key)}]`, value, rule: badValue, fix: kind === 'labels' ? 'use at most 63 letters, digits, "-", "_" and "."' : 'use a string', side });
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
      const where = record.workload.node.path;
      const ns = record.workload.metadata.namespace ?? Chart.of(record.workload).namespace;
      // (An invalid binding namespace is reported once, by the declaration.)
      if (ns !== this.binding.namespace && typeof this.binding.namespace === 'string' && namespaceRule(this.binding.namespace) === undefined) {
        out.error({ code: 'NAMESPACE_MISMATCH', path: `${where}.metadata.namespace`, value: ns ?? '(unset)', rule: `must be "${this.binding.namespace}", the ServiceAccount's namespace: a pod can only run as a ServiceAccount of its own namespace, and the rule admits ${this.binding.subject}`, fix: `set metadata.namespace (or the chart's namespace) to "${this.binding.namespace}"`, side: 'kubernetes' });
      }
      if (record.volume) {
        for (const c of record.applied) this.checkContainer(c, record.volume, out, `${where}.containers[${c.name}]`);
      }
      if (record.containers === undefined && record.volume) {
        for (const c of [...record.workload.initContainers, ...record.workload.containers]) {
          if (!record.applied.has(c)) {
            out.error({ code: 'CONTAINER_ADDED_AFTER_BIND', path: `${where}.containers[${c.name}]`, rule: 'was added after bind(), so it has neither the token nor the SDK environment', fix: 'add containers before calling bind(), or pass bind(workload, { containers: [...] }) to choose', side: 'kubernetes' });
          }
        }
      }
    }
    // The same ServiceAccount rendered twice in one app would collide in the cluster.
    const twins = AppRegistry.find(this)?.peek(CREATED)?.get(this.binding.toString()) ?? [];
    if (twins.length > 1 && twins[0] !== this) {
      out.error({ code: 'DUPLICATE_SERVICE_ACCOUNT', path: this.node.path, value: this.binding.toString(), rule: `is also created at ${twins[0].node.path}; a ServiceAccount exists once per namespace`, fix: 'create one WorkloadServiceAccount per binding and bind every workload to it', side: 'kubernetes' });
    }
    return [...issues, ...out.issues];
  }
}
