/**
 * The extra labels and annotations of a `WorkloadServiceAccount` (`props.metadata`): they are
 * written into the manifest, so Kubernetes' own rules apply.
 */
import { isJsonObject } from '../contract/json';
import { IssueCollector, IssueSide } from '../core/issues/issues';
import { checkExactString, describeType, labelValueRule, qualifiedNameRule } from '../core/validation/rules';

const SIDE = IssueSide.KUBERNETES;

/** Reports into `out` every bad label or annotation of `metadata` (`where`: the path of the metadata). */
export function checkMetadata(metadata: { readonly labels?: unknown; readonly annotations?: unknown } | undefined, where: string,
  out: IssueCollector): void {
  for (const kind of ['labels', 'annotations'] as const) {
    const map: unknown = metadata?.[kind];
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
