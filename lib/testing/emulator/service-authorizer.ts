/**
 * Authorization in the emulator's fake cloud service: a signed request that names an action is
 * allowed or refused by the synthesized custom policies of the caller's groups, with the same
 * evaluation `explain --can` uses. Pure.
 *
 * How a request names what it does (the fake service has no real API to infer it from):
 * - `X-Emulator-Action: <service>:<resource type>:<operation>` — e.g. `obs:object:GetObject`. Without
 *   it the service only authenticates, as before.
 * - `X-Emulator-Resource: <URN>` — optional, e.g. `obs:*:*:object:my-bucket/a.csv`.
 * - The scope: `X-Emulator-Project` (a project id, a project name, or `global` for the global
 *   service project) when given, else `X-Project-Id` (which the Huawei Cloud SDKs send with
 *   project-scoped credentials), else the global service project (global credentials send
 *   `X-Domain-Id` instead).
 * These headers must be among the request's signed headers (the SDK signs every header it sends),
 * so a proxy cannot change what was authorized.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { scopeVerdict, type ScopeVerdict } from '../../iam-model/explain/explain-permission';
import { authorizeRequest, describeRequestScope, type Principal, type RequestScope } from '../../iam-model/effective-permissions';
import type { TerraformGrants } from '../../iam-model/grants-loader';
import { PolicyEvaluator } from '../../iam-model/policy-evaluator';
import { IamError, ServiceErrorCode } from '../../iam-model/iam-errors';

/** Header naming the action of a fake-service request. */
export const EMULATOR_ACTION_HEADER = 'x-emulator-action';
/** Header naming the resource URN of a fake-service request. */
export const EMULATOR_RESOURCE_HEADER = 'x-emulator-resource';
/** Header naming the project (id or name, or `global`) of a fake-service request. */
export const EMULATOR_PROJECT_HEADER = 'x-emulator-project';

/** A project of the emulated account. */
export interface EmulatedProject {
  /** Project id (32 hex digits). */
  readonly id: string;
  /** Project name, e.g. `cn-north-4`. */
  readonly name: string;
}

/** What the fake service decided about a request's action. */
export type ServiceAuthorization =
  /** The request names no action: authentication only. */
  | { readonly kind: 'not-requested' }
  /** Allowed: the verdict names the allowing statement. */
  | {
    readonly kind: 'allowed';
    readonly action: string;
    readonly resource: string | undefined;
    readonly scope: RequestScope;
    readonly verdict: ScopeVerdict;
  }
  /** Refused: 400 (malformed or unsigned headers) or 403 (policy). */
  | { readonly kind: 'refused'; readonly action: string | undefined; readonly error: IamError };

/** Input of {@link authorizeServiceRequest}. */
export interface ServiceRequestContext {
  /** Request headers (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** Headers covered by the verified signature. */
  readonly signedHeaders: readonly string[];
  /** The caller's user groups (from the IAM token its credential was issued for). */
  readonly groups: readonly string[];
  /** For pod identity credentials: the agency they belong to; its roles are used instead of groups'. @default undefined */
  readonly agency?: string;
  /** Grants of the loaded Terraform. */
  readonly grants: TerraformGrants;
  /** Projects of the emulated account, to relate ids and names. */
  readonly projects: readonly EmulatedProject[];
}

/** Decides a verified request. Pure. */
export function authorizeServiceRequest(context: ServiceRequestContext): ServiceAuthorization {
  const action = header(context.headers, EMULATOR_ACTION_HEADER);
  if (action === undefined) return { kind: 'not-requested' };
  const resource = header(context.headers, EMULATOR_RESOURCE_HEADER);
  const project = header(context.headers, EMULATOR_PROJECT_HEADER);

  const unsigned = [EMULATOR_ACTION_HEADER, EMULATOR_RESOURCE_HEADER, EMULATOR_PROJECT_HEADER]
    .filter((name) => context.headers[name] !== undefined && !context.signedHeaders.includes(name));
  if (unsigned.length > 0) {
    return refused(action, new IamError({
      status: 401, code: ServiceErrorCode.SignedHeadersIncomplete, check: 'signature',
      message: 'Authorization headers must be signed.', detail: `${unsigned.join(', ')} sent but not signed`,
    }));
  }
  const problems = [PolicyEvaluator.checkAction(action), resource === undefined ? undefined : PolicyEvaluator.checkResource(resource)]
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) {
    return refused(action, new IamError({
      status: 400, code: ServiceErrorCode.AuthorizationRequestInvalid, check: 'authorization',
      message: 'The requested action or resource is malformed.', detail: problems.join('; '),
    }));
  }
  const scope = requestScope(project ?? header(context.headers, 'x-project-id'), context.projects);
  const principal: Principal = context.agency !== undefined ? { agency: context.agency } : context.groups;
  const auth = authorizeRequest(context.grants, principal, { action, ...(resource !== undefined ? { resource } : {}) }, scope);
  const verdict = scopeVerdict(auth, principal);
  if (verdict.allowed) return { kind: 'allowed', action, resource, scope, verdict };
  const notes = verdict.notes.length > 0 ? `; ${verdict.notes.join('; ')}` : '';
  return refused(action, new IamError({
    // Wording modelled on the OpenStack-style "Policy doesn't allow <action> to be performed." that
    // Huawei Cloud services are reported to answer; UNVERIFIED (the emulator's code is its own). [unverified:service-denial-answer]
    status: 403, code: ServiceErrorCode.ActionDenied, check: 'authorization',
    message: `Policy doesn't allow ${action} to be performed.`,
    detail: `${action}${resource === undefined ? '' : ` on ${resource}`} in ${describeRequestScope(scope)} denied for `
      + `${context.agency !== undefined ? `agency "${context.agency}"` : `groups ${context.groups.map((g) => `"${g}"`).join(', ') || '(none)'}`}: `
      + `${verdict.reason}${notes}`,
  }));
}

function requestScope(value: string | undefined, projects: readonly EmulatedProject[]): RequestScope {
  if (value === undefined || value === '' || value === 'global') return { kind: 'global' };
  const known = projects.find((p) => p.id === value || p.name === value);
  if (known) return { kind: 'project', id: known.id, name: known.name };
  return /^[0-9a-f]{32}$/i.test(value) ? { kind: 'project', id: value } : { kind: 'project', name: value };
}

function refused(action: string | undefined, error: IamError): ServiceAuthorization {
  return { kind: 'refused', action, error };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
