/**
 * Who is the client? The ONE answer used by HTTP (fastify's `request.ip`) and by sockets (the
 * socket.io handshake), so a rate-limit budget keyed by address is the same budget on both.
 *
 * X-Forwarded-For is written by whoever sends the request; only the entries added by our own
 * proxies mean anything. We walk it from the nearest hop outwards (`@fastify/proxy-addr`, the
 * code fastify itself uses) and stop at the first hop we do not trust:
 * - `false`: trust nothing; the TCP peer is the client, whatever the header says;
 * - N hops: the N nearest addresses (the TCP peer first) are our proxies;
 * - a list of addresses / CIDRs: a hop is a proxy only when its address is in the list.
 * fastify 5 ignores a bare number for `trustProxy` (it fails closed), so it gets this function.
 */
import type { IncomingHttpHeaders } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** `(address, hop)` → is this hop one of our proxies? hop 0 is the TCP peer. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** Stands in when a transport lost its peer address (it happens after a socket closed). */
export const UNKNOWN_ADDRESS = 'unknown';

export function compileProxyTrust(setting: false | number | readonly string[]): ProxyTrust {
  if (setting === false) return () => false;
  if (typeof setting === 'number') {
    const hops = setting;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile([...setting]);
}

/**
 * The client's address from a peer address and the request headers, for transports that are
 * not a fastify request (the socket.io handshake: `socket.handshake.address` + headers).
 */
export function clientAddress(peerAddress: string | undefined, headers: IncomingHttpHeaders, trust: ProxyTrust): string {
  const request = { socket: { remoteAddress: peerAddress }, headers } as unknown as Parameters<typeof proxyAddr>[0];
  const addresses = proxyAddr.all(request, trust);
  return addresses[addresses.length - 1] ?? peerAddress ?? UNKNOWN_ADDRESS;
}
