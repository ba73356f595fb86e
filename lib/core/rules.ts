/**
 * Naming rules for every field of a declaration, each with its source. Pure functions that
 * return `undefined` when the value is allowed, or the rule that was broken.
 */
import { PROVIDER_NAME_PATTERN } from '../runtime/env';
import { isLoopbackHost } from '../runtime/loopback';

/** A rule check: `undefined` when the value is allowed, otherwise what is allowed. */
export type RuleCheck = (value: string) => string | undefined;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * IAM identity provider name (also `X-Idp-Id`): 1–64 characters of letters, digits, `_` and `-`
 * (huaweicloud_identity_provider `name`, IAM API "Creating an Identity Provider").
 */
export const providerNameRule: RuleCheck = (v) =>
  PROVIDER_NAME_PATTERN.test(v) ? undefined : 'must be 1-64 characters of letters, digits, "_" and "-"';

/** OIDC client ID (= token audience): 1–255 printable ASCII characters, no whitespace. */
export const clientIdRule: RuleCheck = (v) =>
  /^[\x21-\x7e]{1,255}$/.test(v) ? undefined : 'must be 1-255 printable ASCII characters without whitespace';

/** Kubernetes namespace: a DNS-1123 label (RFC 1123), at most 63 characters. */
export const namespaceRule: RuleCheck = (v) =>
  v.length <= 63 && DNS1123_LABEL.test(v)
    ? undefined
    : 'must be a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';

/** Kubernetes ServiceAccount name: a DNS-1123 subdomain, at most 253 characters. */
export const serviceAccountNameRule: RuleCheck = (v) =>
  v.length <= 253 && DNS1123_SUBDOMAIN.test(v)
    ? undefined
    : 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit';

/**
 * IAM (federated) user name: 1–32 characters of letters, digits, spaces, `-`, `_` and `.`, not
 * starting with a digit nor starting or ending with a space (IAM "Creating an IAM User").
 */
export const iamUserNameRule: RuleCheck = (v) =>
  /^[A-Za-z_.\- ][A-Za-z0-9_.\- ]{0,31}$/.test(v) && v.trim() === v
    ? undefined
    : 'must be 1-32 characters of letters, digits, spaces, "-", "_" and ".", not starting with a digit nor starting or ending with a space';

/**
 * IAM user group name: 1–64 characters of letters, digits, spaces, `-`, `_` and `.`, not starting
 * or ending with a space (IAM "Creating a User Group").
 */
export const iamGroupNameRule: RuleCheck = (v) =>
  /^[A-Za-z0-9_.\- ]{1,64}$/.test(v) && v.trim() === v
    ? undefined
    : 'must be 1-64 characters of letters, digits, spaces, "-", "_" and ".", not starting or ending with a space';

/** Huawei Cloud region ID such as `cn-north-4` or `ap-southeast-1`. */
export const regionRule: RuleCheck = (v) =>
  /^[a-z]{2}-[a-z]+-[0-9]+$/.test(v) ? undefined : 'must be a Huawei Cloud region ID such as "cn-north-4" or "ap-southeast-1"';

/** Huawei Cloud project ID: 32 lowercase hexadecimal characters. */
export const projectIdRule: RuleCheck = (v) =>
  /^[0-9a-f]{32}$/.test(v) ? undefined : 'must be a project ID of 32 lowercase hexadecimal characters (IAM console > My Credentials > Projects)';

/** Token issuer: an `https` URL without credentials, query or fragment, at most 255 characters. */
export const issuerRule: RuleCheck = (v) => {
  const url = parseUrl(v);
  if (url && (url.username !== '' || url.password !== '')) {
    return 'must not hold credentials ("user:password@"): the issuer is the public "iss" claim of the tokens';
  }
  if (!url || url.protocol !== 'https:' || url.search !== '' || url.hash !== '' || v.includes('?') || v.includes('#') || v.length > 255) {
    return 'must be an https URL without query or fragment, at most 255 characters (CCE clusters use "https://kubernetes.default.svc.cluster.local")';
  }
  return undefined;
};

/**
 * Token issuer, softer check: OIDC compares `iss` byte for byte, and kube-apiserver issuers have no
 * trailing "/", so one there (a common copy-paste slip) makes IAM reject every token.
 */
export const issuerTrailingSlashRule: RuleCheck = (v) =>
  v.endsWith('/') ? 'ends with "/"; IAM compares it byte for byte with the tokens\' "iss" claim, which kube-apiserver writes without one' : undefined;

/** IAM endpoint: an `https` URL without path, query or fragment; plain `http` only on a loopback host. */
export const iamEndpointRule: RuleCheck = (v) => {
  const url = parseUrl(v);
  if (url && (url.username !== '' || url.password !== '')) {
    return 'must not hold credentials ("user:password@"); the SDK authenticates with the workload\'s token';
  }
  const ok = url
    && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    && (url.pathname === '/' || url.pathname === '')
    && url.search === '' && url.hash === '' && !v.includes('?') && !v.includes('#');
  return ok ? undefined : 'must be an https URL without path, query or fragment (http only for a loopback host), e.g. "https://iam.cn-north-4.myhuaweicloud.com"';
};

/**
 * Projected token file name: a relative path without `..` elements, empty segments, a leading
 * `..` (the kubelet's atomic writer keeps its `..data` links there) or elements over 255 bytes
 * (kube-apiserver `validateLocalNonReservedPath`, kubelet `AtomicWriter.validatePath`).
 */
export const tokenPathRule: RuleCheck = (v) => {
  const parts = v.split('/');
  return v.length > 0 && v.length <= 4096 && !v.startsWith('/') && !v.startsWith('..')
    && parts.every((p) => p !== '' && p !== '..' && p !== '.' && Buffer.byteLength(p) <= 255) && !/[\0\n\r]/.test(v)
    ? undefined
    : 'must be a relative file path without ".." or "." elements, empty segments, a leading "/" or "..", or elements over 255 bytes';
};

/** Mount path: an absolute, normalized path. */
export const mountPathRule: RuleCheck = (v) => {
  const parts = v.split('/').slice(1);
  return v.startsWith('/') && v.length > 1 && parts.every((p) => p !== '' && p !== '..' && p !== '.') && !/[\0\n\r:]/.test(v)
    ? undefined
    : 'must be an absolute, normalized directory path (no trailing "/", "..", "." or ":"), not "/"';
};

/** What a value that looks like a credential is shown as: never echoed. */
export type SecretKind = 'JWT' | 'PEM key' | 'URL credentials';

/**
 * Whether a value pasted into a name field is a credential: a JWT (e.g. a ServiceAccount token
 * pasted as the client ID), a PEM block, or a URL with `user:password@`. Such values are never
 * echoed in messages.
 */
export function secretKind(value: unknown): SecretKind | undefined {
  if (typeof value !== 'string') return undefined;
  if (/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.?/.test(value)) return 'JWT';
  if (/-----BEGIN [A-Z ]*-----/.test(value)) return 'PEM key';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*:[^/?#@]*@/i.test(value)) return 'URL credentials';
  return undefined;
}

/** Whether `host` names the loopback interface (the runtime's single definition). */
export { isLoopbackHost };

function parseUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/**
 * A Kubernetes name close to `value` for a fix suggestion: lowercased, every other character
 * replaced by "-", each dot-separated part (a label has one) trimmed to start and end with a
 * letter or digit, cut to the maximum length. `undefined` when nothing valid is left.
 */
export function suggestDnsName(value: string, kind: 'label' | 'subdomain'): string | undefined {
  const max = kind === 'label' ? 63 : 253;
  const trim = (part: string): string => part.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const allowed = kind === 'label' ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g;
  const parts = value.toLowerCase().replace(allowed, '-').split('.').map(trim).filter((p) => p !== '');
  const suggestion = trim(parts.join('.').slice(0, max).replace(/\.+$/, ''));
  const rule = kind === 'label' ? namespaceRule : serviceAccountNameRule;
  return suggestion !== '' && rule(suggestion) === undefined ? suggestion : undefined;
}
