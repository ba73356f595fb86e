/**
 * The one loopback check of the package (runtime endpoint validation, the core declaration rules
 * and the emulator's listen guard all use it). Part of lib/contract, so it imports nothing: the
 * runtime, lib/core and lib/testing all import it from here.
 *
 * "Loopback" decides where plain `http://` may carry a ServiceAccount JWT or an IAM token, so only
 * names that cannot leave the host are accepted:
 *
 * - `localhost` (any letter case: host names are case-insensitive and `URL` lowercases them);
 * - a canonical dotted quad in 127.0.0.0/8 (four decimal octets, each 0-255, no leading zeros —
 *   the form `URL.hostname` produces; `new URL('http://127.1').hostname` is `127.0.0.1`);
 * - `::1`, with or without brackets (`URL.hostname` keeps them: `[::1]`).
 *
 * Deliberately refused:
 * - `*.localhost` (e.g. `foo.localhost`): RFC 6761 asks resolvers to keep it on loopback, but not
 *   every resolver, proxy or `/etc/hosts` does, so DNS may send it elsewhere;
 * - names that merely contain a loopback address (`127.0.0.1.nip.io`), shorthand or non-canonical
 *   IPv4 (`127.1`, `0177.0.0.1`, `127.000.000.001`) when passed as a raw string, `0.0.0.0`
 *   (all interfaces, not loopback), a trailing-dot `localhost.`;
 * - IPv4-mapped IPv6 (`::ffff:127.0.0.1`, which `URL` writes as `[::ffff:7f00:1]`) and other
 *   spellings of `::1` (`0:0:0:0:0:0:0:1`): refusing them only means using `https` or a canonical
 *   spelling, never sending a token off the host.
 */

/** 0-255 in canonical decimal (no leading zeros). */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const LOOPBACK_IPV4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/**
 * Whether `host` (a host name or IP literal, e.g. `URL.hostname`) names the loopback interface:
 * `localhost`, `127.x.y.z` or `::1` / `[::1]` only. See the module comment for what is refused.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === '::1' || host === '[::1]') return true;
  if (host.toLowerCase() === 'localhost') return true;
  return LOOPBACK_IPV4.test(host);
}
