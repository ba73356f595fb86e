/**
 * The options of `WorkloadServiceAccount.bind()` (`BindOptions`), checked when bind() is called:
 * the containers to bind and the name of the projected token volume.
 */
import { IssueCollector, IssueSide } from '../core/issues/issues';
import { describeType, volumeNameRule } from '../core/validation/rules';
import { FieldChecker } from '../core/validation/field-checker';

const SIDE = IssueSide.KUBERNETES;

/** The default name of the projected token volume. */
export const DEFAULT_TOKEN_VOLUME_NAME = 'workload-identity-token';

/** The options as bind() uses them: the containers named (a copy), the volume name (unchecked). */
export interface BindChoices {
  readonly containers?: readonly string[];
  readonly volumeName: unknown;
}

/**
 * Reports into `out` every problem with `options` (as given to bind(); `where`: the workload's
 * construct path), and returns what they choose. The volume name is only checked when `oidc`:
 * pod identity adds no volume.
 */
export function checkBindOptions(
  options: { readonly containers?: unknown; readonly volumeName?: unknown }, where: string, oidc: boolean, out: IssueCollector,
): BindChoices {
  const containers = Array.isArray(options.containers) ? [...options.containers as string[]] : undefined;
  const volumeName: unknown = options.volumeName ?? DEFAULT_TOKEN_VOLUME_NAME;
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
  return { containers, volumeName };
}
