/**
 * `bind()`'s hook into synthesis: the wrapped `toJson()` of each bound workload object, and the
 * rendering memo of one synthesis pass (`renderOncePerPass`, owned by `lib/synthesize.ts`).
 *
 * The construct (./workload-service-account) records what each `bind()` asked for here; the
 * rendering applies it with the pure patcher (./pod-template-patcher), the one the construct's
 * validation runs too.
 */
import { ApiObject } from './cdk8s-peer';
import { IConstruct } from 'constructs';
import { reportUncaught } from '../core/issues/error-report';
import { IssueCollector, ValidationIssue, WorkloadIdentityValidationError } from '../core/issues/issues';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';
import { copyJson } from './pod-template';
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
  /** The object's rendering without any binding (the `toJson()` it had before it was wrapped). */
  readonly render: () => unknown;
  readonly records: BindRecord[];
}

/** Every workload object bind() was called on, with its unpatched rendering. */
const OBJECTS = new RegistryKey('workload objects bind() renders', () => new Map<ApiObject, BoundObject>());
/**
 * Renderings kept for one synthesis pass (`renderOncePerPass`); absent outside one, so every
 * `toJson()` renders afresh.
 */
const PASS = new RegistryKey('renderings kept for the current synthesis pass', () => ({ memo: undefined as Map<ApiObject, unknown> | undefined }));

/** The last line of an error's message (cdk8s wraps the cause in "Failed serializing construct ..."). */
export function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const parts = message.split('Error: ');
  return parts[parts.length - 1].trim();
}

/**
 * The rendering of `apiObject` without any binding (kept for the pass inside `renderOncePerPass`).
 * The first call installs the hook on the object.
 */
export function renderUnbound(apiObject: ApiObject): unknown {
  return boundObject(apiObject).render();
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
 * and mount added after bind(). A JSON patch added with `addJsonPatch` could not do that: its
 * operations are fixed when added. The wrapper reads the unpatched rendering, checks it with the
 * code validation uses, and throws instead of returning a manifest that breaks an invariant.
 */
function boundObject(apiObject: ApiObject): BoundObject {
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
        if (record.binds && record.patch !== undefined) {
          const patched = patchPodTemplate(manifest, record.patch);
          for (const issue of patched.issues) out.forward(issue, issue.path);
          manifest = patched.manifest;
        }
      }
      const errors = out.issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        // Rendering for cdk8s's synth(): the error is printed as its report if the app leaves it uncaught.
        reportUncaught();
        throw new WorkloadIdentityValidationError(errors);
      }
      // A rendering kept for the pass is shared with validation: it is never handed out itself.
      return manifest === rendered ? copyJson(rendered) : manifest;
    },
  });
  return bound;
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
