/**
 * The one deferral mechanism of both sides: what the library renders at synthesis (a bound
 * workload's patched manifest, a construct's issues, a Terraform app's render plan) is computed on
 * first need from the final construct tree, through `renderedOnce`. Inside a synthesis pass
 * (`inRenderPass`: `WorkloadIdentitySynthesis.synthesizeApps` and `collectValidationErrors`, in
 * which no user code runs between validating and writing) each value is computed once and read by
 * every later need: the library's validation, cdk8s's and cdktf's own validation in `synth()`, and
 * the write. Outside a pass every need computes afresh, so a change made between two `synth()`
 * calls is always seen.
 *
 * The frameworks' hooks only ask for the values: cdktf invokes the providers' aspect (the one
 * place Terraform constructs are created after construction, lib/terraform/render-plan.ts),
 * cdk8s calls a bound object's `toJson()` (lib/kubernetes/binder.ts).
 */
import type { IConstruct } from 'constructs';

/**
 * The values kept for the current pass, by app root; an app outside a pass has no entry. Keyed
 * weakly by the root, so it adds no construct to the tree (a Terraform app's children are its
 * stacks) and lives no longer than the app.
 */
const PASSES = new WeakMap<IConstruct, Map<object, unknown>>();

/**
 * Runs `pass` with every value `renderedOnce` computes for the apps of `roots` kept until it
 * returns (or throws). Nested passes share the outer one.
 */
export function inRenderPass<T>(roots: readonly IConstruct[], pass: () => T): T {
  const end = beginRenderPass(roots);
  try {
    return pass();
  } finally {
    end();
  }
}

/**
 * `inRenderPass` without the callback, for the synthesis entry point (call the returned function in
 * a `finally`): every frame between the user's call and the toolchain's resources is part of the
 * stack trace each new cdktf token captures, source-mapped, so the entry point keeps it short.
 */
export function beginRenderPass(roots: readonly IConstruct[]): () => void {
  const started = [...new Set(roots.map((root) => root.node.root))].filter((root) => !PASSES.has(root));
  for (const root of started) PASSES.set(root, new Map());
  return () => {
    for (const root of started) PASSES.delete(root);
  };
}

/**
 * Ends the current pass for the app of `scope` early: every later need computes afresh, as outside
 * a pass (for a Terraform app whose user Aspects run inside its `synth()`, after validation).
 */
export function leaveRenderPass(scope: IConstruct): void {
  PASSES.delete(scope.node.root);
}

/**
 * The value of `key` for the app of `scope`: computed by `compute` once per pass (and on every
 * need outside one). `key` is any object identifying the value (a construct, an ApiObject, a
 * validation).
 */
export function renderedOnce<T>(scope: IConstruct, key: object, compute: () => T): T {
  const memo = PASSES.get(scope.node.root);
  if (memo === undefined) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/**
 * Whether the work identified by `key` (work done in place, with no value to keep: a construct
 * rendering its resources) is to be done now for the app of `scope`: true the first time in a
 * pass, and on every call outside one. `renderedOnce` for such work, one stack frame shorter.
 */
export function firstInPass(scope: IConstruct, key: object): boolean {
  const memo = PASSES.get(scope.node.root);
  if (memo === undefined) return true;
  if (memo.has(key)) return false;
  memo.set(key, true);
  return true;
}
