/**
 * What `WorkloadIdentityCredentials.fetch` decides: the hosts it may send the IAM token to, and which
 * request bodies it may send twice (split from provider.ts).
 */
import { isLoopbackHost } from '../contract/loopback';

/** Default hosts the `fetch` wrapper sends the IAM token to. */
export const DEFAULT_AUTH_HOSTS: ReadonlyArray<string> = Object.freeze([
  '.myhuaweicloud.com',
  '.huaweicloud.com',
  '.myhuaweicloud.eu',
  '.huaweicloud.eu',
]);

/** Whether the IAM token may be sent to `url` (https or loopback, and an allowed host). Pure. */
export function isAuthDestinationAllowed(url: URL, allowed: ReadonlyArray<string | RegExp>, iamEndpoint: string): boolean {
  const host = url.hostname.toLowerCase();
  if (isLoopbackHost(host)) return url.protocol === 'http:' || url.protocol === 'https:';
  if (url.protocol !== 'https:') return false;
  if (host === new URL(iamEndpoint).hostname.toLowerCase()) return true;
  return allowed.some((entry) =>
    typeof entry === 'string'
      ? entry.startsWith('.')
        ? host.endsWith(entry.toLowerCase()) && host.length > entry.length
        : host === entry.toLowerCase()
      : entry.test(host),
  );
}

/** Whether a request body can be sent again (after a 401 and a token refresh). */
export function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    body instanceof Uint8Array
  );
}
