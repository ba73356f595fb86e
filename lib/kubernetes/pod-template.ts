/**
 * Where a rendered Kubernetes manifest keeps its pod spec, and small helpers to read and edit it.
 *
 * `WorkloadServiceAccount.bind()` works on the manifest a workload renders, not on the objects of
 * one cdk8s-plus major: every cdk8s-plus major (28, 33, 34, ...) and every plain cdk8s `ApiObject`
 * (`KubeDeployment`, `KubeJob` from `cdk8s import`, or a hand-written `ApiObject`) renders the
 * same Kubernetes JSON, so one reader serves them all. Kinds are matched with their API group so a
 * custom resource that happens to be called `Deployment` is not edited as if it were one.
 */
import { isJsonObject } from '../contract/json';

/** A JSON object of a rendered manifest. */
export type JsonObject = Record<string, unknown>;

/** The workload kinds `bind()` accepts: API group (`core` for `v1`) and the path of the pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, { readonly group: string; readonly path: readonly string[] }>> = {
  Pod: { group: 'core', path: ['spec'] },
  ReplicationController: { group: 'core', path: ['spec', 'template', 'spec'] },
  Deployment: { group: 'apps', path: ['spec', 'template', 'spec'] },
  StatefulSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  DaemonSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  ReplicaSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  Job: { group: 'batch', path: ['spec', 'template', 'spec'] },
  CronJob: { group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** The supported kinds, for messages: `Pod, ReplicationController, Deployment, ...`. */
export const SUPPORTED_WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/**
 * The path of the pod spec inside a manifest of `object`'s kind and API group (`apiGroup` as cdk8s
 * derives it: `core` for `v1`, `apps` for `apps/v1`), or why there is none (a phrase to follow
 * "is"). The pod spec itself may still be missing from the manifest.
 */
export function podSpecPath(object: { readonly apiVersion: string; readonly apiGroup: string; readonly kind: string }):
  { readonly path: readonly string[] } | { readonly problem: string } {
  const entry = Object.hasOwn(POD_SPEC_PATHS, object.kind) ? POD_SPEC_PATHS[object.kind] : undefined;
  if (entry === undefined || object.apiGroup !== entry.group) {
    return { problem: `an object of kind ${object.kind} (apiVersion ${object.apiVersion}), which has no pod template bind() knows` };
  }
  return { path: entry.path };
}

/** The object at `path` inside `manifest`, when every step is an object. */
export function objectAt(manifest: unknown, path: readonly string[]): JsonObject | undefined {
  let at: unknown = manifest;
  for (const key of path) {
    if (!isJsonObject(at)) return undefined;
    at = at[key];
  }
  return isJsonObject(at) ? at : undefined;
}

/** The entries of an array field that are objects (a missing field is an empty list). */
export function objectsIn(parent: JsonObject, key: string): JsonObject[] {
  const list = parent[key];
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/**
 * A copy of the arrays and JSON objects of a rendered manifest, so patching it leaves the
 * rendering untouched. Other values (a function or symbol that an unchecked field holds) are
 * kept as they are; a cycle is not followed (`ancestors`: the objects above `value`).
 */
export function copyJson(value: unknown, ancestors: unknown[] = []): unknown {
  const isArray = Array.isArray(value);
  if (!isArray && !(isJsonObject(value) && Object.getPrototypeOf(value) === Object.prototype)) return value;
  if (ancestors.includes(value)) return value;
  ancestors.push(value);
  try {
    return isArray
      ? (value as unknown[]).map((v) => copyJson(v, ancestors))
      : Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, copyJson(v, ancestors)]));
  } finally {
    ancestors.pop();
  }
}

/** Init containers then containers of a pod spec, the order in which `bind()` lists them. */
export function containersOf(podSpec: JsonObject): JsonObject[] {
  return [...objectsIn(podSpec, 'initContainers'), ...objectsIn(podSpec, 'containers')];
}

/**
 * Sets `key` of `target`, inserting a new key before the first existing key that sorts after it.
 * cdk8s sorts the keys of every rendered object (unless `CDK8S_DISABLE_SORT` is set), so a key
 * added to a sorted object lands where cdk8s would have written it and the YAML reads as usual.
 */
export function setKey(target: JsonObject, key: string, value: unknown): void {
  if (Object.hasOwn(target, key)) {
    target[key] = value;
    return;
  }
  const after = Object.keys(target).filter((k) => k > key);
  const moved = after.map((k) => [k, target[k]] as const);
  for (const [k] of moved) delete target[k];
  target[key] = value;
  for (const [k, v] of moved) target[k] = v;
}

/** Appends `items` to the array field `key` of `target`, creating the field (in sorted position) when absent. */
export function appendTo(target: JsonObject, key: string, items: readonly unknown[]): void {
  const list = target[key];
  setKey(target, key, [...(Array.isArray(list) ? list : []), ...items]);
}

/** The names of the init containers and containers of a pod spec (entries without a string name are left out). */
export function containerNamesOf(podSpec: JsonObject): string[] {
  return containersOf(podSpec).map((c) => c.name).filter((n): n is string => typeof n === 'string');
}

/**
 * The names of the init containers and containers a cdk8s-plus workload declares through its API
 * (`initContainers`, `containers`; every major from 28 to 34 renders each as `name: container.name`),
 * when it declares at least one container; undefined for anything else (a plain `ApiObject`, a
 * `Kube*` import, a workload without containers), whose names bind() reads from its rendering.
 * Reading them here spares bind() one full rendering of the workload.
 */
export function declaredContainerNames(workload: unknown): string[] | undefined {
  if (typeof workload !== 'object' || workload === null) return undefined;
  const { containers, initContainers } = workload as { readonly containers?: unknown; readonly initContainers?: unknown };
  if (!Array.isArray(containers) || !Array.isArray(initContainers) || containers.length === 0) return undefined;
  const names: string[] = [];
  for (const c of [...initContainers, ...containers] as unknown[]) {
    const name = typeof c === 'object' && c !== null ? (c as { readonly name?: unknown }).name : undefined;
    if (typeof name !== 'string') return undefined;
    names.push(name);
  }
  return names;
}
