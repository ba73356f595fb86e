/**
 * `bind()`'s hook into synthesis: the wrapped `toJson()` of each bound workload object, reading
 * the object's bound rendering, computed once per synthesis pass (../constructs/render-pass).
 *
 * The construct (./workload-service-account) records what each `bind()` asked for here; the
 * rendering applies it with the pure patcher (./pod-template-patcher), the one the construct's
 * validation runs too.
 */
import { ApiObject } from './cdk8s-peer';
import { reportUncaught } from '../core/issues/error-report';
import { ValidationIssue, WorkloadIdentityValidationError } from '../core/issues/issues';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';
import { renderedOnce } from '../constructs/render-pass';
import { patchPodTemplate, PodTemplatePatch } from './pod-template-patcher';

/** What one `bind` call asked for, checked at synthesis against the rendered manifest. */
export interface BindRecord {
  /** The construct path of the workload as given, the prefix of every issue about it. */
  readonly where: string;
  /** The object whose manifest is patched; absent when the workload renders no supported object. */
  readonly apiObject?: ApiObject;
  /** The patch this call applies; absent when the workload renders no supported object. */
  readonly patch?: PodTemplatePatch;
  /** Whether this call binds the workload (no error at bind() time, not bound before). */
  readonly binds: boolean;
  /** Errors found when bind() was called. */
  readonly issues: readonly ValidationIssue[];
}

/** A workload object whose `toJson()` `bind()` wrapped: its own rendering and the bind() calls on it. */
interface BoundObject {
  /** The object's own rendering, without any binding (the `toJson()` it had before it was wrapped). */
  readonly own: () => unknown;
  readonly records: BindRecord[];
  /** The key of its bound rendering in a synthesis pass (../constructs/render-pass). */
  readonly boundKey: object;
}

/** One rendering of a bound object: its own manifest (or why it could not be rendered), patched, and every issue. */
export interface BoundRendering {
  /** What rendering the object threw, if it did. */
  readonly error?: unknown;
  /** The manifest with the binding applied; undefined when rendering threw, or once `toJson()` handed it out. */
  manifest?: unknown;
  /** The issues of every bind() call, then those the patch found. */
  readonly issues: readonly ValidationIssue[];
  /** The issues the patch of the binding call found (what its ServiceAccount's validation reports). */
  readonly patchIssues: readonly ValidationIssue[];
}

/** The bound renderings whose manifest `toJson()` has returned (a second call returns a copy). */
const HANDED_OUT = new WeakSet<BoundRendering>();

/** Every workload object bind() was called on, with its unpatched rendering. */
const OBJECTS = new RegistryKey('workload objects bind() renders', () => new Map<ApiObject, BoundObject>());
/** The last line of an error's message (cdk8s wraps the cause in "Failed serializing construct ..."). */
export function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const parts = message.split('Error: ');
  return parts[parts.length - 1].trim();
}

/** The rendering of `apiObject` without any binding (what bind() reads). The first call installs the hook on the object. */
export function renderUnbound(apiObject: ApiObject): unknown {
  return boundObject(apiObject).own();
}

/**
 * The object's rendering with its bind() calls applied, computed once per synthesis pass and read
 * by its ServiceAccount's validation, cdk8s's own validation and the write.
 */
export function renderBound(apiObject: ApiObject): BoundRendering {
  const bound = boundObject(apiObject);
  return renderedOnce(apiObject, bound.boundKey, () => computeBound(bound));
}

/** A fresh rendering of a bound object: rendered, then patched in place (nothing else holds that rendering). */
function computeBound(bound: BoundObject): BoundRendering {
  const records = bound.records;
  const recorded = issuesOf(records.flatMap((r) => r.issues));
  let manifest: unknown;
  try {
    manifest = bound.own();
  } catch (error) {
    return { error, issues: recorded, patchIssues: NO_ISSUES };
  }
  const found: ValidationIssue[] = [];
  for (const record of records) {
    if (!record.binds || record.patch === undefined) continue;
    const patched = patchPodTemplate(manifest, record.patch, { inPlace: true });
    found.push(...patched.issues);
    manifest = patched.manifest;
  }
  const patchIssues = issuesOf(found);
  return { manifest, issues: patchIssues.length === 0 ? recorded : [...recorded, ...patchIssues], patchIssues };
}

/** No issue: shared by every rendering that has none, which a synthesis pass keeps until it ends (one per bound workload). */
const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);

function issuesOf(issues: readonly ValidationIssue[]): readonly ValidationIssue[] {
  return issues.length === 0 ? NO_ISSUES : issues;
}

/** Adds `record` (a bind() call on `record.apiObject`) to what the object's rendering applies. */
export function addBindRecord(record: BindRecord & { readonly apiObject: ApiObject }): void {
  boundObject(record.apiObject).records.push(record);
}

/**
 * The hook: `toJson()` of the workload's object is wrapped (on that instance only) so its output
 * gets the binding. Every way cdk8s synthesizes calls it (`app.synth()`, `app.synthYaml()`,
 * `chart.toJson()`, `Testing.synth()`), it returns the final manifest whatever the object is (a
 * generated `Kube*` class converts its props in its own `toJson()`, after cdk8s applied the
 * object's JSON patches), and the wrapper runs at synthesis, so it sees every container, variable
 * and mount added after bind(). cdk8s offers no supported hook that can do this: the operations
 * of `addJsonPatch` are fixed when added and applied before a `Kube*` class converts its props, a
 * `Lazy` only replaces a value the object's own props hold, and an app's `resolvers` are the
 * user's to pass. The wrapper reads the bound rendering of the pass (`renderBound`) and throws
 * instead of returning a manifest that breaks an invariant.
 */
function boundObject(apiObject: ApiObject): BoundObject {
  const objects = AppRegistry.of(apiObject).get(OBJECTS);
  const known = objects.get(apiObject);
  if (known) return known;
  // Whatever toJson() the object has now (its class's, or another library's wrapper) is kept and called.
  const own = apiObject.toJson as () => unknown;
  const bound: BoundObject = { own: () => own.call(apiObject), records: [], boundKey: {} };
  objects.set(apiObject, bound);
  Object.defineProperty(apiObject, 'toJson', {
    configurable: true,
    writable: true,
    value: (): unknown => {
      const rendering = renderBound(apiObject);
      if (rendering.error !== undefined) throw rendering.error;
      const errors = rendering.issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        // Rendering for cdk8s's synth(): the error is printed as its report if the app leaves it uncaught.
        reportUncaught();
        throw new WorkloadIdentityValidationError(errors);
      }
      // The pass's rendering is handed out once, and then no longer kept (validation keeps only its
      // issues): the pass holds no manifest cdk8s has written. A second call in the pass renders afresh.
      if (HANDED_OUT.has(rendering)) return computeBound(bound).manifest;
      HANDED_OUT.add(rendering);
      const manifest = rendering.manifest;
      rendering.manifest = undefined;
      return manifest;
    },
  });
  return bound;
}
