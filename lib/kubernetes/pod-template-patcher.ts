/**
 * The binding applied to a rendered workload manifest: plain JSON in, a patched copy and every
 * problem with it out. No constructs, no cdk8s: `bind()`'s rendering hook (./binder) and the
 * validation of a `WorkloadServiceAccount` both call `patchPodTemplate`, so validation reports
 * exactly what would make the rendering refuse.
 *
 * The patch: the pod runs as the ServiceAccount (`serviceAccountName`); with OIDC federation the
 * pod also gets the projected token volume (audience = client ID), and each selected container
 * mounts it read-only and gets the Huawei Cloud SDK environment pointing at it. With pod identity
 * only `serviceAccountName` is set: CCE mounts its own token and injects
 * HC_CONTAINER_CREDENTIALS_FULL_URI / HC_CONTAINER_AUTHORIZATION_TOKEN_FILE.
 */
import { IdentityMode } from '../core/declaration/identity-mode';
import { IssueCollector, IssueSide, showValue, ValidationIssue } from '../core/issues/issues';
import { namespaceRule } from '../core/validation/rules';
import type { ResolvedTokenOptions } from '../core/declaration/types';
import { checkCredentialEnv } from './credential-env-checks';
import { appendTo, containersOf, copyJson, JsonObject, objectAt, objectsIn, setKey, SUPPORTED_WORKLOAD_KINDS } from './pod-template';

const SIDE = IssueSide.KUBERNETES;

/** What the patch needs of a binding (a `ServiceAccountBinding` has every field). */
export interface PodTemplateIdentity {
  /** The ServiceAccount's name as the binding declares it (shown in messages). */
  readonly serviceAccountName: string;
  /** The ServiceAccount's namespace: the workload's must be the same. */
  readonly namespace: string;
  /** The token's `sub` (`system:serviceaccount:<namespace>:<name>`), shown in messages. */
  readonly subject: string;
  /** OIDC federation (token volume, mount and SDK environment) or pod identity (the ServiceAccount only). */
  readonly mode: IdentityMode;
  /** The projected token: volume source, mount path, file path. */
  readonly token: ResolvedTokenOptions;
  /** The SDK environment each selected container gets (empty with pod identity). */
  readonly environment: Readonly<Record<string, string>>;
}

/** One binding of one workload, as plain data. */
export interface PodTemplatePatch {
  /** The workload's construct path, the prefix of every issue's path. */
  readonly where: string;
  /** Where the manifest keeps its pod spec (`spec.template.spec`, ...). */
  readonly podSpec: readonly string[];
  /** The name the pod runs as (the rendered ServiceAccount's name). */
  readonly serviceAccountName: string;
  /** The binding. */
  readonly identity: PodTemplateIdentity;
  /** The containers (or init containers) to patch; undefined: every one. */
  readonly containers?: readonly string[];
  /** The containers the workload had when bound (one added later, with `containers` undefined, is refused). */
  readonly containersAtBind: ReadonlySet<string>;
  /** The name of the projected token volume (OIDC federation). */
  readonly volumeName: string;
}

/** The patched manifest (a copy) and every problem found; the manifest must not be used when one is an error. */
export interface PatchedPodTemplate {
  readonly manifest: unknown;
  readonly issues: readonly ValidationIssue[];
}

/**
 * `rendered` with `patch` applied, and every problem with it. `rendered` is left untouched (the
 * result is a copy) unless `inPlace` is set, for a rendering nothing else holds.
 */
export function patchPodTemplate(rendered: unknown, patch: PodTemplatePatch, options: { readonly inPlace?: boolean } = {}): PatchedPodTemplate {
  const out = new IssueCollector();
  const manifest = patchInto(options.inPlace === true ? rendered : copyJson(rendered), patch, out);
  return { manifest, issues: out.issues };
}

function patchInto(manifest: unknown, patch: PodTemplatePatch, out: IssueCollector): unknown {
  const { where, identity } = patch;
  const podSpec = objectAt(manifest, patch.podSpec);
  if (podSpec === undefined) {
    out.error({
      code: 'UNSUPPORTED_WORKLOAD', path: where, rule: `renders no pod spec at ${patch.podSpec.join('.')}`,
      fix: `bind a workload of kind ${SUPPORTED_WORKLOAD_KINDS.join(', ')} that renders its pod template`, side: SIDE,
    });
    return manifest;
  }
  const namespace = objectAt(manifest, ['metadata'])?.namespace;
  // (An invalid binding namespace is reported once, by the declaration.)
  if (namespace !== identity.namespace && typeof identity.namespace === 'string' && namespaceRule(identity.namespace) === undefined) {
    out.error({
      code: 'NAMESPACE_MISMATCH', path: `${where}.metadata.namespace`, value: namespace ?? '(unset)',
      rule: `must be "${identity.namespace}", the ServiceAccount's namespace: a pod can only run as a ServiceAccount of its own namespace, `
        + `and the rule admits ${identity.subject}`,
      fix: `set metadata.namespace (or the chart's namespace) to "${identity.namespace}"`, side: SIDE,
    });
  }
  // `serviceAccount` is the deprecated alias Kubernetes still honours.
  const other = [podSpec.serviceAccountName, podSpec.serviceAccount].find((n) => n !== undefined && n !== patch.serviceAccountName);
  if (other !== undefined) {
    out.error({
      code: 'WORKLOAD_HAS_OTHER_SERVICE_ACCOUNT', path: `${where}.serviceAccount`, value: other,
      rule: `is set, but the binding needs the pod to run as ${showValue(identity.serviceAccountName)} `
        + `(its token's sub must be ${identity.subject})`,
      fix: 'remove serviceAccount from the workload, or bind the binding of that ServiceAccount', side: SIDE,
    });
  }
  setKey(podSpec, 'serviceAccountName', patch.serviceAccountName);
  const all = containersOf(podSpec);
  if (patch.containers !== undefined) {
    for (const name of patch.containers) {
      if (!all.some((c) => c.name === name)) {
        out.error({
          code: 'UNKNOWN_CONTAINER', path: `${where}.containers`, value: name,
          rule: `names no container of the workload (it has ${all.map((c) => JSON.stringify(c.name)).join(', ') || 'none'})`,
          fix: 'name an existing container, or omit containers to bind all', side: SIDE,
        });
      }
    }
  }
  const selected = patch.containers === undefined ? all : all.filter((c) => patch.containers?.includes(c.name as string));
  for (const c of selected) checkCredentialEnv(c, identity.mode, where, out);
  // Pod identity: the pod only runs as the ServiceAccount; no projected volume, no SDK variables.
  if (identity.mode === IdentityMode.POD_IDENTITY) return manifest;
  if (patch.containers === undefined) {
    for (const c of all.filter((x) => !patch.containersAtBind.has(x.name as string))) {
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
  if (used.includes(patch.volumeName)) {
    out.error({
      code: 'VOLUME_NAME_IN_USE', path: `${where}.volumes`, value: patch.volumeName, rule: 'is already the name of another volume of the pod',
      fix: 'pass bind(workload, { volumeName: "<a free name>" })', side: SIDE,
    });
  }
  const token = identity.token;
  appendTo(podSpec, 'volumes', [{
    name: patch.volumeName,
    projected: {
      defaultMode: token.mode,
      sources: [{ serviceAccountToken: { audience: token.audience, expirationSeconds: token.expirationSeconds, path: token.path } }],
    },
  }]);
  for (const c of selected) patchContainer(c, patch, out, `${where}.containers[${String(c.name)}]`);
  return manifest;
}

/**
 * Mounts the token read-only and adds the SDK environment, reporting what the container already
 * has that would override or hide them (a variable set to the derived value is left as it is).
 */
function patchContainer(container: JsonObject, patch: PodTemplatePatch, out: IssueCollector, where: string): void {
  const { token, environment } = patch.identity;
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
  appendTo(container, 'volumeMounts', [{ mountPath: token.mountPath, name: patch.volumeName, readOnly: true }]);
  const env = objectsIn(container, 'env');
  const added: JsonObject[] = [];
  for (const [name, value] of Object.entries(environment)) {
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
