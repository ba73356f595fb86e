/**
 * Validates Kubernetes manifests against the Kubernetes OpenAPI schema, with maintained validators
 * rather than hand-written checks:
 *
 * - `createKubernetesOpenApiValidator(openapi)`: the cluster's own OpenAPI v2 document (what
 *   `kubectl get --raw /openapi/v2` returns, or a subset of it) compiled with Ajv. Pin the
 *   Kubernetes version by the document you pass. In strict mode (default) unknown fields are
 *   rejected, as kube-apiserver's strict field validation (`kubectl apply --validate=strict`) does.
 * - `validateWithKubernetesModels(manifests)`: the `kubernetes-models` package's compiled schemas
 *   (the Kubernetes version that package tracks: 4.5.x follows Kubernetes 1.33; the registry
 *   publishes no release pinned to 1.28).
 *
 * Both need their packages at run time (`ajv`, `kubernetes-models`); they are loaded lazily, so
 * importing this module costs nothing when they are not used.
 */

/** A manifest to validate. */
export type KubernetesObject = { readonly apiVersion?: unknown; readonly kind?: unknown } & Record<string, unknown>;

/** One schema violation. */
export interface KubernetesSchemaIssue {
  /** `<apiVersion>/<kind>/<namespace>/<name>` of the object. */
  readonly object: string;
  /** JSON pointer of the offending field inside the object, e.g. `/spec/template/spec/containers/0/image`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** An OpenAPI v2 document (only `definitions` and `info` are read). */
export interface OpenApiV2Document {
  /** `{ title, version }`, e.g. version `v1.28.0`. */
  readonly info?: { readonly title?: string; readonly version?: string };
  /** Schema definitions keyed by name, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly definitions: Record<string, Record<string, unknown>>;
}

/** Options of `createKubernetesOpenApiValidator`. */
export interface KubernetesOpenApiValidatorOptions {
  /**
   * Reject fields the schema does not define (kube-apiserver's strict field validation).
   * @default true
   */
  readonly strict?: boolean;
}

/** Validates one manifest; returns its violations (empty when valid). */
export type KubernetesManifestValidator = (manifest: unknown) => KubernetesSchemaIssue[];

/** A readable name of a manifest for messages. */
export function describeObject(manifest: unknown): string {
  const m = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const ns = m.metadata?.namespace === undefined ? '' : `${String(m.metadata.namespace)}/`;
  return `${String(m.apiVersion)}/${String(m.kind)} ${ns}${String(m.metadata?.name)}`;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Compiles an OpenAPI v2 document (e.g. the Kubernetes 1.28 API's) into a manifest validator.
 * Objects are matched to their definition by `x-kubernetes-group-version-kind`. The only
 * adaptations are the ones every OpenAPI v2 consumer of Kubernetes makes: `IntOrString` accepts an
 * integer or a string and `Quantity` a string or a number (the v2 document declares both as
 * strings with a format), and the `int32`/`int64`/`byte`/`date-time` formats are checked.
 */
export function createKubernetesOpenApiValidator(
  openapi: OpenApiV2Document,
  options: KubernetesOpenApiValidatorOptions = {},
): KubernetesManifestValidator {
  const strict = options.strict ?? true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvModule = require('ajv') as { default: new (opts: Record<string, unknown>) => AjvLike };
  const ajv = new AjvModule.default({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('int-or-string', { type: 'string', validate: () => true });

  const definitions: Record<string, unknown> = {};
  const byGvk = new Map<string, string>();
  for (const [name, definition] of Object.entries(openapi.definitions)) {
    definitions[name] = adapt(name, definition, strict);
    const gvks = (definition['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>;
    for (const gvk of gvks) byGvk.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`, name);
  }
  const id = 'kubernetes-openapi';
  ajv.addSchema({ $id: id, definitions }, id);
  const compiled = new Map<string, AjvValidateFunction>();

  return (manifest: unknown): KubernetesSchemaIssue[] => {
    const object = describeObject(manifest);
    const m = manifest as KubernetesObject;
    if (typeof m !== 'object' || m === null || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
      return [{ object, path: '', message: 'must be an object with string apiVersion and kind' }];
    }
    const name = byGvk.get(`${m.apiVersion}/${m.kind}`);
    if (!name) {
      return [{ object, path: '', message: `the schema (${openapi.info?.version ?? 'unknown version'}) has no ${m.apiVersion} ${m.kind}` }];
    }
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.getSchema(`${id}#/definitions/${name}`) as AjvValidateFunction;
      compiled.set(name, validate);
    }
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((e) => ({
      object,
      path: e.instancePath,
      message: e.keyword === 'additionalProperties'
        ? `unknown field "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`
        : `${e.message ?? e.keyword}${e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : ''}`,
    }));
  };
}

/** Formats issues one per line. */
export function formatKubernetesSchemaIssues(issues: readonly KubernetesSchemaIssue[]): string {
  return issues.map((i) => `${i.object}${i.path ? ` at ${i.path}` : ''}: ${i.message}`).join('\n');
}

/**
 * Validates manifests with the `kubernetes-models` package (each object through its model class's
 * `validate()`, the package's compiled JSON schemas); returns every violation. Objects whose kind
 * the package has no model for are reported as violations.
 */
export function validateWithKubernetesModels(manifests: readonly unknown[]): KubernetesSchemaIssue[] {
  return manifests.flatMap((manifest) => {
    const object = describeObject(manifest);
    const m = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as KubernetesObject;
    const apiVersion = String(m.apiVersion);
    const kind = String(m.kind);
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    let Model: (new (data: unknown) => { validate(): void }) | undefined;
    if (/^[A-Za-z0-9.]*$/.test(group) && /^[A-Za-z0-9]+$/.test(version + kind)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Model = (require(`kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`) as Record<string, typeof Model>)[kind];
      } catch {
        Model = undefined;
      }
    }
    if (!Model) return [{ object, path: '', message: `kubernetes-models has no model for ${apiVersion} ${kind}` }];
    try {
      new Model(manifest).validate();
      return [];
    } catch (e) {
      const errors = (e as { errors?: AjvError[] }).errors;
      return Array.isArray(errors) && errors.length > 0
        ? errors.map((x) => ({ object, path: x.instancePath ?? '', message: x.message ?? x.keyword }))
        : [{ object, path: '', message: String((e as Error).message) }];
    }
  });
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: unknown;
}

interface AjvValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

interface AjvLike {
  addFormat(name: string, format: { type: 'number' | 'string'; validate: (x: never) => boolean }): unknown;
  addSchema(schema: unknown, key: string): unknown;
  getSchema(key: string): AjvValidateFunction | undefined;
}

/** Adapts one OpenAPI v2 definition for JSON-schema validation (see `createKubernetesOpenApiValidator`). */
function adapt(name: string, definition: Record<string, unknown>, strict: boolean): unknown {
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
    return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
    return { anyOf: [{ type: 'string' }, { type: 'number' }] };
  }
  return transform(definition, strict);
}

/**
 * Dedupes `enum` lists (the v2 document repeats deprecated aliases, which JSON Schema forbids) and,
 * when `strict`, adds `additionalProperties: false` to every object schema that lists its properties.
 */
function transform(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => transform(s, strict));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'enum' && Array.isArray(v)) out[k] = [...new Set(v)];
    else if (k === 'properties' && typeof v === 'object' && v !== null) out[k] = Object.fromEntries(Object.entries(v).map((
      [p, s],
    ) => [p, transform(s, strict)]));
    else if (k === 'required' || k.startsWith('x-kubernetes')) out[k] = v;
    else out[k] = transform(v, strict);
  }
  if (strict && 'properties' in out && !('additionalProperties' in out) && !('x-kubernetes-preserve-unknown-fields' in out)) {
    out.additionalProperties = false;
  }
  return out;
}
