/**
 * Naming rules for every field of a declaration, each with its source. Pure functions that
 * return `undefined` when the value is allowed, or the rule that was broken.
 */
import { PROVIDER_NAME_PATTERN } from '../../contract/sdk-env';
import { isLoopbackHost } from '../../contract/loopback';
import { PROJECT_ID_PATTERN, REGION_PATTERN } from '../../contract/names';
import { redactSecrets, type SecretKind, secretKind } from '../../contract/secrets';
import { INVISIBLE_CLASS } from '../../contract/invisible';

/** A rule check: `undefined` when the value is allowed, otherwise what is allowed. */
export type RuleCheck = (value: string) => string | undefined;

/**
 * Whitespace (JavaScript's `\s`: space, tab, newlines, NBSP, U+2028/2029, BOM, ...) and control or
 * invisible formatting characters (Unicode Cc, Cf — zero-width and bidi controls — and lone
 * surrogates, Cs).
 */
const NOT_EXACT = new RegExp(`[\\s${INVISIBLE_CLASS}]`, 'u');

/**
 * Characters no field that reaches IAM, Terraform or the manifests may hold, even free text:
 * control characters (Cc), format characters (Cf: zero-width space U+200B, soft hyphen U+00AD,
 * word joiner U+2060, bidi overrides such as U+202E, tags), lone surrogates (Cs), private-use
 * characters (Co), the line and paragraph separators, and every other default-ignorable code point
 * (variation selectors, Hangul fillers, combining grapheme joiner): invisible in a console, they
 * make a name, URN or condition that never matches what the user sees. One character class, so
 * the check is one linear scan.
 */
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}\\u2028\\u2029]`, 'u');

/** Names of the invisible characters people paste most, for messages. */
const CHAR_NAMES: Record<number, string> = {
  0x09: 'tab', 0x0a: 'line feed', 0x0d: 'carriage return', 0x20: 'space', 0xa0: 'no-break space',
  0x200b: 'zero-width space', 0x2028: 'line separator', 0x2029: 'paragraph separator', 0xfeff: 'byte order mark',
  0xad: 'soft hyphen', 0x200c: 'zero-width non-joiner', 0x200d: 'zero-width joiner', 0x2060: 'word joiner',
  0x202a: 'left-to-right embedding', 0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override', 0x202e: 'right-to-left override', 0x2066: 'left-to-right isolate', 0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate', 0x2069: 'pop directional isolate', 0x200e: 'left-to-right mark', 0x200f: 'right-to-left mark',
};

/** `U+XXXX name` of the character at the start of `match`. */
function describeChar(match: string): string {
  const code = match.codePointAt(0) ?? 0;
  const name = CHAR_NAMES[code];
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''}`;
}

/**
 * The shared guard of every string that reaches IAM (names, descriptions, actions, resource URNs,
 * condition keys and values, provider name, URL and client ID): `undefined`, or what was found
 * where ({@link INVISIBLE}). Linear.
 */
export const visibleTextRule: RuleCheck = (v) => {
  const match = INVISIBLE.exec(v);
  return match
    ? `must not contain control or invisible formatting characters (found ${describeChar(match[0])} at index ${match.index})`
    : undefined;
};

/**
 * The guard every name, ID, URL and path passes before its own rule: the string is written as
 * given (to Terraform, the pod environment, the manifests), so nothing is trimmed or normalised
 * first, and any whitespace or control character is an error — a trailing newline from a file, a
 * tab or a zero-width space makes an issuer that never equals a token's `iss`, or an endpoint
 * that breaks the SDKs.
 */
export const exactStringRule: RuleCheck = (v) => {
  const match = NOT_EXACT.exec(v);
  if (!match) return undefined;
  return `must be written exactly, without whitespace or control characters (found ${describeChar(match[0])} at index ${match.index})`;
};

/**
 * Checks a value due to be a string: its type (without calling anything on it), then
 * {@link exactStringRule} and the field's own `rule`, both on the string as given (the field's
 * rule first in the message when both fail). With `innerSpaces`, U+0020 spaces inside the string
 * (not at either end) pass the guard: IAM user and group names. Never throws, whatever `value` is.
 */
export function checkExactString(value: unknown, rule: RuleCheck, innerSpaces = false): string | undefined {
  if (typeof value !== 'string') return `must be a string (got ${describeType(value)})`;
  // IAM user and group names may hold spaces inside (not at either end).
  const inner = innerSpaces && value.length > 2 ? `${value[0]}${value.slice(1, -1).replace(/ /g, '_')}${value[value.length - 1]}` : value;
  const exact = exactStringRule(inner);
  const own = rule(value);
  return exact !== undefined && own !== undefined ? `${own}; it ${exact}` : exact ?? own;
}

/**
 * Like {@link checkExactString} for free text (a description): spaces are allowed, control and
 * invisible formatting characters are not.
 */
export function checkText(value: unknown, rule: RuleCheck): string | undefined {
  if (typeof value !== 'string') return `must be a string (got ${describeType(value)})`;
  return visibleTextRule(value) ?? rule(value);
}

/** What a value is, for "must be a string (got ...)": never calls the value's own methods. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'bigint': return 'a bigint';
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'string': return 'a string';
    default: break;
  }
  if (Array.isArray(value)) return 'an array';
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(value);
  } catch {
    return 'an object';
  }
  if (proto === null) return 'an object without prototype';
  if (proto === Object.prototype) return 'an object';
  const ctor = (proto as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' && typeof ctor.name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(ctor.name) ? ctor.name : undefined;
  return name ? `an instance of ${name}` : 'an object';
}

/**
 * A value as text for strings the library derives from user input (names, URNs, descriptions,
 * keys): strings as they are, anything else described (`<a symbol>`). Never throws, whatever the
 * value, so a wrong type is reported by validation instead of crashing a template literal.
 */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : `<${describeType(value)}>`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What `huaweicloud_identity_provider_conversion` strips from its resource ID to read `provider_id`
 * back: every occurrence, case-sensitively (terraform-provider-huaweicloud v1.97.1,
 * huaweicloud/services/iam/resource_huaweicloud_identity_provider_conversion.go, Read:
 * `strings.ReplaceAll(conversionID, "mapping_", "")`, the ID being `"mapping_" + provider_id`).
 */
export const CONVERSION_ID_PREFIX = 'mapping_';

/**
 * IAM identity provider name (also `X-Idp-Id`): 1–64 characters of letters, digits, `_` and `-`
 * (huaweicloud_identity_provider `name`). UNVERIFIED against the API reference: "Creating an [unverified:provider-name-rule]
 * Identity Provider" (KeystoneCreateIdentityProvider, iam_13_0204) states no limit for the name
 * (nor for `description`, which this library caps at 255); the provider's docs
 * (docs/resources/identity_provider.md, v1.97.1) give the 64-character maximum and the characters. It must not
 * contain `mapping_` (see {@link CONVERSION_ID_PREFIX}): the conversion would read back another
 * `provider_id`, and as that attribute is ForceNew every plan would replace the conversion.
 */
export const providerNameRule: RuleCheck = (v) => {
  if (!PROVIDER_NAME_PATTERN.test(v)) return 'must be 1-64 characters of letters, digits, "_" and "-"';
  if (v.includes(CONVERSION_ID_PREFIX)) {
    return `must not contain "${CONVERSION_ID_PREFIX}": huaweicloud_identity_provider_conversion reads provider_id back from its ID "mapping_<name>" `
      + `by removing every "${CONVERSION_ID_PREFIX}" (strings.ReplaceAll in the provider's resource_huaweicloud_identity_provider_conversion.go), so `
      + 'this name would read back changed and, provider_id being ForceNew, every plan would replace the conversion';
  }
  return undefined;
};

/**
 * Length limits of an IAM OpenID Connect identity provider configuration. Source: Huawei Cloud IAM
 * API reference, "Creating an OpenID Connect Identity Provider Configuration"
 * (CreateOpenIdConnectConfig, iam_13_0207, Table 4; the same limits in "Modifying ...", iam_13_0208):
 * `idp_url` 10–255, `client_id` 5–255, `signing_key` 10–30,000 characters. The Terraform provider
 * passes `provider_url`, `client_id` and `signing_key` through unchecked
 * (resource_huaweicloud_identity_provider.go has no ValidateFunc for them), so IAM's limits apply at apply time.
 */
export const OIDC_CONFIG_LIMITS = {
  /** `idp_url` (the provider URL = token issuer). */
  idpUrl: { min: 10, max: 255 },
  /** `client_id` (= token audience). */
  clientId: { min: 5, max: 255 },
  /** `signing_key` (the JWKS as JSON). */
  signingKey: { min: 10, max: 30000 },
} as const;

/** OIDC client ID (= token audience): 5–255 printable ASCII characters, no whitespace (IAM iam_13_0207). */
export const clientIdRule: RuleCheck = (v) => {
  const { min, max } = OIDC_CONFIG_LIMITS.clientId;
  return new RegExp(`^[\\x21-\\x7e]{${min},${max}}$`).test(v)
    ? undefined
    : `must be ${min}-${max} printable ASCII characters without whitespace (IAM's client_id limits, API iam_13_0207)`;
};

/** The provider's `signing_key` (the JWKS JSON): 10–30,000 characters (IAM iam_13_0207). */
export const signingKeyRule: RuleCheck = (v) => {
  const { min, max } = OIDC_CONFIG_LIMITS.signingKey;
  return v.length >= min && v.length <= max
    ? undefined
    : `must be ${min}-${max} characters as JSON (IAM's signing_key limits, API iam_13_0207); it is ${v.length}`;
};

/** Kubernetes namespace: a DNS-1123 label (RFC 1123), at most 63 characters. */
export const namespaceRule: RuleCheck = (v) =>
  v.length <= 63 && DNS1123_LABEL.test(v)
    ? undefined
    : 'must be a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';

/** Kubernetes ServiceAccount name: a DNS-1123 subdomain, at most 253 characters. */
export const serviceAccountNameRule: RuleCheck = (v) =>
  v.length <= 253 && DNS1123_SUBDOMAIN.test(v)
    ? undefined
    : 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending '
      + 'with a letter or digit';

/**
 * Kubernetes volume name: a DNS-1123 label, at most 63 characters (kube-apiserver
 * `ValidateVolumes` checks `IsDNS1123Label`, k8s.io/kubernetes pkg/apis/core/validation).
 */
export const volumeNameRule: RuleCheck = (v) =>
  v.length <= 63 && DNS1123_LABEL.test(v)
    ? undefined
    : 'must be a DNS-1123 label, as Kubernetes requires of volume names: at most 63 lowercase letters, digits and "-", starting and ending '
      + 'with a letter or digit';

/** `qualifiedNameFmt` of k8s.io/apimachinery/pkg/util/validation (label and annotation key names, label values). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Kubernetes label or annotation key: `[prefix/]name`, the prefix a DNS-1123 subdomain of at most
 * 253 characters, the name at most 63 characters of letters, digits, "-", "_" and "." starting and
 * ending with a letter or digit (apimachinery `IsQualifiedName`).
 */
export const qualifiedNameRule: RuleCheck = (v) => {
  const slash = v.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : v.slice(0, slash);
  const name = slash === -1 ? v : v.slice(slash + 1);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name)
    ? undefined
    : 'must be a Kubernetes qualified name: an optional DNS-1123 subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", '
      + 'starting and ending with a letter or digit';
};

/** Kubernetes label value: empty, or at most 63 characters as a qualified name's name part (apimachinery `IsValidLabelValue`). */
export const labelValueRule: RuleCheck = (v) =>
  v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v))
    ? undefined
    : 'must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

/**
 * IAM (federated) user name: 1–32 characters of letters, digits, spaces, `-`, `_` and `.`, not
 * starting with a digit nor starting or ending with a space (IAM "Creating an IAM User"). The inner
 * space of IAM user and group names is the one whitespace character any field accepts, because
 * IAM's own rule includes it (checked with `checkExactString(v, rule, true)`); tabs, no-break
 * spaces and every other whitespace or control character are still rejected.
 */
export const iamUserNameRule: RuleCheck = (v) =>
  /^[A-Za-z_.\- ][A-Za-z0-9_.\- ]{0,31}$/.test(v) && !v.startsWith(' ') && !v.endsWith(' ')
    ? undefined
    : 'must be 1-32 characters of letters, digits, spaces, "-", "_" and ".", not starting with a digit nor starting or ending with a space';

/**
 * IAM user group name: 1–128 characters of letters, digits, spaces, `-` and `_`, not starting or
 * ending with a space; inner spaces as for user names. Sources: terraform-provider-huaweicloud
 * v1.97.1 docs/resources/identity_group.md (`name`: letters, digits, spaces, "_" and "-", which
 * also allows Chinese characters) and IAM v5 CreateGroupV5 (`group_name`: letters, digits,
 * spaces, "_" and "-"); length 128 from IAM "Notes and Constraints" (iam_01_0305). No ".".
 * Chinese characters are not accepted here: the v5 API does not allow them. The library's own
 * dedicated group names (`IamGroup.dedicatedGroupName`) satisfy the same rule. Linear time: one
 * character class, bounded length.
 */
export const IAM_GROUP_NAME_PATTERN = /^[A-Za-z0-9_\- ]{1,128}$/;

/** See {@link IAM_GROUP_NAME_PATTERN}. */
export const iamGroupNameRule: RuleCheck = (v) =>
  IAM_GROUP_NAME_PATTERN.test(v) && !v.startsWith(' ') && !v.endsWith(' ')
    ? undefined
    : 'must be 1-128 characters of letters, digits, spaces, "-" and "_" (no "."), not starting or ending with a space '
      + '(IAM user group names: provider docs identity_group.md, IAM v5 CreateGroupV5, iam_01_0305)';

/** Huawei Cloud region ID such as `cn-north-4` or `ap-southeast-1`. */
export const regionRule: RuleCheck = (v) =>
  REGION_PATTERN.test(v) ? undefined : 'must be a Huawei Cloud region ID such as "cn-north-4" or "ap-southeast-1"';

/** Huawei Cloud project ID: 32 lowercase hexadecimal characters. */
export const projectIdRule: RuleCheck = (v) =>
  PROJECT_ID_PATTERN.test(v) ? undefined : 'must be a project ID of 32 lowercase hexadecimal characters (IAM console > My Credentials > Projects)';

/** A host as written in a URL: a DNS name, a dotted IPv4 address, or a bracketed IPv6 literal. */
const URL_HOST = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])';
const URL_PORT = '(?::[0-9]{1,5})?';
/** RFC 3986 path characters: unreserved, percent-encoded, sub-delims, ":", "@" and "/". */
const URL_PATH = "(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*";
const ISSUER_SHAPE = new RegExp(`^https://${URL_HOST}${URL_PORT}${URL_PATH}$`);
const ENDPOINT_SHAPE = new RegExp(`^(https?)://(${URL_HOST})${URL_PORT}/?$`);
/** `scheme://user:password@` or `scheme://user@`, in the raw string. */
const URL_USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/*[^/?#@]*@/;

/**
 * Token issuer: the raw string must already be an absolute `https://` URL — literally that
 * scheme and `//`, a host, an optional port and path, no credentials, query or fragment — of
 * 10–255 characters (IAM's `idp_url` limits, iam_13_0207). The string is checked as written and
 * only then parsed, because `new URL()` repairs input (`https:host`, `HTTPS://`, `\` for `/`)
 * that IAM then compares byte for byte with each token's `iss`.
 */
export const issuerRule: RuleCheck = (v) => {
  const { min, max } = OIDC_CONFIG_LIMITS.idpUrl;
  // The length first: the shape pattern is linear but backtracks up to 62 steps per host character.
  if (v.length > max) return `must be ${min}-${max} characters (IAM's idp_url limits, API iam_13_0207); it is ${v.length}`;
  if (URL_USERINFO.test(v)) {
    return 'must not hold credentials ("user:password@"): the issuer is the public "iss" claim of the tokens';
  }
  if (!ISSUER_SHAPE.test(v) || parseUrl(v) === undefined) {
    return 'must be an https URL written as "https://<host>[:port][/path]", without query or fragment (CCE clusters use '
      + '"https://kubernetes.default.svc.cluster.local")';
  }
  if (v.length < min || v.length > max) {
    return `must be ${min}-${max} characters (IAM's idp_url limits, API iam_13_0207); it is ${v.length}`;
  }
  return undefined;
};

/**
 * Token issuer, softer check: OIDC compares `iss` byte for byte, and kube-apiserver issuers have no
 * trailing "/", so one there (a common copy-paste slip) makes IAM reject every token.
 */
export const issuerTrailingSlashRule: RuleCheck = (v) =>
  v.endsWith('/') ? 'ends with "/"; IAM compares it byte for byte with the tokens\' "iss" claim, which kube-apiserver writes without one' : undefined;

/**
 * IAM endpoint: the raw string must be `https://<host>[:port]` (a trailing `/` allowed), or
 * `http://` with a loopback host; no path, query, fragment or credentials. Checked as written,
 * then parsed, for the same reason as {@link issuerRule}: the SDKs read it verbatim from the pod.
 */
export const iamEndpointRule: RuleCheck = (v) => {
  if (URL_USERINFO.test(v)) {
    return 'must not hold credentials ("user:password@"); the SDK authenticates with the workload\'s token';
  }
  const shape = ENDPOINT_SHAPE.exec(v);
  const url = shape ? parseUrl(v) : undefined;
  const ok = shape !== null && url !== undefined && (shape[1] === 'https' || isLoopbackHost(url.hostname));
  return ok
    ? undefined
    : 'must be an https URL written as "https://<host>[:port]", without path, query or fragment (http only for a loopback host), e.g. '
      + '"https://iam.cn-north-4.myhuaweicloud.com"';
};

/**
 * IAM endpoint, softer check: the Go SDK prefixes `https://` to any IAM endpoint that does not
 * start with it (huaweicloud-sdk-go-v3 core/auth/internal/iam_helper.go, GetIamEndpoint), so an
 * `http://` endpoint works only with the Node SDK and this package's runtime.
 */
export const iamEndpointPlainHttpRule: RuleCheck = (v) =>
  v.startsWith('http://')
    ? 'uses plain http: the Go SDK turns it into "https://http://..." (it prefixes https:// to any IAM endpoint lacking it), so only the Node SDK '
      + 'and this package\'s runtime can use it'
    : undefined;

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

/** The secret patterns and the declaration's redaction: the single definition, in lib/contract. */
export { redactSecrets, secretKind };
export type { SecretKind };

/** Whether `host` names the loopback interface (the single definition, in lib/contract). */
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
  // Trimmed by hand: `/[^a-z0-9]+$/` backtracks on a long run of such characters not at the end.
  const alnum = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  const trim = (part: string): string => {
    let start = 0;
    let end = part.length;
    while (start < end && !alnum(part[start])) start += 1;
    while (end > start && !alnum(part[end - 1])) end -= 1;
    return part.slice(start, end);
  };
  const allowed = kind === 'label' ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g;
  const parts = value.toLowerCase().replace(allowed, '-').split('.').map(trim).filter((p) => p !== '');
  const suggestion = trim(parts.join('.').slice(0, max));
  const rule = kind === 'label' ? namespaceRule : serviceAccountNameRule;
  return suggestion !== '' && rule(suggestion) === undefined ? suggestion : undefined;
}
